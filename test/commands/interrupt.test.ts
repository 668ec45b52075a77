import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Step } from '../support/scripted-prompter.js';
import { runMain } from '../support/context.js';
import { detailOf, FakeClock, historyOf, jsonOf, progressLines, STOP, typed } from '../support/commands-helpers.js';
import { makeHome } from '../support/home.js';

const home = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
const env = home.env;
beforeAll(async () => {
  expect((await runMain(['history', '--json'], { env })).code).toBe(0);
});
afterAll(() => home.cleanup());

/** Unfinished sessions, from the database and from the journal (`status` lists what is unsent). */
async function unfinishedIds(): Promise<string[]> {
  const inDb = (await historyOf(env)).filter((s) => s.completedAt === null).map((s) => s.id);
  const queued = (await jsonOf<{ queued: { id: string }[] }>(env, ['status'])).queued.map((q) => q.id);
  return [...new Set([...inDb, ...queued])].sort();
}

// Every test starts with nothing unfinished, whatever the one before left behind.
afterEach(async () => {
  for (const id of await unfinishedIds()) expect((await runMain(['resume', id, '--discard'], { env })).code).toBe(0);
});

const idIn = (stderr: string) => stderr.match(/ interview · \d+ questions? · ([0-9a-f]{8})\n/)?.[1] as string;
const elapsed = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/** A technical interview of three questions, left after one answer with `:stop`. */
async function leaveUnfinished(): Promise<string> {
  const clock = new FakeClock();
  const run = await runMain(['start', '--no-rate', '--type', 'technical', '--count', '3'], { env, tty: true, clock: clock.read, steps: [typed(clock, 'One.', 4), STOP] });
  expect(run.code, run.stderr).toBe(0);
  return (await historyOf(env)).find((s) => s.id.startsWith(idIn(run.stderr)))?.id as string;
}

describe('Ctrl+C during setup', () => {
  const TECHNICAL: Step = { select: 'Which interview?', choose: 'technical' };
  test.each([
    ['the interview type', [{ cancel: 'select' }]],
    ['the domain', [{ select: 'Which interview?', choose: 'custom' }, { cancel: 'select' }]],
    ['the count', [TECHNICAL, { cancel: 'number' }]],
    ['the time limit', [TECHNICAL, { number: 'How many questions?', answer: 2 }, { cancel: 'number' }]],
  ] as [string, Step[]][])('at %s exits 130 and leaves no session behind', async (_prompt, steps) => {
    const before = await historyOf(env);
    const run = await runMain(['start', '--no-rate'], { env, tty: true, steps });
    expect(run.code).toBe(130);
    run.prompter.assertDone();
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/error|\n\s+at /);
    expect(await historyOf(env)).toEqual(before);
    expect(await unfinishedIds()).toEqual([]);
  });
});

describe('Ctrl+C or :stop during the answers, then resume', () => {
  const texts = ['Answer one.', 'Answer two, a little longer.', 'Answer three!'];
  const seconds = [11, 22, 33];
  const answer = (clock: FakeClock, i: number) => typed(clock, texts[i] as string, seconds[i] as number);

  test.each([
    ['Ctrl+C', 0],
    ['Ctrl+C', 1],
    ['Ctrl+C', 2],
    [':stop', 1],
  ] as const)('%s after %i answers keeps them; resume asks the rest and counts only the time spent', async (end, answered) => {
    const clock = new FakeClock();
    const given = [0, 1, 2].slice(0, answered);
    const first = await runMain(['start', '--no-rate', '--type', 'behavioral', '--count', '3'], {
      env,
      tty: true,
      clock: clock.read,
      steps: [...given.map((i) => answer(clock, i)), end === 'Ctrl+C' ? { cancel: 'answer' } : STOP],
    });
    first.prompter.assertDone();
    expect(first.stdout).toBe('');
    const id8 = idIn(first.stderr);
    if (end === 'Ctrl+C') {
      expect(first.code).toBe(130);
      expect(first.stderr.trimEnd().split('\n').at(-1)).toBe(`Interview paused. Every answer given is saved. Continue with: amplify resume ${id8}`);
    } else {
      expect(first.code).toBe(0);
      expect(first.stderr.trimEnd().split('\n').at(-1)).toBe(`Interview stopped. Your answers are saved. Continue later with: amplify resume ${id8}`);
    }

    // What was answered is in the database; the session is incomplete.
    const stored = (await historyOf(env)).find((s) => s.id.startsWith(id8));
    expect(stored).toMatchObject({ interviewType: 'behavioral', questionCount: 3, answeredCount: answered, completedAt: null, duration: null });
    const before = await detailOf(env, id8);
    expect(before.questions.map((q) => q.responseText)).toEqual([0, 1, 2].map((i) => (i < answered ? texts[i] : null)));

    // An hour passes with the interview closed: it must not count.
    clock.advance(3600);
    const rest = [0, 1, 2].slice(answered);
    const resumed = await runMain(answered === 2 ? ['resume', id8] : ['resume'], { env, clock: clock.read, steps: rest.map((i) => answer(clock, i)) });
    expect(resumed.code, resumed.stderr).toBe(0);
    resumed.prompter.assertDone();
    const spentBefore = given.reduce((sum, i) => sum + (seconds[i] as number), 0);
    expect(progressLines(resumed.stderr)).toEqual([
      ...rest.flatMap((i) => {
        const spent = spentBefore + rest.filter((j) => j < i).reduce((sum, j) => sum + (seconds[j] as number), 0);
        return [`Question ${i + 1} of 3 · ${elapsed(spent)} elapsed`, `✓ Saved · ${elapsed(seconds[i] as number)} · ${texts[i]?.split(' ').length} words`];
      }),
      'Interview complete in 1:06.',
    ]);

    const after = await detailOf(env, id8);
    expect(after.completedAt).not.toBeNull();
    expect(after.duration).toBe(66);
    expect(after.questions.map((q) => [q.questionId, q.responseText, q.duration])).toEqual(
      before.questions.map((q, i) => [q.questionId, texts[i], seconds[i]]),
    );
    expect(await unfinishedIds()).toEqual([]);
  });
});

describe('start with an unfinished interview waiting', () => {
  const offer = (id: string) => new RegExp(`^You have an unfinished interview: Technical · started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d · 1/3 answered · ${id.slice(0, 8)}$`);
  const setupOneBehavioral = (clock: FakeClock): Step[] => [
    { select: 'Which interview?', choose: 'behavioral' },
    { number: 'How many questions?', answer: 1 },
    { number: 'Time limit', answer: 0 },
    typed(clock, 'A new answer.', 9),
  ];

  test('"Resume it" continues that interview to the end and starts nothing new', async () => {
    const old = await leaveUnfinished();
    const sessionsBefore = (await historyOf(env)).length;
    const clock = new FakeClock();
    const run = await runMain(['start', '--no-rate'], {
      env,
      tty: true,
      clock: clock.read,
      steps: [{ select: offer(old), choose: 'Resume it' }, typed(clock, 'Two.', 5), typed(clock, 'Three.', 6)],
    });
    expect(run.code, run.stderr).toBe(0);
    run.prompter.assertDone();
    expect(progressLines(run.stderr)[0]).toBe('Question 2 of 3 · 0:04 elapsed');
    expect(await historyOf(env)).toHaveLength(sessionsBefore);
    const detail = await detailOf(env, old);
    expect(detail.questions.map((q) => q.responseText)).toEqual(['One.', 'Two.', 'Three.']);
    expect(detail.duration).toBe(15);
  });

  test('"Discard it" deletes that interview and its journal entry, then sets up a new one', async () => {
    const old = await leaveUnfinished();
    const clock = new FakeClock();
    const run = await runMain(['start', '--no-rate'], {
      env,
      tty: true,
      clock: clock.read,
      steps: [{ select: offer(old), choose: 'Discard it and start a new one' }, ...setupOneBehavioral(clock)],
    });
    expect(run.code, run.stderr).toBe(0);
    run.prompter.assertDone();
    const sessions = await historyOf(env);
    expect(sessions.map((s) => s.id)).not.toContain(old);
    expect(sessions[0]).toMatchObject({ interviewType: 'behavioral', answeredCount: 1, duration: 9 });
    expect((await runMain(['show', old], { env })).code).toBe(1);
    expect(existsSync(join(home.paths.journal, `session-${old}.json`))).toBe(false);
  });

  test('"Start a new one" keeps that interview for later', async () => {
    const old = await leaveUnfinished();
    const clock = new FakeClock();
    const run = await runMain(['start', '--no-rate'], {
      env,
      tty: true,
      clock: clock.read,
      steps: [{ select: offer(old), choose: 'Start a new one, keep it for later' }, ...setupOneBehavioral(clock)],
    });
    expect(run.code, run.stderr).toBe(0);
    run.prompter.assertDone();
    const [latest] = await historyOf(env);
    expect(latest).toMatchObject({ interviewType: 'behavioral', duration: 9 });
    expect(await unfinishedIds()).toEqual([old]);
    expect((await detailOf(env, old)).questions.map((q) => q.responseText)).toEqual(['One.', null, null]);
  });

  test('start --new asks nothing about it', async () => {
    const old = await leaveUnfinished();
    const clock = new FakeClock();
    const run = await runMain(['start', '--no-rate', '--new', '--type', 'behavioral', '--count', '1'], { env, tty: true, clock: clock.read, steps: [typed(clock, 'Fresh.', 2)] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.prompter.asked).toEqual(['answer: answer']);
    expect(await unfinishedIds()).toEqual([old]);
  });

  test('without a terminal, start only mentions it and goes on', async () => {
    const old = await leaveUnfinished();
    const clock = new FakeClock();
    const run = await runMain(['start', '--type', 'behavioral', '--count', '1'], { env, tty: false, clock: clock.read, steps: [typed(clock, 'Scripted.', 2)] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.prompter.asked).toEqual(['answer: answer']);
    expect(run.stderr.split('\n')[0]).toMatch(/^Note: an unfinished interview is waiting \(Technical · .* · 1\/3 answered · [0-9a-f]{8}\); `amplify resume` continues it\.$/);
    expect(await unfinishedIds()).toEqual([old]);
  });

  test('Ctrl+C at the offer exits 130 and keeps it', async () => {
    const old = await leaveUnfinished();
    const run = await runMain(['start', '--no-rate'], { env, tty: true, steps: [{ cancel: 'select' }] });
    expect(run.code).toBe(130);
    expect(await unfinishedIds()).toEqual([old]);
    expect((await detailOf(env, old)).questions.map((q) => q.responseText)).toEqual(['One.', null, null]);
  });
});
