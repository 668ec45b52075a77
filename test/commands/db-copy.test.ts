import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Config } from '../../src/config.js';
import { openStore } from '../../src/store/open-store.js';
import type { BackendName, ExportedSession } from '../../src/store/store.js';
import { runMain } from '../support/context.js';
import { FakeClock, jsonOf, typed } from '../support/commands-helpers.js';
import { makeHome, type TestHome } from '../support/home.js';
import { createTestDatabase } from '../support/postgres.js';

/** `amplify db copy` between the embedded database and a real PostgreSQL server. */
const HOSTILE = ["'); drop table interview_sessions; --", '🎉 e\u0301 שלום \u202Eevil', `${'x'.repeat(99_990)} the end`];

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: postgres.Sql;
let home: TestHome;
beforeAll(async () => {
  database = await createTestDatabase();
  admin = postgres(database.url, { max: 1, onnotice: () => {} });
  home = makeHome();
  // Both backends known; the embedded one in use.
  expect((await runMain(['config', 'set', 'database-url', database.url], { env: home.env })).code).toBe(0);
  expect((await runMain(['config', 'set', 'backend', 'embedded'], { env: home.env })).code).toBe(0);
});
afterAll(async () => {
  await home?.cleanup();
  await admin?.end();
  await database?.drop();
});

/** Everything this home's user has on a backend, as a copy reads it. */
async function everything(backend: BackendName, h = home): Promise<ExportedSession[]> {
  const store = await openStore({ paths: h.paths, config: await Config.load(h.paths), env: h.env, backendFlag: backend });
  try {
    return await store.exportSessions({ after: null, limit: 1000 });
  } finally {
    await store.close();
  }
}

interface Report {
  from: string;
  to: string;
  dryRun: boolean;
  sessions: number;
  responses: number;
  refused: { id: string; reason: string }[];
}

describe('amplify db copy', () => {
  test('embedded → postgres copies every session and answer byte for byte; a second run duplicates nothing', async () => {
    const clock = new FakeClock();
    const interview = (count: number, answers: string[]) =>
      runMain(['start', '--type', 'technical', '--count', String(count), '--new'], { env: home.env, clock: clock.read, steps: answers.map((a) => typed(clock, a, 20)) });
    expect((await interview(3, HOSTILE)).code).toBe(0);
    expect((await interview(1, ['Just one'])).code).toBe(0);
    const stopped = await runMain(['start', '--type', 'behavioral', '--count', '2', '--new'], { env: home.env, clock: clock.read, steps: [typed(clock, 'Half', 10), { answer: { kind: 'stop' } }] });
    expect(stopped.code).toBe(0);
    const source = await everything('embedded');
    expect(source).toHaveLength(3);

    const dry = await jsonOf<Report>(home.env, ['db', 'copy', '--to', 'postgres', '--dry-run']);
    expect(dry).toEqual({ from: 'embedded', to: 'postgres', dryRun: true, sessions: 3, responses: 5, refused: [] });
    expect(await everything('postgres')).toEqual([]);

    const copy = await runMain(['db', 'copy', '--to', 'postgres'], { env: home.env });
    expect([copy.code, copy.stdout]).toEqual([0, '']);
    expect(copy.stderr).toContain('✓ Copied 3 sessions and 5 answers from embedded to postgres. Running it again copies nothing twice.\n');
    expect(await everything('postgres')).toEqual(source);

    const rowsBefore = await admin`select count(*)::int as n from public.interview_responses`;
    const again = await jsonOf<Report>(home.env, ['db', 'copy', '--to', 'postgres']);
    expect(again).toMatchObject({ sessions: 3, responses: 5, refused: [] });
    expect(await admin`select count(*)::int as n from public.interview_responses`).toEqual(rowsBefore);
    expect(await everything('postgres')).toEqual(source);
  });

  test('what the target refuses is named, exit 1, and everything else is copied', async () => {
    const [first, ...rest] = await everything('embedded');
    // The same session id, already someone else's on the server.
    await admin`delete from public.interview_sessions where id = ${first!.session.id}`;
    const stranger = randomUUID();
    await admin`insert into auth.users (id, email) values (${stranger}, 'stranger@example.test')`;
    await admin`insert into public.interview_sessions (id, user_id, interview_type, question_ids) values (${first!.session.id}, ${stranger}, 'technical', ${[first!.session.questionIds[0]!]})`;
    await admin`delete from public.interview_sessions where id = ${rest[0]!.session.id}`;
    const copy = await runMain(['db', 'copy', '--to', 'postgres', '--json'], { env: home.env });
    expect(copy.code).toBe(1);
    expect(JSON.parse(copy.stdout)).toMatchObject({ sessions: 2, refused: [{ id: first!.session.id, reason: 'a session with this id belongs to another account there' }] });
    expect(copy.stderr).toBe('Copying 3 sessions from embedded to postgres…\nerror: postgres refused 1 session; everything else was copied\nSee the lines above, or `--json`.\n');
    expect((await everything('postgres')).map((s) => s.session.id)).toEqual(rest.map((s) => s.session.id));
  });

  test('postgres → embedded into another profile, with --from', async () => {
    const other = makeHome();
    try {
      expect((await runMain(['config', 'set', 'database-url', database.url], { env: other.env })).code).toBe(0);
      const clock = new FakeClock();
      const run = await runMain(['start', '--type', 'system-design', '--count', '1', '--new'], { env: other.env, clock: clock.read, steps: [typed(clock, 'Shard by tenant.', 60)] });
      expect(run.code, run.stderr).toBe(0);
      const report = await jsonOf<Report>(other.env, ['db', 'copy', '--from', 'postgres', '--to', 'embedded']);
      expect(report).toMatchObject({ from: 'postgres', to: 'embedded', sessions: 1, responses: 1, refused: [] });
      expect(await everything('embedded', other)).toEqual(await everything('postgres', other));
    } finally {
      await other.cleanup();
    }
  });

  test.each([
    [['db', 'copy', '--to', 'embedded'], 'error: the source and the target are both embedded'],
    [['db', 'copy'], "error: required option '--to <backend>' not specified"],
    [['db', 'copy', '--to', 'mysql'], "error: option '--to <backend>' argument 'mysql' is invalid. Allowed choices are embedded, postgres, supabase."],
  ])('%j is a usage error', async (argv, line) => {
    const run = await runMain(argv, { env: home.env });
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([2, line]);
  });
});
