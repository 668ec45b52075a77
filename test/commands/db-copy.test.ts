import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Config } from '../../src/config.js';
import { plural } from '../../src/interview/text.js';
import { SOCKET_FILE } from '../../src/paths.js';
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
  alreadyThere: { sessions: number; responses: number };
  refused: { id: string; reason: string }[];
}

interface VersionedRow {
  id: string;
  version: string;
  row: unknown;
}

/** Every row of the server's sessions and answers with its row version: a rewrite changes xmin even when the values stay. */
async function rowVersions() {
  return {
    sessions: await admin<VersionedRow[]>`select id, xmin::text as version, to_jsonb(s) as row from public.interview_sessions s order by id`,
    responses: await admin<VersionedRow[]>`select id, xmin::text as version, to_jsonb(r) as row from public.interview_responses r order by id`,
  };
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
    expect(dry).toEqual({ from: 'embedded', to: 'postgres', dryRun: true, sessions: 3, responses: 5, alreadyThere: { sessions: 0, responses: 0 }, library: { questions: 0, templates: 0, disabled: 0 }, refused: [] });
    expect(await everything('postgres')).toEqual([]);

    const copy = await runMain(['db', 'copy', '--to', 'postgres'], { env: home.env });
    expect([copy.code, copy.stdout]).toEqual([0, '']);
    expect(copy.stderr).toBe('Copying 3 sessions from embedded to postgres…\n✓ Copied 3 sessions and 5 answers from embedded to postgres.\n');
    expect(await everything('postgres')).toEqual(source);

    // A second run finds everything there: it sends nothing, so not one row is rewritten.
    const rowsBefore = await rowVersions();
    expect(rowsBefore.responses).toHaveLength(5);
    const again = await runMain(['db', 'copy', '--to', 'postgres'], { env: home.env });
    expect([again.code, again.stderr]).toEqual([0, 'Copying 3 sessions from embedded to postgres…\nNothing to copy: postgres has every session of embedded already (3 sessions).\n']);
    expect(await jsonOf<Report>(home.env, ['db', 'copy', '--to', 'postgres'])).toMatchObject({ sessions: 0, responses: 0, alreadyThere: { sessions: 3, responses: 5 }, refused: [] });
    expect(await jsonOf<Report>(home.env, ['db', 'copy', '--to', 'postgres', '--dry-run'])).toMatchObject({ sessions: 0, responses: 0, alreadyThere: { sessions: 3, responses: 5 } });
    expect(await rowVersions()).toEqual(rowsBefore);
    expect(await everything('postgres')).toEqual(source);
  });

  test('on a terminal a bar fills as the pages go, then is wiped for the summary; elsewhere one plain line', async () => {
    const tty = await runMain(['db', 'copy', '--to', 'postgres'], { env: home.env, tty: true });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stderr).toContain('Copying 3 sessions from embedded to postgres [████████████████████] 100%');
    expect(tty.stderr.split('\r').at(-1)).toBe('Nothing to copy: postgres has every session of embedded already (3 sessions).\n');
    const piped = await runMain(['db', 'copy', '--to', 'postgres'], { env: home.env });
    expect(piped.stderr).not.toMatch(/[\r█]/);
  });

  test('a session continued here after a copy: the next copy sends just its new answer and completion', async () => {
    const [unfinished] = (await everything('embedded')).filter((s) => s.completedAt === null);
    const clock = new FakeClock();
    const resumed = await runMain(['resume', unfinished!.session.id.slice(0, 8)], { env: home.env, clock: clock.read, steps: [typed(clock, 'The second half', 15)] });
    expect(resumed.code, resumed.stderr).toBe(0);
    const before = await rowVersions();

    const dry = await jsonOf<Report>(home.env, ['db', 'copy', '--to', 'postgres', '--dry-run']);
    expect(dry).toMatchObject({ dryRun: true, sessions: 1, responses: 1, alreadyThere: { sessions: 2, responses: 5 } });
    const copy = await runMain(['db', 'copy', '--to', 'postgres'], { env: home.env });
    expect([copy.code, copy.stderr.split('\n')[1]]).toEqual([0, '✓ Copied 1 session and 1 answer from embedded to postgres; 2 sessions were there already.']);
    expect(await everything('postgres')).toEqual(await everything('embedded'));
    const after = await rowVersions();
    // Only the continued session and its new answer were written.
    const changed = (rows: { id: string; version: string }[], was: { id: string; version: string }[]) =>
      rows.filter((r) => was.find((w) => w.id === r.id)?.version !== r.version).length;
    expect([changed(after.sessions, before.sessions), changed(after.responses, before.responses), after.responses.length]).toEqual([1, 1, 6]);
  });

  test('what the target refuses is named, one line each, exit 1, and everything else is copied', async () => {
    const [first, ...rest] = await everything('embedded');
    // The same session id, already someone else's on the server.
    await admin`delete from public.interview_sessions where id = ${first!.session.id}`;
    const stranger = randomUUID();
    await admin`insert into auth.users (id, email) values (${stranger}, 'stranger@example.test')`;
    await admin`insert into public.interview_sessions (id, user_id, interview_type, question_ids) values (${first!.session.id}, ${stranger}, 'technical', ${[first!.session.questionIds[0]!]})`;
    // Gone from the server: copied again.
    await admin`delete from public.interview_sessions where id = ${rest[0]!.session.id}`;
    // A question only this machine's bank has.
    const local = postgres({ path: join(home.paths.socketDir, SOCKET_FILE), username: 'postgres', database: 'postgres', max: 1, onnotice: () => {} });
    try {
      await local`insert into public.interview_questions (question_id, interview_type, question_text, difficulty, tags) values ('only-here-1', 'technical', 'Asked only on this machine?', 'easy', '{local}')`;
    } finally {
      await local.end();
    }
    const store = await openStore({ paths: home.paths, config: await Config.load(home.paths), env: home.env, backendFlag: 'embedded' });
    const onlyHere = randomUUID();
    try {
      await store.createSession({ id: onlyHere, interviewType: 'technical', customDomain: null, questionIds: ['only-here-1'], config: {}, startedAt: new Date().toISOString() });
      await store.saveResponses([{ id: randomUUID(), sessionId: onlyHere, questionId: 'only-here-1', responseText: 'Local only', duration: 5, answeredAt: new Date().toISOString() }]);
    } finally {
      await store.close();
    }

    const copy = await runMain(['db', 'copy', '--to', 'postgres'], { env: home.env });
    expect(copy.code).toBe(1);
    const copied = rest[0]!.responses.length;
    expect(copy.stderr).toBe(
      [
        'Copying 4 sessions from embedded to postgres…',
        `✓ Copied 1 session and ${plural(copied, 'answer')} from embedded to postgres; 1 session was there already.`,
        `✗ ${first!.session.id.slice(0, 8)} was refused by postgres: a session with this id belongs to another account there`,
        `✗ ${onlyHere.slice(0, 8)} was refused by postgres: the question bank there lacks only-here-1`,
        'error: postgres refused 2 sessions; everything else was copied',
        'See the lines above, or `--json`.',
        '',
      ].join('\n'),
    );
    expect((await everything('postgres')).map((s) => s.session.id)).toEqual(rest.map((s) => s.session.id));

    const again = await runMain(['db', 'copy', '--to', 'postgres', '--json'], { env: home.env });
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toEqual({
      from: 'embedded',
      to: 'postgres',
      dryRun: false,
      sessions: 0,
      responses: 0,
      alreadyThere: { sessions: 2, responses: rest.reduce((n, s) => n + s.responses.length, 0) },
      library: { questions: 0, templates: 0, disabled: 0 },
      refused: [
        { id: first!.session.id, reason: 'a session with this id belongs to another account there' },
        { id: onlyHere, reason: 'the question bank there lacks only-here-1' },
      ],
    });
    expect(again.stderr).toBe('Copying 4 sessions from embedded to postgres…\nerror: postgres refused 2 sessions; everything else was copied\nSee the lines above, or `--json`.\n');
    await admin`delete from public.interview_sessions where id = ${first!.session.id}`;
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
});

describe('amplify db copy, your own questions', () => {
  test('your questions, templates and disabled questions go first, so the sessions that asked them are not refused; a second run sends none', async () => {
    const target = await createTestDatabase();
    const own = makeHome();
    try {
      expect((await runMain(['config', 'set', 'database-url', target.url], { env: own.env })).code).toBe(0);
      expect((await runMain(['config', 'set', 'backend', 'embedded'], { env: own.env })).code).toBe(0);
      expect((await runMain(['questions', 'add', '--domain', 'acme', '--text', 'Why Acme?', '--id', 'acme-why', '--time-limit', '60', '--key-point', 'the product'], { env: own.env })).code).toBe(0);
      expect((await runMain(['questions', 'disable', 'behavioral-001'], { env: own.env })).code).toBe(0);
      const clock = new FakeClock();
      expect((await runMain(['start', '--domain', 'acme', '--count', '1', '--new'], { env: own.env, clock: clock.read, steps: [typed(clock, 'The product.', 30)] })).code).toBe(0);
      const session = (await jsonOf<{ id: string }[]>(own.env, ['history']))[0]!.id;
      expect((await runMain(['template', 'save', 'acme', '--from-session', session], { env: own.env })).code).toBe(0);

      const dry = await jsonOf<Report & { library: unknown }>(own.env, ['db', 'copy', '--to', 'postgres', '--dry-run']);
      expect(dry.library).toEqual({ questions: 1, templates: 1, disabled: 1 });
      const run = await runMain(['db', 'copy', '--to', 'postgres'], { env: own.env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain('✓ Copied your 1 question, 1 template, 1 disabled from embedded to postgres.');
      expect(run.stderr).toContain('✓ Copied 1 session and 1 answer from embedded to postgres.');
      const there = await jsonOf<{ id: string; timeLimitSeconds: number; keyPoints: string[] }[]>(own.env, ['questions', 'list', '--mine', '--backend', 'postgres']);
      expect(there).toEqual([expect.objectContaining({ id: 'acme-why', timeLimitSeconds: 60, keyPoints: ['the product'] })]);
      expect((await jsonOf<{ name: string }[]>(own.env, ['template', 'list', '--backend', 'postgres'])).map((t) => t.name)).toEqual(['acme']);
      expect((await jsonOf<{ disabled: boolean }>(own.env, ['questions', 'show', 'behavioral-001', '--backend', 'postgres'])).disabled).toBe(true);
      expect((await jsonOf<Report & { library: unknown }>(own.env, ['db', 'copy', '--to', 'postgres'])).library).toEqual({ questions: 0, templates: 0, disabled: 0 });
    } finally {
      own.cleanup();
      await target.drop();
    }
  });
});
