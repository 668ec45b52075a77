import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { redact } from '../../src/store/connection-url.js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Journal, newJournalSession } from '../../src/journal/journal.js';
import { runMain } from '../support/context.js';
import { detailOf, FakeClock, historyOf, jsonOf, progressLines, SKIP, tableRows, typed } from '../support/commands-helpers.js';
import { runCli } from '../support/cli.js';
import { makeHome } from '../support/home.js';
import { startDoor, type Door } from '../support/door.js';
import { createTestDatabase } from '../support/postgres.js';
import { ended, identityOf, otherProcess } from '../support/processes.js';

// The postgres backend, on the suite's real server behind a door: "offline", nothing listens
// at the same URL and every connection is refused, as when the server is down.
const home = makeHome({ AMPLIFY_DB_TIMEOUT_MS: '1000' });
const env = home.env;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sql: postgres.Sql;
let door: Door;
const online = () => door.open();
const offline = () => door.shut();
beforeAll(async () => {
  db = await createTestDatabase();
  sql = postgres(db.url, { max: 1, onnotice: () => {} });
  door = await startDoor(db.url);
  env.AMPLIFY_DATABASE_URL = door.url;
  REFUSED = `nothing accepts connections at 127.0.0.1:${door.port}${new URL(door.url).pathname} (connection refused)`;
});
afterAll(async () => {
  await door?.stop();
  await sql?.end();
  await db?.drop();
  await home.cleanup();
});

interface Status {
  backend: string;
  reachable: boolean;
  problem: string | null;
  queued: { id: string; unsentResponses: number; sessionUnsent: boolean; completionUnsent: boolean; running: boolean; orphaned: boolean }[];
}
interface SyncReport {
  sessions: number;
  responses: number;
  completed: number;
  orphaned: unknown[];
  running: unknown[];
  refused: { id: string; reason: string }[];
  elsewhere: { id: string; database: string }[];
}
let REFUSED = '';
const NOTHING_QUEUED: Status = { backend: 'postgres', reachable: true, problem: null, queued: [] };

/** What the database itself holds for a session: every response row, nothing collapsed. */
async function rowsOf(sessionId: string) {
  const [session] = await sql`select completed_at is not null as completed, duration from interview_sessions where id = ${sessionId}`;
  const responses = await sql`
    select r.question_id, r.response_text, r.duration
    from interview_responses r join interview_sessions s on s.id = r.session_id
    where r.session_id = ${sessionId}
    order by array_position(s.question_ids, r.question_id)`;
  return { session, responses: responses.map((r) => [r.question_id, r.response_text, r.duration]) };
}

describe('offline', () => {
  test.each([[['history']], [['stats']], [['show', 'abcd']]])('%j says the database is unreachable, and nothing about a journal it does not use', async (argv) => {
    offline();
    try {
      const run = await runMain(argv, { env });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`error: ${REFUSED}\nCheck \`amplify db status\`.\n`);
    } finally {
      await online();
    }
  });

  test('before any online start, start cannot pick questions while the database is unreachable: one line, exit 1, nothing queued', async () => {
    offline();
    try {
      const run = await runMain(['start', '--type', 'technical', '--count', '1'], { env });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'error: the database is unreachable and no copy of the question bank is saved on this machine yet\n' +
          'Check `amplify db status`; answers given during an interview are kept in the journal.\n',
      );
      expect((await jsonOf<Status>(env, ['status'])).queued).toEqual([]);
    } finally {
      await online();
    }
  });

  test('an interview goes on when the database goes away; sync later sends every answer once and completes it', async () => {
    expect(await jsonOf<Status>(env, ['status'])).toEqual(NOTHING_QUEUED);

    const clock = new FakeClock();
    const run = await runMain(['start', '--no-rate'], {
      env,
      tty: true,
      clock: clock.read,
      steps: [
        // The questions are picked; then the database goes away.
        { select: 'Which interview?', choose: () => (offline(), 'technical') },
        { number: 'How many questions?', answer: 3 },
        { number: 'Time limit', answer: 0 },
        typed(clock, 'Offline answer one.', 10),
        SKIP,
        typed(clock, "Offline answer 'three' 🚀.", 30),
      ],
    });
    expect(run.code, run.stderr).toBe(0);
    run.prompter.assertDone();
    // Told once, not at every answer.
    const lines = progressLines(run.stderr);
    expect(lines.filter((l) => l.startsWith('! '))).toEqual([
      `! The database is unreachable (${REFUSED}). Answers are kept in the journal and sent when it is back, or with \`amplify sync\`.`,
    ]);
    expect(lines.filter((l) => !l.startsWith('! '))).toEqual([
      'Question 1 of 3 · 0:00 elapsed',
      '◌ Saved locally (will sync) · 0:10 · 3 words',
      'Question 2 of 3 · 0:10 elapsed',
      'Skipped. (kept locally)',
      'Question 3 of 3 · 0:10 elapsed',
      '◌ Saved locally (will sync) · 0:30 · 3 words',
      'Interview complete in 0:40. Queued locally: run `amplify sync` when the database is back.',
    ]);
    expect(tableRows(run.stdout).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['#', 'Time', 'Words'],
      ['1', '0:10', '3'],
      ['2', 'skipped', '—'],
      ['3', '0:30', '3'],
    ]);

    const queued = await jsonOf<Status>(env, ['status']);
    expect(queued).toEqual({
      backend: 'postgres',
      reachable: false,
      problem: REFUSED,
      queued: [{ id: expect.any(String), interviewType: 'technical', customDomain: null, startedAt: expect.any(String), unsentResponses: 2, sessionUnsent: true, completionUnsent: true, running: false, orphaned: false, otherDatabase: null, otherUser: null }],
    });
    const id = queued.queued[0]?.id as string;
    const status = await runMain(['status'], { env });
    expect(status.stdout.split('\n').slice(0, 2)).toEqual([`Database: postgres (${redact(door.url)}) · unreachable: ${REFUSED}`, 'Queue: 2 responses in 1 session waiting for `amplify sync`']);
    expect(tableRows(status.stdout)[1]).toEqual([id.slice(0, 8), 'Technical', expect.any(String), '2', 'session, completion']);

    // Still offline: sync fails, and loses nothing.
    const failed = await runMain(['sync'], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr.split('\n')[0]).toBe(`error: ${REFUSED}`);
    expect((await jsonOf<Status>(env, ['status'])).queued[0]?.unsentResponses).toBe(2);
    expect((await rowsOf(id)).session).toBeUndefined();

    await online();
    expect(await jsonOf<SyncReport>(env, ['sync'])).toEqual({ sessions: 1, responses: 2, completed: 1, orphaned: [], running: [], refused: [], elsewhere: [] });
    const stored = await rowsOf(id);
    expect(stored.session).toEqual({ completed: true, duration: 40 });
    expect(stored.responses).toHaveLength(2);
    expect(stored.responses.map((r) => r[1])).toEqual(['Offline answer one.', "Offline answer 'three' 🚀."]);
    expect(stored.responses.map((r) => r[2])).toEqual([10, 30]);

    const again = await runMain(['sync'], { env });
    expect([again.code, again.stdout, again.stderr]).toEqual([0, '', 'Nothing to sync: everything is in the database.\n']);
    expect(await jsonOf<SyncReport>(env, ['sync'])).toEqual({ sessions: 0, responses: 0, completed: 0, orphaned: [], running: [], refused: [], elsewhere: [] });
    expect((await rowsOf(id)).responses).toHaveLength(2);
    expect(await jsonOf<Status>(env, ['status'])).toEqual(NOTHING_QUEUED);
    expect((await historyOf(env)).find((s) => s.id === id)).toMatchObject({ answeredCount: 2, questionCount: 3, duration: 40, completedAt: expect.any(String) });
  });

  test('answers saved before an outage are not sent again: resume offline, then sync', async () => {
    const clock = new FakeClock();
    const first = await runMain(['start', '--no-rate', '--type', 'behavioral', '--count', '3', '--new'], { env, tty: true, clock: clock.read, steps: [typed(clock, 'Saved online.', 7), { cancel: 'answer' }] });
    expect(first.code).toBe(130);
    const [session] = await historyOf(env);
    const id = session?.id as string;
    expect(session).toMatchObject({ answeredCount: 1, completedAt: null });

    offline();
    clock.advance(600);
    const resumed = await runMain(['resume', id.slice(0, 8)], { env, clock: clock.read, steps: [typed(clock, 'Offline two.', 8), typed(clock, 'Offline three.', 9)] });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr.split('\n')[0]).toBe(`! ${REFUSED}: only this machine's journal is searched.`);
    expect(progressLines(resumed.stderr).filter((l) => l.startsWith('◌'))).toHaveLength(2);
    expect((await jsonOf<Status>(env, ['status'])).queued).toMatchObject([{ id, unsentResponses: 2, sessionUnsent: false, completionUnsent: true }]);

    await online();
    expect(await jsonOf<SyncReport>(env, ['sync'])).toEqual({ sessions: 1, responses: 2, completed: 1, orphaned: [], running: [], refused: [], elsewhere: [] });
    expect(await rowsOf(id)).toEqual({
      session: { completed: true, duration: 24 },
      responses: (await detailOf(env, id)).questions.map((q, i) => [q.questionId, ['Saved online.', 'Offline two.', 'Offline three.'][i], [7, 8, 9][i]]),
    });
    expect(await jsonOf<Status>(env, ['status'])).toEqual(NOTHING_QUEUED);
  });
});

describe('offline start', () => {
  test("after one online start, an interview starts offline from this machine's copy of the bank, and sync lands it", async () => {
    // The copy is kept per database: the server goes down at the same URL.
    let sessionId: string;
    try {
      const first = await runMain(['start', '--type', 'system-design', '--count', '1', '--new'], { env, steps: [SKIP] });
      expect(first.code, first.stderr).toBe(0);
      offline();

      const run = await runMain(['start', '--domain', 'backend', '--count', '2', '--new'], {
        env,
        steps: [{ answer: { kind: 'answer', text: 'Offline answer one' } }, { answer: { kind: 'answer', text: 'Offline answer two' } }],
      });
      expect(run.code, run.stderr).toBe(0);
      // Told once, with the reason.
      expect(run.stderr).toMatch(/! The database is unreachable \(.*connection refused.*\): the questions come from this machine's copy \(saved \d{4}-\d\d-\d\d \d\d:\d\d\)/);
      expect(run.stderr.match(/The database is unreachable/g)).toHaveLength(1);
      expect(progressLines(run.stderr).filter((l) => l.startsWith('◌ Saved locally'))).toHaveLength(2);
      const status = await jsonOf<Status>(env, ['status']);
      expect(status.queued).toHaveLength(1);
      sessionId = status.queued[0]?.id as string;
      expect(status.queued[0]).toMatchObject({ unsentResponses: 2, sessionUnsent: true, completionUnsent: true });

      // Another URL is another database: it has no copy of its own yet.
      const elsewhere = await runMain(['start', '--domain', 'backend', '--count', '1', '--new'], { env: { ...env, AMPLIFY_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/amplify' } });
      expect(elsewhere.code).toBe(1);
      expect(elsewhere.stderr).toContain('error: the database is unreachable and no copy of the question bank is saved on this machine yet');
    } finally {
      await online();
    }

    const sync = await jsonOf<SyncReport>(env, ['sync']);
    expect(sync).toMatchObject({ sessions: 1, responses: 2, completed: 1 });
    const { session, responses } = await rowsOf(sessionId);
    expect(session?.completed).toBe(true);
    expect(responses.map((r) => [String(r[0]).split('-')[0], r[1]])).toEqual([
      ['backend', 'Offline answer one'],
      ['backend', 'Offline answer two'],
    ]);
  });
});

describe('two syncs at once', () => {
  test('both succeed, every queued answer lands exactly once, and the journal is emptied', async () => {
    offline();
    try {
      for (const text of ['Concurrent A', 'Concurrent B']) {
        const run = await runMain(['start', '--type', 'behavioral', '--count', '1', '--new'], { env, steps: [{ answer: { kind: 'answer', text } }] });
        expect(run.code, run.stderr).toBe(0);
      }
    } finally {
      await online();
    }
    const queued = (await jsonOf<Status>(env, ['status'])).queued.map((q) => q.id);
    expect(queued).toHaveLength(2);

    const [first, second] = await Promise.all([runCli(['sync', '--json'], { env }), runCli(['sync', '--json'], { env })]);
    expect([first?.code, second?.code]).toEqual([0, 0]);
    const sent = [first, second].map((r) => (JSON.parse(r?.stdout ?? '{}') as SyncReport).responses);
    // Each answer is reported by the one sync that sent it.
    expect(sent.reduce((a, b) => a + b, 0)).toBe(2);

    const rows = await sql`select response_text, count(*)::int as n from interview_responses where response_text like 'Concurrent %' group by 1 order by 1`;
    expect(rows.map((r) => [r.response_text, r.n])).toEqual([
      ['Concurrent A', 1],
      ['Concurrent B', 1],
    ]);
    for (const id of queued) expect((await rowsOf(id)).session?.completed).toBe(true);
    expect(await jsonOf<Status>(env, ['status'])).toEqual(NOTHING_QUEUED);
  });
});

describe('a session the database refuses', () => {
  test('is reported and kept, and blocks no other session of the same sync', async () => {
    offline();
    try {
      const run = await runMain(['start', '--type', 'behavioral', '--count', '1', '--new'], { env, steps: [{ answer: { kind: 'answer', text: 'Good one' } }] });
      expect(run.code, run.stderr).toBe(0);
    } finally {
      await online();
    }
    const bad = randomUUID();
    new Journal(home.paths.journal).create(
      newJournalSession({
        id: bad,
        interviewType: 'technical',
        customDomain: null,
        config: {},
        questions: [{ questionId: 'no-such-question', questionText: 'From a bank this server never had?', difficulty: 'easy' }],
        startedAt: new Date().toISOString(),
        owner: null,
      pid: null,
        responses: [{ id: randomUUID(), questionId: 'no-such-question', responseText: 'Kept', duration: 3, answeredAt: new Date().toISOString(), acked: false }],
      }),
    );

    const sync = await runMain(['sync', '--json'], { env });
    expect(sync.code).toBe(1);
    const report = JSON.parse(sync.stdout) as SyncReport;
    expect(report).toMatchObject({ sessions: 1, responses: 1, completed: 1 });
    expect(report.refused).toEqual([expect.objectContaining({ id: bad, reason: 'unknown question id in session' })]);
    expect(sync.stderr).toContain("error: the database refused 1 session; it stays in the journal");
    const [good] = await sql`select count(*)::int as n from interview_responses where response_text = 'Good one'`;
    expect(good?.n).toBe(1);
    expect(new Journal(home.paths.journal).open(bad)?.data.responses[0]?.responseText).toBe('Kept');
  });
});

describe('sessions sync leaves alone', () => {
  beforeAll(async () => {
    // What earlier tests left queued (a refused session) is theirs; these start from nothing.
    rmSync(home.paths.journal, { recursive: true, force: true });
    // An online start first, so that this machine has its copy of the question bank.
    const run = await runMain(['start', '--type', 'behavioral', '--count', '1', '--new'], { env, steps: [SKIP] });
    expect(run.code, run.stderr).toBe(0);
  });

  /** One answered, completed session queued in the journal while the database was away. */
  async function queueOne(text: string): Promise<string> {
    offline();
    try {
      const run = await runMain(['start', '--type', 'behavioral', '--count', '1', '--new'], { env, steps: [{ answer: { kind: 'answer', text } }] });
      expect(run.code, run.stderr).toBe(0);
    } finally {
      await online();
    }
    const [queued] = (await jsonOf<Status>(env, ['status'])).queued;
    return queued?.id as string;
  }

  test('a session deleted from the database elsewhere: reported, kept in the journal, never sent again nor dropped', async () => {
    // Sent once, then the session is deleted by another machine while an answer waits here.
    const id = await queueOne('Orphan first');
    const journal = new Journal(home.paths.journal);
    journal.open(id)?.update((s) => {
      s.completedAt = null;
      s.completedInDb = false;
      s.duration = null;
    });
    expect((await jsonOf<SyncReport>(env, ['sync'])).sessions).toBe(1);
    journal.open(id)?.update((s) => {
      (s.responses[0] as { acked: boolean; responseText: string }).acked = false;
      (s.responses[0] as { responseText: string }).responseText = 'Orphan rewritten';
      (s.responses[0] as { answeredAt: string }).answeredAt = new Date().toISOString();
    });
    await sql`delete from interview_sessions where id = ${id}`;

    for (let round = 0; round < 2; round++) {
      const report = await jsonOf<SyncReport>(env, ['sync']);
      expect(report).toMatchObject({ sessions: 0, responses: 0, orphaned: [{ id, journal: expect.stringContaining(id) }] });
    }
    expect(journal.open(id)?.data).toMatchObject({ orphaned: true, responses: [{ responseText: 'Orphan rewritten', acked: false }] });
    expect((await jsonOf<Status>(env, ['status'])).queued).toEqual([expect.objectContaining({ id, orphaned: true })]);
    expect(await rowsOf(id)).toEqual({ session: undefined, responses: [] });
    const human = await runMain(['sync'], { env });
    expect(human.stderr).toContain(`! ${id.slice(0, 8)} is no longer in the database; its answers stay in `);
    journal.open(id)?.remove();
  });

  test('a session another live amplify is running: left to it, reported, sent once that process is gone', async () => {
    const id = await queueOne('Running elsewhere');
    const other = await otherProcess();
    try {
      new Journal(home.paths.journal).open(id)?.update((s) => {
        s.owner = identityOf(other.pid);
        s.pid = other.pid;
      });
      expect(await jsonOf<SyncReport>(env, ['sync'])).toMatchObject({ sessions: 0, running: [id] });
      expect(await rowsOf(id)).toMatchObject({ responses: [] });
    } finally {
      await ended(other);
    }
    expect(await jsonOf<SyncReport>(env, ['sync'])).toMatchObject({ sessions: 1, responses: 1, running: [] });
    expect((await rowsOf(id)).responses.map((r) => r[1])).toEqual(['Running elsewhere']);
  });
});

describe('answers of one database never go to another', () => {
  test('queued for this server, then amplify points at the embedded database: kept for their own, listed, sent when it points back', async () => {
    rmSync(home.paths.journal, { recursive: true, force: true });
    offline();
    try {
      const run = await runMain(['start', '--type', 'behavioral', '--count', '1', '--new'], { env, steps: [{ answer: { kind: 'answer', text: 'For the server only' } }] });
      expect(run.code, run.stderr).toBe(0);
    } finally {
      await online();
    }
    const [queued] = (await jsonOf<Status>(env, ['status'])).queued;
    const id = queued?.id as string;

    // Now the embedded database: the session waits for its own.
    const embedded = { ...env, AMPLIFY_DATABASE_URL: '' };
    const elsewhere = await jsonOf<SyncReport>(embedded, ['sync']);
    expect(elsewhere).toMatchObject({ sessions: 0, responses: 0, elsewhere: [{ id, database: `postgres:${new URL(redact(door.url).replace('***', '')).href}` }] });
    expect((await jsonOf<Status>(embedded, ['status'])).queued).toEqual([expect.objectContaining({ id, otherDatabase: elsewhere.elsewhere[0]?.database })]);
    const human = await runMain(['sync'], { env: embedded });
    expect(human.stderr).toContain(`${id.slice(0, 8)} belongs to another database (postgres:postgres://postgres@127.0.0.1:${door.port}/`);
    expect((await runMain(['resume', id], { env: embedded })).stderr).toContain(`error: session ${id.slice(0, 8)} belongs to another database`);
    const embeddedHistory = await jsonOf<{ id: string }[]>(embedded, ['history']);
    expect(embeddedHistory.map((s) => s.id)).not.toContain(id);

    // Back on the server: sent there.
    expect(await jsonOf<SyncReport>(env, ['sync'])).toMatchObject({ sessions: 1, responses: 1, elsewhere: [] });
    expect((await rowsOf(id)).responses.map((r) => r[1])).toEqual(['For the server only']);
  });
});
