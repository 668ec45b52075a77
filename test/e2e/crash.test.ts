import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { journalSessionIds, lockPid, piped, querySql, rowsWithText, storedSession, typed, type StoredSession } from '../support/e2e-db.js';
import { useReadyHome } from '../support/home.js';
import { countOf, spawnPty, type PtyRun } from '../support/pty.js';

/**
 * kill -9 at many instants of `amplify start`, then `amplify resume` to the end: every answer
 * shown as saved is in the database exactly once, nothing is duplicated, the session completes.
 */

type Moment = 'spawn' | 'question' | 'typing' | 'saved' | 'complete' | 'table';
interface KillPoint {
  /** A moment the terminal shows (for which answer, 1–3)… */
  at?: Moment;
  answer?: number;
  /**
   * …or a named instant of the save order, where the interview process freezes itself
   * (AMPLIFY_FAILPOINT, see src/journal/failpoint.ts) until the kill: `answer-stored#2` is
   * the second answer in the database before the journal acknowledged it.
   */
  failpoint?: string;
  /** Who dies: the interview (default), the database owner, or both at once. */
  victim?: 'cli' | 'owner' | 'both';
}

const SAVED = /(✓ Saved|◌ Saved locally)/;

// The session's creation is acknowledged first, so answer n is acknowledged the (n+1)th time.
const answerPoints = (n: number): KillPoint[] => [
  { failpoint: `answer-journaled#${n}` },
  { failpoint: `answer-stored#${n}` },
  { failpoint: `acknowledged#${n + 1}` },
];

const CLI_POINTS: KillPoint[] = [
  { at: 'spawn' },
  { failpoint: 'session-journaled' },
  { failpoint: 'session-stored' },
  { failpoint: 'acknowledged#1' },
  { at: 'question', answer: 1 },
  { at: 'typing', answer: 1 },
  ...answerPoints(1),
  { at: 'saved', answer: 1 },
  { at: 'question', answer: 2 },
  ...answerPoints(2),
  { at: 'saved', answer: 2 },
  { at: 'typing', answer: 3 },
  ...answerPoints(3),
  { at: 'saved', answer: 3 },
  // The completion: in the journal, then in the database, then the journal entry is removed.
  { failpoint: 'completion-journaled' },
  { failpoint: 'completion-stored' },
  { failpoint: 'journal-pruned' },
  { at: 'complete' },
  { at: 'table' },
];

const OWNER_POINTS: KillPoint[] = [
  { at: 'question', answer: 1, victim: 'owner' },
  { failpoint: 'answer-journaled#1', victim: 'owner' },
  { failpoint: 'answer-stored#2', victim: 'owner' },
  { at: 'saved', answer: 2, victim: 'owner' },
  { failpoint: 'answer-journaled#3', victim: 'owner' },
  { failpoint: 'completion-journaled', victim: 'owner' },
  { failpoint: 'answer-stored#2', victim: 'both' },
  { failpoint: 'answer-journaled#3', victim: 'both' },
];

const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '120000' });

function label(p: KillPoint): string {
  const who = p.victim && p.victim !== 'cli' ? `${p.victim}: ` : '';
  return `${who}${p.failpoint ?? `${p.at}${p.answer ? ` ${p.answer}` : ''}`}`;
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
  const env = point.failpoint ? { ...home.env, AMPLIFY_FAILPOINT: point.failpoint } : home.env;
  const run = spawnPty(['start', '--no-rate', '--type', 'behavioral', '--count', '3', '--new'], { env });
  const victim = point.victim ?? 'cli';
  let fired = false;
  const kill = () => {
    fired = true;
    if (victim !== 'cli') process.kill(ownerPid(), 'SIGKILL');
    if (victim !== 'owner') run.kill('SIGKILL');
    // The interview, frozen at its failpoint, goes on without its database.
    else if (point.failpoint) run.kill('SIGCONT');
  };
  const moment = (at: Moment, answer?: number) => {
    if (!fired && point.at === at && (point.answer === undefined || point.answer === answer)) kill();
  };
  const stopped = () => fired && victim !== 'owner';
  if (point.failpoint) {
    // The marker is written just before the process stops itself: wait for the stop, so that
    // a SIGCONT can never come first and leave it stopped for good.
    void run.waitFor(`[failpoint ${point.failpoint}]`, { timeoutMs: 60_000 }).then(async () => {
      await frozen(run.pid);
      kill();
    }, () => {});
  }

  const drive = async () => {
    moment('spawn');
    let since = 0;
    for (const n of [1, 2, 3]) {
      if (stopped()) return;
      since = await run.waitFor(`Question ${n} of 3`, { since });
      since = await run.waitFor('› ', { since });
      moment('question', n);
      if (stopped()) return;
      const [first, ...rest] = typed(answerText(index, n)).split('\r').filter(Boolean);
      run.write(`${first}\r`);
      moment('typing', n);
      if (stopped()) return;
      run.write(`${rest.join('\r')}\r`);
      since = await run.waitFor(SAVED, { since });
      moment('saved', n);
    }
    if (stopped()) return;
    since = await run.waitFor('Interview complete', { since });
    moment('complete');
    if (stopped()) return;
    await run.waitFor(/│\s+3 │/, { since });
    moment('table');
  };
  try {
    await drive();
  } catch (error) {
    // Waiting for output the killed process will never print.
    if (!stopped()) throw error;
  }
  const exit = await run.exited;
  if (point.failpoint) expect(fired, `the failpoint ${point.failpoint} was never reached`).toBe(true);
  // A kill at the very end may come after the process exited by itself.
  if (exit.signal !== null) expect(exit.signal).toBe(9);
  else expect(exit.code).toBe(0);
  return { run, cliKilled: exit.signal !== null };
}

/** Resolves once the process is stopped (state T in /proc/<pid>/stat), or after 10 s. */
async function frozen(pid: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return; // gone already
    }
    if (stat[stat.lastIndexOf(')') + 2] === 'T') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
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
