import { afterAll, expect, test } from 'vitest';
import { runMain } from '../support/context.js';
import { detailOf, latestSession, tableRows } from '../support/commands-helpers.js';
import { makeHome } from '../support/home.js';

const home = makeHome();
afterAll(() => home.cleanup());

test('show tells a skipped question from one an unfinished interview has not reached', async () => {
  const run = await runMain(['start', '--type', 'behavioral', '--count', '3', '--new'], {
    env: home.env,
    steps: [{ answer: { kind: 'answer', text: 'First answer' } }, { answer: { kind: 'skip' } }, { answer: { kind: 'stop' } }],
  });
  expect(run.code).toBe(0);
  const session = await latestSession(home.env);
  const show = await runMain(['show', session.id.slice(0, 8)], { env: home.env });
  expect(show.code).toBe(0);
  expect(show.stdout).toContain('   First answer\n');
  expect(show.stdout.match(/\(skipped\)|\(not reached yet\)/g)).toEqual(['(skipped)', '(not reached yet)']);
  expect(tableRows(show.stdout).map((row) => row.slice(2))).toEqual([
    ['Time', 'Words'],
    [expect.stringMatching(/^\d+:\d\d$/), '2'],
    ['skipped', '—'],
    ['—', '—'],
  ]);
});

test('escape sequences in a stored answer are shown, not obeyed; --json keeps them exact', async () => {
  const hostile = 'Before\x1b[2J\x1b]0;pwned\x07 \u009b31m red\rOVER\nline two';
  const run = await runMain(['start', '--type', 'technical', '--count', '1', '--new'], { env: home.env, steps: [{ answer: { kind: 'answer', text: hostile } }] });
  expect(run.code).toBe(0);
  // The results table, written as the interview ends, shows no raw escape either.
  expect(run.rawStdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  const session = await latestSession(home.env);
  const show = await runMain(['show', session.id], { env: home.env });
  expect(show.code).toBe(0);
  expect(show.rawStdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  expect(show.rawStdout).toContain('   Before␛[2J␛]0;pwned␇ <U+009B>31m red␍OVER\n   line two\n');
  const detail = await detailOf(home.env, session.id);
  expect(detail.questions[0]?.responseText).toBe(hostile);
  const json = await runMain(['show', session.id, '--json'], { env: home.env });
  expect(json.rawStdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
});

test('in a 40-column terminal the tables of history and show fit (prose wraps as the terminal wraps it)', async () => {
  const session = await latestSession(home.env);
  const history = await runMain(['history'], { env: home.env, tty: true, columns: 40 });
  expect(history.code, history.stderr).toBe(0);
  expect(Math.max(...history.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(40);
  expect(history.stdout).toContain(`ID        ${session.id.slice(0, 8)}\n`);
  const show = await runMain(['show', session.id], { env: home.env, tty: true, columns: 40 });
  expect(show.code, show.stderr).toBe(0);
  const table = show.stdout.slice(show.stdout.lastIndexOf('\n#  '));
  expect(table).toMatch(/^\n#\s+1\nQuestion\s+\S/);
  expect(Math.max(...table.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(40);
});

test('a one-word answer is "1 word", in show as when it was saved', async () => {
  const run = await runMain(['start', '--type', 'technical', '--count', '1', '--new'], { env: home.env, steps: [{ answer: { kind: 'answer', text: 'Idempotency.' } }] });
  expect(run.stderr).toMatch(/✓ Saved · \d+:\d\d · 1 word\n/);
  const show = await runMain(['show', (await latestSession(home.env)).id], { env: home.env });
  expect(show.stdout).toMatch(/ {3}\d+:\d\d · 1 word\n/);
});
