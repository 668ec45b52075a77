import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backendIdentity } from '../../src/journal/destination.js';
import { LocalQuestionBank } from '../../src/journal/question-bank.js';
import { runCli } from '../support/cli.js';
import { runMain } from '../support/context.js';
import { detailOf, FakeClock, historyOf, latestSession, progressLines, SKIP, tableRows, typed } from '../support/commands-helpers.js';
import { makeHome } from '../support/home.js';
import { RATE_PROMPT } from '../../src/ui/prompter.js';

const home = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
const env = home.env;
beforeAll(async () => {
  // Creates the database once, so that no test sees the first-run spinner.
  expect((await runMain(['history', '--json'], { env })).code).toBe(0);
});
afterAll(() => home.cleanup());

// Quotes, backslashes, emoji, an SQL fragment, a tab, several lines: 12 words.
const TRICKY = `He said "it's fine" \\o/ — 'quoted' 🚀\n'); drop table interview_responses; --\n\ttabbed line, café`;
// 100,000 characters, 20,000 words.
const LONG = `${'word '.repeat(19_999)}last!`;

describe('amplify start, interactive', () => {
  test('asks type, domain, count and time limit, runs the interview, asks a rating after each answer, prints the results and stores every answer byte for byte', async () => {
    const clock = new FakeClock();
    const run = await runMain(['start'], {
      env,
      tty: true,
      clock: clock.read,
      steps: [
        { select: 'Which interview?', choose: 'custom' },
        { select: 'Which domain?', choose: 'frontend' },
        { number: 'How many questions? (1–12)', answer: 4 },
        { number: 'Time limit per question', answer: 90 },
        typed(clock, TRICKY, 30),
        { rate: 'good' },
        SKIP,
        typed(clock, LONG, 75),
        { rate: 'hard' },
        typed(clock, 'Two words.', 120),
        { rate: null },
      ],
    });
    expect(run.code, run.stderr).toBe(0);
    run.prompter.assertDone();
    expect(run.prompter.asked).toEqual([
      'select: Which interview?',
      'select: Which domain?',
      'number: How many questions? (1–12)',
      'number: Time limit per question in seconds (0 for none)',
      'answer: answer',
      `rate: ${RATE_PROMPT}`,
      'answer: answer',
      'answer: answer',
      `rate: ${RATE_PROMPT}`,
      'answer: answer',
      `rate: ${RATE_PROMPT}`,
    ]);

    const session = await latestSession(env);
    expect(session).toMatchObject({ interviewType: 'custom', customDomain: 'frontend', questionCount: 4, answeredCount: 3, duration: 225 });
    expect(session.completedAt).not.toBeNull();

    const detail = await detailOf(env, session.id.slice(0, 6));
    expect(detail.id).toBe(session.id);
    expect(detail.config).toEqual({ questionCount: 4, timeLimitSeconds: 90 });
    expect(detail.questions.map((q) => q.questionId.split('-')[0])).toEqual(['frontend', 'frontend', 'frontend', 'frontend']);
    expect(detail.questions.map((q) => [q.responseText, q.duration, q.rating])).toEqual([
      [TRICKY, 30, 'good'],
      [null, null, null],
      [LONG, 75, 'hard'],
      ['Two words.', 120, null],
    ]);

    const q = detail.questions.map((x) => x.questionText);
    expect(run.stderr).toContain(`\nCustom · frontend interview · 4 questions · ${session.id.slice(0, 8)}\n`);
    expect(progressLines(run.stderr)).toEqual([
      'Question 1 of 4 · 0:00 elapsed · limit 1:30',
      '✓ Saved · 0:30 · 12 words',
      'Question 2 of 4 · 0:30 elapsed · limit 1:30',
      'Skipped.',
      'Question 3 of 4 · 0:30 elapsed · limit 1:30',
      '✓ Saved · 1:15 · 20000 words',
      'Question 4 of 4 · 1:45 elapsed · limit 1:30',
      '✓ Saved · 2:00 · 2 words · over the time limit',
      'Interview complete in 3:45.',
    ]);
    for (const text of q) expect(run.stderr).toContain(`\n${text}\n`);

    // The results page goes to stdout, and nothing else does.
    expect(tableRows(run.stdout)).toEqual([
      ['#', 'Question', 'Time', 'Words'],
      ['1', q[0], '0:30', '12'],
      ['2', q[1], 'skipped', '—'],
      ['3', q[2], '1:15', '20000'],
      ['4', q[3], '2:00 !', '2'],
    ]);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('! over the time limit of 1:30');
  });

  test('a type without domains asks no domain, and the count offered is what the bank holds', async () => {
    const clock = new FakeClock();
    const run = await runMain(['start', '--no-rate'], {
      env,
      tty: true,
      clock: clock.read,
      steps: [
        { select: 'Which interview?', choose: 'System design' },
        { number: 'How many questions? (1–20)', answer: 1 },
        { number: 'Time limit', answer: 0 },
        typed(clock, 'Shard by user id.', 42),
      ],
    });
    expect(run.code, run.stderr).toBe(0);
    run.prompter.assertDone();
    expect(progressLines(run.stderr)).toEqual(['Question 1 of 1 · 0:00 elapsed', '✓ Saved · 0:42 · 4 words', 'Interview complete in 0:42.']);
    const session = await latestSession(env);
    expect(session).toMatchObject({ interviewType: 'system_design', customDomain: null, answeredCount: 1, duration: 42 });
    expect((await detailOf(env, session.id)).config).toEqual({ questionCount: 1, timeLimitSeconds: null });
  });
});

test('the time-limit prompt takes what the flag takes: two hours at the prompt as with --time-limit 7200', async () => {
  const clock = new FakeClock();
  const run = await runMain(['start', '--no-rate'], {
    env,
    tty: true,
    clock: clock.read,
    steps: [
      { select: 'Which interview?', choose: 'Technical' },
      { number: 'How many questions?', answer: 1 },
      { number: 'Time limit', answer: 7200 },
      typed(clock, 'A long think.', 10),
    ],
  });
  expect(run.code, run.stderr).toBe(0);
  expect((await detailOf(env, (await latestSession(env)).id)).config).toEqual({ questionCount: 1, timeLimitSeconds: 7200 });
});

describe('input that ends before the first answer', () => {
  const END = { answer: { kind: 'end' as const } };

  test('a new interview is not kept: exit 2, nothing in history, nothing in the journal', async () => {
    const before = (await historyOf(env)).length;
    const run = await runMain(['start', '--type', 'technical', '--count', '2', '--new'], { env, steps: [END] });
    expect([run.code, run.stderr.split('\n').slice(-4)]).toEqual([
      2,
      [
        'error: standard input ended before the first answer: no interview was started',
        'Pipe the answers in, each ending with a line holding only ".", or run amplify in a terminal.',
        '(run with --help for usage)',
        '',
      ],
    ]);
    expect(await historyOf(env)).toHaveLength(before);
    expect((await runMain(['status', '--json'], { env })).stdout).toContain('"queued": []');
  });

  test('a resumed one stays as it was, and the error says how to continue it', async () => {
    const first = await runMain(['start', '--type', 'technical', '--count', '2', '--new'], { env, steps: [{ answer: { kind: 'answer', text: 'One.' } }, END] });
    expect(first.code, first.stderr).toBe(0);
    const session = await latestSession(env);
    const again = await runMain(['resume', session.id], { env, steps: [END] });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`error: standard input ended before the first answer\nPipe the answers in, or continue in a terminal with: amplify resume ${session.id.slice(0, 8)}\n`);
    expect(await latestSession(env)).toMatchObject({ id: session.id, answeredCount: 1, completedAt: null });
    expect((await runMain(['resume', session.id, '--discard'], { env })).code).toBe(0);
  });
});

describe('amplify start, scripted with flags', () => {
  test.each([
    [['--type', 'behavioral', '--count', '2'], 'behavioral', null, null],
    [['-t', 'system-design', '-n', '2', '--time-limit', '60'], 'system_design', null, 60],
    [['--type', 'System_Design', '--count', '2'], 'system_design', null, null],
    [['--domain', 'Data Engineering', '--count', '2'], 'custom', 'data_engineering', null],
    [['--type', 'custom', '--domain', 'backend', '--count', '2', '--time-limit', '0'], 'custom', 'backend', null],
  ] as [string[], string, string | null, number | null][])('start %j asks nothing but the answers', async (flags, type, domain, limit) => {
    const clock = new FakeClock();
    const run = await runMain(['start', '--no-rate', ...flags], { env, tty: true, clock: clock.read, steps: [typed(clock, 'First.', 3), typed(clock, 'Second.', 4)] });
    expect(run.code, run.stderr).toBe(0);
    run.prompter.assertDone();
    expect(run.prompter.asked).toEqual(['answer: answer', 'answer: answer']);
    const session = await latestSession(env);
    expect(session).toMatchObject({ interviewType: type, customDomain: domain, questionCount: 2, answeredCount: 2, duration: 7 });
    expect((await detailOf(env, session.id)).config).toEqual({ questionCount: 2, timeLimitSeconds: limit });
  });

  test('the built binary runs a whole interview from piped stdin: "." ends an answer, ":skip" skips', async () => {
    const before = (await historyOf(env)).length;
    const cli = await runCli(['start', '--type', 'technical', '--count', '3', '--new'], {
      env,
      input: 'First line\n  second line, indented\n.\n:skip\nLast answer\n.\n',
    });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).not.toMatch(/\x1b/);
    const sessions = await historyOf(env);
    expect(sessions).toHaveLength(before + 1);
    const detail = await detailOf(env, (sessions[0] as { id: string }).id);
    expect(detail.completedAt).not.toBeNull();
    expect(detail.questions.map((q) => q.responseText)).toEqual(['First line\n  second line, indented', null, 'Last answer']);
    expect(tableRows(cli.stdout).map((r) => r[3])).toEqual(['Words', '5', '—', '2']);
  });

  test('with `config set editor true` every answer goes to the editor: no typed-answer help is shown', async () => {
    expect((await runMain(['config', 'set', 'editor', 'true'], { env })).code).toBe(0);
    try {
      const clock = new FakeClock();
      const run = await runMain(['start', '--no-rate', '--type', 'technical', '--count', '1'], { env, tty: true, clock: clock.read, steps: [typed(clock, 'From the editor.', 5)] });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toContain('finish with a line holding only "."');
    } finally {
      expect((await runMain(['config', 'set', 'editor', 'false'], { env })).code).toBe(0);
    }
    const clock = new FakeClock();
    const typedRun = await runMain(['start', '--no-rate', '--type', 'technical', '--count', '1'], { env, tty: true, clock: clock.read, steps: [typed(clock, 'Typed.', 5)] });
    expect(typedRun.stderr).toContain('finish with a line holding only "."');
  });
});

describe("this machine's copy of the question bank", () => {
  test('a damaged copy is reported and rebuilt; the start goes on', async () => {
    const copy = new LocalQuestionBank(home.paths.config, backendIdentity({ backend: 'embedded' }, home.paths));
    mkdirSync(home.paths.config, { recursive: true });
    writeFileSync(copy.file, '{"savedAt": "2026-11-01T00:00:00.000Z", "bank": [1, 2');
    const clock = new FakeClock();
    const run = await runMain(['start', '--type', 'technical', '--count', '1', '--new'], { env, clock: clock.read, steps: [typed(clock, 'Beside a damaged copy.', 4)] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`warning: this machine's copy of the question bank was damaged (not JSON) and is rebuilt: ${copy.file}\n`);
    expect((await latestSession(env)).answeredCount).toBe(1);
    const rebuilt = new LocalQuestionBank(home.paths.config, backendIdentity({ backend: 'embedded' }, home.paths));
    expect(rebuilt.read()?.bank.length).toBeGreaterThan(4);
    expect(rebuilt.problems).toEqual([]);
  });
});

