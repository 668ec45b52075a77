import { afterAll, expect, test } from 'vitest';
import { runMain } from '../support/context.js';
import { latestSession, tableRows } from '../support/commands-helpers.js';
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
