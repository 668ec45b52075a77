import { afterAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMain } from '../support/context.js';
import { FakeClock, jsonOf, latestSession, timed } from '../support/commands-helpers.js';
import { makeHome } from '../support/home.js';

const home = makeHome();
afterAll(() => home.cleanup());

interface AnswerJson {
  questionId: string;
  responseText: string | null;
  duration: number | null;
  thinkingMs: number | null;
  writingMs: number | null;
  pausedMs: number | null;
  timeLimitSeconds: number | null;
  overrunSeconds: number | null;
  feedback: { version: number; score: number; breakdown: { part: string; points: number; max: number }[]; findings: { kind: string; message: string; suggestion: string }[] } | null;
  aiFeedback: { model: string; text: string } | null;
  previous?: { sessionId: string; feedbackScore: number | null; scoreChange: number | null; diff: { op: string; text: string }[] } | null;
}
const show = (id: string, ...flags: string[]) => jsonOf<{ questions: AnswerJson[] }>(home.env, ['show', id, ...flags]);

const RAMBLING = 'So basically I just kind of fixed the bug, you know, and it was basically fine after that I guess.';
const STRONG =
  'At my last job our checkout service timed out under load. I was responsible for the fix. I profiled it, found an N+1 query, ' +
  'and I rewrote it as one join with an index. As a result p99 latency fell from 900 ms to 120 ms and errors dropped by 95%.';

describe('feedback after each answer', () => {
  test('each answer gets a score with its breakdown, its findings and its timing; show and --json carry all of it', async () => {
    const clock = new FakeClock();
    const run = await runMain(['start', '--type', 'behavioral', '--count', '2', '--time-limit', '60', '--new'], {
      env: home.env,
      clock: clock.read,
      steps: [timed(clock, RAMBLING, { think: 12, write: 30, pause: 300 }), timed(clock, STRONG, { think: 5, write: 70 })],
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/✓ Saved · 0:42 · \d+ words\nthinking 0:12 · writing 0:30 · paused 5:00 · within the 1:00 limit\nFeedback \d+\/100 \(length \d/);
    expect(run.stderr).toMatch(/✓ Saved · 1:15 · \d+ words · over the time limit\nthinking 0:05 · writing 1:10 · 0:15 over the 1:00 limit\nFeedback \d+\/100/);
    expect(run.stderr).toMatch(/• .*basically.*\n  → /);

    const session = await latestSession(home.env);
    const [rambling, strong] = (await show(session.id)).questions;
    expect(rambling).toMatchObject({ duration: 42, thinkingMs: 12_000, writingMs: 30_000, pausedMs: 300_000, timeLimitSeconds: 60, overrunSeconds: 0 });
    expect(strong).toMatchObject({ duration: 75, thinkingMs: 5000, writingMs: 70_000, pausedMs: 0, overrunSeconds: 15 });
    for (const answer of [rambling!, strong!]) {
      expect(answer.feedback?.score).toBeGreaterThanOrEqual(0);
      expect(answer.feedback?.breakdown.length).toBeGreaterThan(0);
      for (const finding of answer.feedback?.findings ?? []) expect(finding.suggestion).not.toBe('');
    }
    expect(strong!.feedback!.score).toBeGreaterThan(rambling!.feedback!.score);
    expect(rambling!.feedback!.findings.map((f) => f.kind)).toContain('filler');

    const text = await runMain(['show', session.id], { env: home.env });
    expect(text.stdout).toMatch(/0:42 · \d+ words · thinking 0:12 · writing 0:30 · paused 5:00 · within the 1:00 limit\n   Feedback \d+\/100 \(/);
  });

  test('the pace is judged only when the keyboard said when writing began: never for a pipe', async () => {
    const clock = new FakeClock();
    const typedFast = await runMain(['start', '--type', 'behavioral', '--count', '1', '--new'], { env: home.env, clock: clock.read, steps: [timed(clock, STRONG, { think: 2, write: 5 })] });
    expect(typedFast.stderr).toMatch(/• \d+ words a minute: faster than anyone types, so probably pasted\./);
    const piped = await runMain(['start', '--type', 'behavioral', '--count', '1', '--new'], { env: home.env, clock: clock.read, steps: [{ answer: { kind: 'answer', text: STRONG } }] });
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain('words a minute');
  });

  test('--quiet shows no feedback, and stores it all the same', async () => {
    const run = await runMain(['start', '--type', 'technical', '--count', '1', '--new', '--quiet'], { env: home.env, steps: [{ answer: { kind: 'answer', text: STRONG } }] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('Feedback');
    const [answer] = (await show((await latestSession(home.env)).id)).questions;
    expect(answer?.feedback?.score).toEqual(expect.any(Number));
  });

  test('show --compare puts each answer beside the previous answer to the same question, with a word diff and both scores', async () => {
    // Every question of the smallest domain, twice: each is asked in both sessions.
    const probe = await runMain(['history'], { env: home.env });
    const store = await probe.ctx.openStore();
    const smallest = (await store.questionBank()).filter((b) => b.customDomain !== null).sort((a, b) => a.questionCount - b.questionCount)[0]!;
    await store.close();
    const argv = ['start', '--domain', smallest.customDomain!, '--count', String(smallest.questionCount), '--new'];
    const answers = (text: string) => Array.from({ length: smallest.questionCount }, () => ({ answer: { kind: 'answer' as const, text } }));
    expect((await runMain(argv, { env: home.env, steps: answers(RAMBLING) })).code).toBe(0);
    const first = await latestSession(home.env);
    expect((await runMain(argv, { env: home.env, steps: answers(STRONG) })).code).toBe(0);
    const second = await latestSession(home.env);

    const before = new Map((await show(first.id)).questions.map((q) => [q.questionId, q]));
    const compared = (await show(second.id, '--compare')).questions;
    expect(compared).toHaveLength(smallest.questionCount);
    for (const q of compared) {
      const earlier = before.get(q.questionId)!;
      expect(q.previous).toMatchObject({ sessionId: first.id, feedbackScore: earlier.feedback!.score, scoreChange: q.feedback!.score - earlier.feedback!.score });
      expect(q.previous!.diff.filter((r) => r.op !== 'added').map((r) => r.text).join(' ')).toBe(RAMBLING);
      expect(q.previous!.diff.filter((r) => r.op !== 'removed').map((r) => r.text).join(' ')).toBe(STRONG);
    }
    // The first session has nothing earlier to compare with.
    expect((await show(first.id, '--compare')).questions.every((q) => q.previous === null)).toBe(true);

    const text = await runMain(['show', second.id.slice(0, 8), '--compare'], { env: home.env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`(session ${first.id.slice(0, 8)}): 0:00 → 0:00 · score `);
    expect(text.stdout).toContain('[-So basically');
    expect(text.stdout).toContain('{+At my last job');
  });
});

describe('feedback --rescore', () => {
  test('scores answers stored without feedback (an import from before it), once; --all scores every answer again', async () => {
    const id = '0b7e2a4c-1111-4222-8333-444455556666';
    const file = join(home.dir, 'old-export.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'amplify-export',
        version: 1,
        exportedAt: '2026-01-01T00:00:00.000Z',
        sessions: [
          {
            id,
            interviewType: 'behavioral',
            customDomain: null,
            config: {},
            startedAt: '2025-12-01T10:00:00.000Z',
            completedAt: '2025-12-01T10:05:00.000Z',
            duration: 300,
            position: 1,
            questions: [{ questionId: 'behavioral-001', questionText: 'Tell me about a disagreement.', difficulty: 'medium' }],
            responses: [{ id: '0b7e2a4c-1111-4222-8333-777788889999', questionId: 'behavioral-001', responseText: STRONG, duration: 120, answeredAt: '2025-12-01T10:02:00.000Z' }],
          },
        ],
      }),
    );
    expect((await runMain(['import', file], { env: home.env })).code).toBe(0);
    expect((await show(id)).questions[0]!.feedback).toBeNull();
    const before = await runMain(['feedback', id.slice(0, 8)], { env: home.env });
    expect(before.stdout).toContain('No feedback stored: run amplify feedback --rescore');

    const rescored = await jsonOf<{ rescored: number; analyserVersion: number }>(home.env, ['feedback', '--rescore']);
    expect(rescored.rescored).toBe(1);
    const [answer] = (await show(id)).questions;
    expect(answer?.feedback).toMatchObject({ version: rescored.analyserVersion, score: expect.any(Number) });
    expect(answer?.thinkingMs).toBeNull();

    const again = await runMain(['feedback', '--rescore'], { env: home.env });
    expect(again.stdout).toBe(`Every answer's feedback is already from analyser version ${rescored.analyserVersion}.\n`);
    const all = await jsonOf<{ rescored: number }>(home.env, ['feedback', '--rescore', '--all']);
    expect(all.rescored).toBeGreaterThan(1);
    const shown = await runMain(['feedback', id.slice(0, 8)], { env: home.env });
    expect(shown.stdout).toMatch(/^1\. Tell me about a time you disagreed[^\n]*\n   Feedback \d+\/100 \(/);
  });

  test.each([
    [['feedback'], 'error: give a session id, or --rescore'],
    [['feedback', '3f2a', '--rescore'], 'error: --rescore re-scores every answer of yours: give no session id with it'],
    [['feedback', '3f2a', '--all'], 'error: --all goes with --rescore'],
    [['feedback', '--rescore', '--feedback', 'gpt'], "error: option '--feedback <mode>' argument 'gpt' is invalid. Allowed choices are local, ai."],
  ])('%j exits 2: %s', async (argv, message) => {
    const run = await runMain(argv, { env: home.env });
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([2, message]);
  });
});

describe('stats', () => {
  test("shows the feedback score's trend by type and the time per answer, and --json carries both", async () => {
    const stats = await runMain(['stats', '--by', 'month'], { env: home.env });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/Feedback score by month \(average, 0–100\)\nBehavioral\n\d{4}-\d\d\s+█*[▏▎▍▌▋▊▉]?\s+\d+ \(\d+ answers?\)/);
    expect(stats.stdout).toMatch(/Time per answer \(median \/ 90th percentile\)/);
    expect(stats.stdout).toMatch(/Behavioral\s+│\s+0:\d\d \/ 0:\d\d\s+│\s+[01]:\d\d \/ 1:\d\d\s+│\s+1 of 2 \(50 %\)/);
    const json = await jsonOf<{ answers: { scoreTrend: { interviewType: string; avgScore: number }[]; timing: { interviewType: string; overruns: number; limitedAnswers: number }[] } }>(home.env, ['stats']);
    expect(json.answers.scoreTrend.map((t) => t.interviewType)).toContain('behavioral');
    expect(json.answers.timing.find((t) => t.interviewType === 'behavioral')).toMatchObject({ limitedAnswers: 2, overruns: 1 });
  });
});
