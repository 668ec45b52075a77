import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { journalSessionIds, lockPid, piped, querySql, rowsWithText, storedSession, typed, type StoredSession } from '../support/e2e-db.js';
import { useReadyHome } from '../support/home.js';
import { countOf, spawnPty, type PtyRun } from '../support/pty.js';

/**
 * kill -9 at many instants of `amplify start`, then `amplify resume` to the end: every answer
 * shown as saved is in the database exactly once, nothing is duplicated, the session completes.
 */

type Moment = 'spawn' | 'question' | 'typing' | 'typed' | 'saved' | 'complete' | 'table';
interface KillPoint {
  /** Which moment of the run the kill follows, and for which answer (1–3). */
  at: Moment;
  answer?: number;
  /** Delay after the moment, in ms. */
  ms?: number;
  /** Who dies: the interview (default), the database owner, or both at once. */
  victim?: 'cli' | 'owner' | 'both';
}

const SAVED = /(✓ Saved|◌ Saved locally)/;

const CLI_POINTS: KillPoint[] = [
  { at: 'spawn', ms: 0 },
  { at: 'spawn', ms: 150 },
  { at: 'spawn', ms: 300 },
  { at: 'question', answer: 1 },
  { at: 'typing', answer: 1 },
  ...[0, 1, 3, 6, 12].map((ms) => ({ at: 'typed' as const, answer: 1, ms })),
  { at: 'saved', answer: 1 },
  { at: 'question', answer: 2 },
  ...[0, 2, 5, 10].map((ms) => ({ at: 'typed' as const, answer: 2, ms })),
  { at: 'saved', answer: 2 },
  { at: 'typing', answer: 3 },
  ...[0, 2, 5].map((ms) => ({ at: 'typed' as const, answer: 3, ms })),
  // The completion: in the journal, then in the database, then the journal is pruned.
  ...[0, 1, 2, 3, 4, 6, 8, 11, 15].map((ms) => ({ at: 'saved' as const, answer: 3, ms })),
  { at: 'complete' },
  { at: 'table' },
];

const OWNER_POINTS: KillPoint[] = [
  { at: 'question', answer: 1, victim: 'owner' },
  { at: 'typed', answer: 1, ms: 0, victim: 'owner' },
  { at: 'typed', answer: 2, ms: 3, victim: 'owner' },
  { at: 'saved', answer: 2, victim: 'owner' },
  { at: 'typed', answer: 3, ms: 2, victim: 'owner' },
  { at: 'typed', answer: 2, ms: 1, victim: 'both' },
  { at: 'typed', answer: 3, ms: 5, victim: 'both' },
];

const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '120000' });

function label(p: KillPoint): string {
  const who = p.victim && p.victim !== 'cli' ? `${p.victim}: ` : '';
  return `${who}${p.at}${p.answer ? ` ${p.answer}` : ''}${p.ms !== undefined ? ` +${p.ms}ms` : ''}`;
}

function answerText(point: number, n: number): string {
  return n === 2 ? `point ${point} answer ${n}\nwith a second line, "quoted" \\ 🎯` : `point ${point} answer ${n}: it's fine`;
}

function ownerPid(): number {
  const pid = lockPid(home);
  if (!pid) throw new Error('no owner is running');
  return pid;
}

/**
 * Runs one interview in a pty and kills at the point. Returns the run, and whether the
 * interview process died by the kill (not when only the owner was killed, or when the process
 * had already finished by itself).
 */
async function interviewUntil(point: KillPoint, index: number): Promise<{ run: PtyRun; cliKilled: boolean }> {
  const run = spawnPty(['start', '--type', 'behavioral', '--count', '3', '--new'], { env: home.env });
  const victim = point.victim ?? 'cli';
  let fired = false;
  const moment = async (at: Moment, answer?: number) => {
    if (fired || point.at !== at || (point.answer !== undefined && point.answer !== answer)) return;
    fired = true;
    if (point.ms) await sleep(point.ms);
    if (victim !== 'cli') process.kill(ownerPid(), 'SIGKILL');
    if (victim !== 'owner') run.kill('SIGKILL');
  };
  const stopped = () => fired && victim !== 'owner';

  await moment('spawn');
  let since = 0;
  for (const n of [1, 2, 3]) {
    if (stopped()) break;
    since = await run.waitFor(`Question ${n} of 3`, { since });
    since = await run.waitFor('› ', { since });
    await moment('question', n);
    if (stopped()) break;
    const [first, ...rest] = typed(answerText(index, n)).split('\r').filter(Boolean);
    run.write(`${first}\r`);
    await moment('typing', n);
    if (stopped()) break;
    run.write(`${rest.join('\r')}\r`);
    await moment('typed', n);
    if (stopped()) break;
    since = await run.waitFor(SAVED, { since });
    await moment('saved', n);
  }
  if (!stopped()) {
    since = await run.waitFor('Interview complete', { since });
    await moment('complete');
  }
  if (!stopped()) {
    await run.waitFor(/│\s+3 │/, { since });
    await moment('table');
  }
  const exit = await run.exited;
  // A kill at the very end may come after the process exited by itself.
  if (exit.signal !== null) expect(exit.signal).toBe(9);
  else expect(exit.code).toBe(0);
  return { run, cliKilled: exit.signal !== null };
}

/** The answers the person saw saved, in order: the text typed before each "Saved" mark. */
function shownSaved(output: string, index: number): string[] {
  return Array.from({ length: countOf(output, SAVED) }, (_, i) => answerText(index, i + 1));
}

async function checkPoint(point: KillPoint, index: number): Promise<void> {
  const journalBefore = new Set(journalSessionIds(home));
  const [{ n: sessionsBefore } = { n: 0 }] = await querySql<{ n: number }>(home, 'select count(*)::int as n from public.interview_sessions');
  const { run, cliKilled } = await interviewUntil(point, index);
  const output = run.output();
  const saved = shownSaved(output, index);
  const shortId = /interview · 3 questions · ([0-9a-f]{8})/.exec(output)?.[1];
  const journalId = journalSessionIds(home).find((id) => !journalBefore.has(id));
  const id = journalId ?? shortId;

  if (!id) {
    // Killed before the session existed anywhere: nothing to resume, nothing stored.
    const resume = await runCli(['resume'], { env: home.env });
    expect(resume.stderr).toContain('No unfinished interviews');
    const [{ n } = { n: -1 }] = await querySql<{ n: number }>(home, 'select count(*)::int as n from public.interview_sessions');
    expect(n).toBe(sessionsBefore);
    return;
  }

  const resumeAnswers = [1, 2, 3].map((n) => `point ${index} resumed ${n}`);
  if (cliKilled) {
    const resume = await runCli(['resume', id.slice(0, 8)], { env: home.env, input: piped(resumeAnswers) });
    const finished = resume.code === 0 && resume.stderr.includes('Interview complete');
    // Only an interview already complete in the database may have nothing left to resume.
    if (!finished) {
      expect(resume.stderr, `resume after ${label(point)}`).toMatch(/no unfinished session matches|already complete/);
      expect((await storedSession(home, id))?.completedAt, `resume refused, yet the session is incomplete in the database: ${resume.stderr}`).not.toBeNull();
    }
  }
  if (point.victim === 'owner' || point.victim === 'both') {
    // What the interview queued while the owner was down goes out with sync.
    const sync = await runCli(['sync'], { env: home.env });
    expect(sync.code, sync.stderr).toBe(0);
  }

  const stored = await storedSession(home, id);
  expect(stored, `session ${id} after ${label(point)}`).not.toBeNull();
  const s = stored as StoredSession;
  expect(s.completedAt).not.toBeNull();
  expect(s.duration).not.toBeNull();
  expect(s.responses.map((r) => r.questionId)).toEqual(s.questionIds);
  const texts = s.responses.map((r) => r.text);
  // Every answer shown as saved is stored for its question, and exactly once in the database.
  expect(texts.slice(0, saved.length)).toEqual(saved);
  for (const [i, text] of texts.entries()) {
    expect([answerText(index, i + 1), ...resumeAnswers]).toContain(text);
    expect(await rowsWithText(home, text)).toBe(1);
  }
  if (!cliKilled) expect(texts).toEqual([1, 2, 3].map((n) => answerText(index, n)));
}

describe('kill -9 at any instant loses nothing that was shown as saved', () => {
  const points = [...CLI_POINTS, ...OWNER_POINTS];

  it('has at least 20 kill points of the interview process', () => {
    expect(CLI_POINTS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(points.map((p, i) => ({ name: label(p), point: p, index: i })))('$name', async ({ point, index }) => {
    await checkPoint(point, index);
  });

  it('leaves nothing unfinished, nothing queued and a database that passes its integrity check', async () => {
    const resume = await runCli(['resume'], { env: home.env });
    expect(resume.stderr).toContain('No unfinished interviews');
    const status = await runCli(['status', '--json'], { env: home.env });
    expect(JSON.parse(status.stdout)).toMatchObject({ reachable: true, queued: [] });
    const check = await runCli(['db', 'check'], { env: home.env });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const [dupes] = await querySql<{ n: number }>(
      home,
      'select count(*)::int as n from (select 1 from public.interview_responses group by session_id, question_id having count(*) > 1) d',
    );
    expect(dupes?.n).toBe(0);
  });
});
