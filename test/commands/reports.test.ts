import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Reports, SessionSummary } from '../../src/store/store.js';
import { runCli } from '../support/cli.js';
import { runMain } from '../support/context.js';
import { FakeClock, historyOf, jsonOf, runMainRaw, SKIP, STOP, typed } from '../support/commands-helpers.js';
import type { Step } from '../support/scripted-prompter.js';
import { makeHome } from '../support/home.js';

const home = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
/** The day after the last interview below: where a streak ends. */
const TODAY = new Date(Date.UTC(2026, 0, 14, 12));
const env = home.env;
afterAll(() => home.cleanup());

/** One interview started at a fixed local time (so dates print the same in every time zone). */
async function interview(flags: string[], day: number, answers: (clock: FakeClock) => Step[]): Promise<void> {
  const clock = new FakeClock();
  const at = new Date(2026, 0, day, 9, 0);
  const run = await runMain(['start', '--no-rate', '--new', ...flags], { env, tty: true, clock: clock.read, now: () => at, steps: answers(clock) });
  expect(run.code, run.stderr).toBe(0);
  run.prompter.assertDone();
}

describe('with no interviews yet', () => {
  test('history says so on stderr and prints an empty JSON list', async () => {
    const run = await runMain(['history'], { env });
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', 'No interviews yet. Start one with `amplify start`.\n']);
    expect(await historyOf(env)).toEqual([]);
  });

  test('stats prints empty reports, with no division by zero', async () => {
    const { progress, answers, allUsers: _all, users: _users, ...reports } = await jsonOf<
      Reports & { progress: { periods: unknown[]; streakDays: number }; answers: unknown; allUsers: boolean; users: number }
    >(env, ['stats']);
    expect(answers).toEqual({ scoreTrend: [], timing: [] });
    expect(reports).toEqual({
      completion: { completed: 0, total: 0, completionRate: null },
      averageDurationByType: [],
      responseTimes: { avgResponseTime: null, minResponseTime: null, maxResponseTime: null },
    });
    expect(progress).toMatchObject({ periods: [], streakDays: 0, sessionsThisMonth: 0, byType: [] });
    const run = await runMain(['stats'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Session completion',
        '┌───────────┬───────┬──────┐',
        '│ Completed │ Total │ Rate │',
        '├───────────┼───────┼──────┤',
        '│         0 │     0 │    — │',
        '└───────────┴───────┴──────┘',
        '',
        'Average duration by interview type (completed sessions)',
        'No completed sessions yet.',
        '',
        'Response time (seconds per answer)',
        '┌─────────┬─────────┬─────────┐',
        '│ Average │ Minimum │ Maximum │',
        '├─────────┼─────────┼─────────┤',
        '│       — │       — │       — │',
        '└─────────┴─────────┴─────────┘',
        '',
        'Progress by week',
        'No sessions in that time.',
        '',
        '0 days in a row · 0 sessions this month',
        '',
      ].join('\n'),
    );
  });
});

describe('with four interviews', () => {
  // Newest first: system design (50 s), technical left unfinished, behavioral (60 s), technical (30 s).
  let s: SessionSummary[];
  beforeAll(async () => {
    await interview(['--type', 'technical', '--count', '2'], 10, (c) => [typed(c, 'Ten seconds.', 10), typed(c, 'Twenty seconds.', 20)]);
    await interview(['--type', 'behavioral', '--count', '1'], 11, (c) => [typed(c, 'A minute.', 60)]);
    await interview(['--type', 'technical', '--count', '3'], 12, (c) => [typed(c, 'Forty.', 40), STOP]);
    await interview(['--type', 'system-design', '--count', '2'], 13, (c) => [typed(c, 'Fifty.', 50), SKIP]);
    s = await historyOf(env);
  });
  const id8 = (i: number) => s[i]?.id.slice(0, 8) ?? '?';

  test('history --json lists every session, newest first, with its counts, duration and completion', () => {
    const at = (day: number) => new Date(2026, 0, day, 9, 0).toISOString();
    expect(s).toEqual([
      { id: expect.any(String), interviewType: 'system_design', customDomain: null, startedAt: at(13), completedAt: at(13), duration: 50, questionCount: 2, answeredCount: 1 },
      { id: expect.any(String), interviewType: 'technical', customDomain: null, startedAt: at(12), completedAt: null, duration: null, questionCount: 3, answeredCount: 1 },
      { id: expect.any(String), interviewType: 'behavioral', customDomain: null, startedAt: at(11), completedAt: at(11), duration: 60, questionCount: 1, answeredCount: 1 },
      { id: expect.any(String), interviewType: 'technical', customDomain: null, startedAt: at(10), completedAt: at(10), duration: 30, questionCount: 2, answeredCount: 2 },
    ]);
  });

  test('history prints them as a table', async () => {
    const run = await runMain(['history'], { env });
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(
      [
        '┌──────────┬───────────────┬──────────────────┬──────────┬──────────┬────────────┐',
        '│ ID       │ Type          │ Started          │ Answered │ Duration │ Status     │',
        '├──────────┼───────────────┼──────────────────┼──────────┼──────────┼────────────┤',
        `│ ${id8(0)} │ System design │ 2026-01-13 09:00 │      1/2 │     0:50 │ completed  │`,
        '├──────────┼───────────────┼──────────────────┼──────────┼──────────┼────────────┤',
        `│ ${id8(1)} │ Technical     │ 2026-01-12 09:00 │      1/3 │        — │ incomplete │`,
        '├──────────┼───────────────┼──────────────────┼──────────┼──────────┼────────────┤',
        `│ ${id8(2)} │ Behavioral    │ 2026-01-11 09:00 │      1/1 │     1:00 │ completed  │`,
        '├──────────┼───────────────┼──────────────────┼──────────┼──────────┼────────────┤',
        `│ ${id8(3)} │ Technical     │ 2026-01-10 09:00 │      2/2 │     0:30 │ completed  │`,
        '└──────────┴───────────────┴──────────────────┴──────────┴──────────┴────────────┘',
        '',
      ].join('\n'),
    );
  });

  test.each([
    [['--limit', '2'], [0, 1]],
    [['--type', 'technical'], [1, 3]],
    [['-t', 'System Design'], [0]],
    [['--type', 'technical', '--limit', '1'], [1]],
    [['--type', 'custom'], []],
  ])('history %j keeps the sessions it asks for', async (flags, expected) => {
    expect((await historyOf(env, ...flags)).map((x) => x.id)).toEqual(expected.map((i) => s[i]?.id));
    const table = await runMain(['history', ...flags], { env });
    for (const [i, session] of s.entries()) {
      expect(table.stdout.includes(session.id.slice(0, 8))).toBe(expected.includes(i));
    }
  });

  test('stats --json: the three reports of the spec, and the progress section', async () => {
    const run = await runMain(['stats', '--json', '--by', 'day', '--since', '2026-01-11', '--until', '2026-01-13'], { env, now: () => TODAY });
    expect(JSON.parse(run.stdout).progress).toEqual({
      by: 'day',
      since: '2026-01-11T00:00:00.000Z',
      until: '2026-01-13T00:00:00.000Z',
      interviewType: null,
      customDomain: null,
      periods: [
        { period: '2026-01-11', sessionsStarted: 1, sessionsCompleted: 1, completionRate: 100, avgSessionSeconds: 60, avgAnswerSeconds: 60, avgAnswerWords: 2, answers: 1 },
        { period: '2026-01-12', sessionsStarted: 1, sessionsCompleted: 0, completionRate: 0, avgSessionSeconds: null, avgAnswerSeconds: 40, avgAnswerWords: 1, answers: 1 },
      ],
      streakDays: 4,
      sessionsThisMonth: 4,
      users: 1,
      byType: [
        { interviewType: 'behavioral', sessions: 1 },
        { interviewType: 'technical', sessions: 1 },
      ],
    });
    const technical = await runMain(['stats', '--json', '--type', 'technical', '--by', 'month'], { env, now: () => TODAY });
    expect(JSON.parse(technical.stdout).progress.periods.map((p: { period: string; sessionsStarted: number }) => [p.period, p.sessionsStarted])).toEqual([['2026-01-01', 2]]);
    const { progress: _, answers: _answers, allUsers, users, ...reports } = await jsonOf<Reports & { progress: unknown; answers: unknown; allUsers: boolean; users: number }>(env, ['stats']);
    expect([allUsers, users]).toEqual([false, 1]);
    expect(reports).toEqual({
      completion: { completed: 3, total: 4, completionRate: 75 },
      averageDurationByType: [
        { interviewType: 'behavioral', avgDurationSeconds: 60 },
        { interviewType: 'system_design', avgDurationSeconds: 50 },
        { interviewType: 'technical', avgDurationSeconds: 30 },
      ],
      responseTimes: { avgResponseTime: 36, minResponseTime: 10, maxResponseTime: 60 },
    });
  });

  test('stats prints tables and bar charts', async () => {
    const run = await runMain(['stats'], { env, now: () => TODAY });
    expect([run.code, run.stderr]).toEqual([0, '']);
    // Answers of one or two words score next to nothing (0–5 of 100, by the question picked): the bar stays empty or nearly.
    expect(run.stdout.replace(/(?<=^\d{4}-\d\d-\d\d {2})[ ▏▎▍▌▋▊▉█]{40} {2}[0-5](?= \()/gmu, 'SCORE')).toBe(
      [
        'Session completion',
        '┌───────────┬───────┬─────────┐',
        '│ Completed │ Total │    Rate │',
        '├───────────┼───────┼─────────┤',
        '│         3 │     4 │ 75.00 % │',
        '└───────────┴───────┴─────────┘',
        '',
        'Average duration by interview type (completed sessions)',
        '┌───────────────┬─────────────┬─────────┐',
        '│ Type          │ Average (s) │ Average │',
        '├───────────────┼─────────────┼─────────┤',
        '│ Behavioral    │       60.00 │    1:00 │',
        '├───────────────┼─────────────┼─────────┤',
        '│ System design │       50.00 │    0:50 │',
        '├───────────────┼─────────────┼─────────┤',
        '│ Technical     │       30.00 │    0:30 │',
        '└───────────────┴─────────────┴─────────┘',
        `Behavioral     ${'█'.repeat(40)}  1:00`,
        `System design  ${'█'.repeat(33)}▍${' '.repeat(6)}  0:50`,
        `Technical      ${'█'.repeat(20)}${' '.repeat(20)}  0:30`,
        '',
        'Response time (seconds per answer)',
        '┌─────────┬─────────┬─────────┐',
        '│ Average │ Minimum │ Maximum │',
        '├─────────┼─────────┼─────────┤',
        '│   36.00 │      10 │      60 │',
        '└─────────┴─────────┴─────────┘',
        '',
        'Duration of your last completed sessions',
        `2026-01-10 09:00  ${'█'.repeat(20)}${' '.repeat(20)}  0:30`,
        `2026-01-11 09:00  ${'█'.repeat(40)}  1:00`,
        `2026-01-13 09:00  ${'█'.repeat(33)}▍${' '.repeat(6)}  0:50`,
        '',
        'Progress by week',
        'Sessions started',
        `2026-01-05  ${'█'.repeat(40)}  2`,
        `2026-01-12  ${'█'.repeat(40)}  2`,
        '',
        'Words per answer',
        `2026-01-05  ${'█'.repeat(40)}  2`,
        `2026-01-12  ${'█'.repeat(20)}${' '.repeat(20)}  1`,
        '',
        '┌────────────┬─────────┬───────────┬───────┬─────────────┬────────────┬──────────────┐',
        '│ Week of    │ Started │ Completed │  Rate │ Avg session │ Avg answer │ Words/answer │',
        '├────────────┼─────────┼───────────┼───────┼─────────────┼────────────┼──────────────┤',
        '│ 2026-01-05 │       2 │         2 │ 100 % │        0:45 │       0:30 │            2 │',
        '├────────────┼─────────┼───────────┼───────┼─────────────┼────────────┼──────────────┤',
        '│ 2026-01-12 │       2 │         1 │  50 % │        0:50 │       0:45 │            1 │',
        '└────────────┴─────────┴───────────┴───────┴─────────────┴────────────┴──────────────┘',
        '',
        '4 days in a row · 4 sessions this month',
        'Practised least: Behavioral (1 session), System design (1 session)',
        '',
        'Feedback score by week (average, 0–100)',
        'Behavioral',
        `2026-01-05  SCORE (1 answer)`,
        'Technical',
        `2026-01-05  SCORE (2 answers)`,
        `2026-01-12  SCORE (1 answer)`,
        'System design',
        `2026-01-12  SCORE (1 answer)`,
        '',
        'Time per answer (median / 90th percentile)',
        '┌───────────────┬─────────────┬─────────────┬────────────────┐',
        '│ Type          │    Thinking │     Writing │ Over the limit │',
        '├───────────────┼─────────────┼─────────────┼────────────────┤',
        '│ Behavioral    │ 0:00 / 0:00 │ 1:00 / 1:00 │              — │',
        '├───────────────┼─────────────┼─────────────┼────────────────┤',
        '│ System design │ 0:00 / 0:00 │ 0:50 / 0:50 │              — │',
        '├───────────────┼─────────────┼─────────────┼────────────────┤',
        '│ Technical     │ 0:00 / 0:00 │ 0:20 / 0:40 │              — │',
        '└───────────────┴─────────────┴─────────────┴────────────────┘',
        '',
      ].join('\n'),
    );
  });

  describe('colour', () => {
    const { NO_COLOR: _, ...colourEnv } = env;
    const commands = () => [['history'], ['stats'], ['show', id8(0)], ['history', '--json'], ['show', 'zzzz'], ['start']];

    test('output that is not a terminal has no ANSI escape at all', async () => {
      for (const argv of commands()) {
        const run = await runMainRaw(argv, { env: colourEnv, tty: false });
        expect(run.stdout + run.stderr, argv.join(' ')).not.toMatch(/\x1b/);
      }
    });

    test('NO_COLOR on a terminal: no colour escapes', async () => {
      for (const argv of commands().slice(0, 5)) {
        const run = await runMainRaw(argv, { env: { ...colourEnv, NO_COLOR: '1' }, tty: true });
        expect((run.stdout + run.stderr).length, argv.join(' ')).toBeGreaterThan(0);
        expect(run.stdout + run.stderr, argv.join(' ')).not.toMatch(/\x1b\[[0-9;]*m/);
      }
    });

    test('a terminal without NO_COLOR does get colour (the check above can fail)', async () => {
      const history = await runMainRaw(['history'], { env: colourEnv, tty: true });
      expect(history.stdout).toContain('\x1b[32mcompleted\x1b[39m');
      const error = await runMainRaw(['show', 'zzzz'], { env: colourEnv, tty: true });
      expect(error.stderr).toMatch(/^\x1b\[31merror:\x1b\[39m/);
    });

    test('the built binary writing to pipes has no ANSI escape; FORCE_COLOR brings colour back', async () => {
      for (const argv of [['history'], ['stats'], ['show', 'zzzz']]) {
        const run = await runCli(argv, { env: colourEnv });
        expect(run.stdout + run.stderr, argv.join(' ')).not.toMatch(/\x1b/);
      }
      const forced = await runCli(['history'], { env: { ...colourEnv, FORCE_COLOR: '1' } });
      expect(forced.stdout).toContain('\x1b[32mcompleted\x1b[39m');
    });
  });
});
