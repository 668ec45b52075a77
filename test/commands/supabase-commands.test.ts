import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readMigrations } from '../../src/store/migrate.js';
import { SUPABASE_DIR } from '../../src/store/open-store.js';
import { runMain } from '../support/context.js';
import { FakeClock, detailOf, historyOf, jsonOf, typed, STOP } from '../support/commands-helpers.js';
import { makeHome, type TestHome } from '../support/home.js';
import { createSupabaseDatabase, type SupabaseDatabase } from '../support/supabase-db.js';
import { createStandinClient, startSupabaseStandin, type SupabaseStandin } from '../support/supabase-standin.js';

/**
 * The commands on the supabase backend, end to end in-process: the real supabase-js against
 * the PostgREST and Auth stand-ins, on a database the real Supabase CLI prepared.
 */
const PASSWORD = 'correct horse battery';
const ACCESS_TOKEN_SECONDS = 3600;

let db: SupabaseDatabase;
let standin: SupabaseStandin;
let admin: postgres.Sql;
const homes: TestHome[] = [];

beforeAll(async () => {
  db = await createSupabaseDatabase();
  standin = await startSupabaseStandin(db, { accessTokenLifetimeSeconds: ACCESS_TOKEN_SECONDS });
  admin = postgres(db.url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await Promise.all(homes.map((h) => h.cleanup()));
  await standin?.stop();
  await admin?.end();
  await db?.drop();
});

interface Account {
  email: string;
  id: string;
}

/** A new account on the project, made as Supabase Auth makes them. */
async function newAccount(): Promise<Account> {
  const email = `cmd-${randomUUID()}@example.test`;
  const { data, error } = await createStandinClient(standin).auth.signUp({ email, password: PASSWORD });
  if (error || !data.user) throw new Error(`sign-up failed: ${error?.message}`);
  return { email, id: data.user.id };
}

/** A home whose amplify uses the stand-in's project, signed in as `account`. */
async function signedInHome(account: Account): Promise<{ env: NodeJS.ProcessEnv; home: TestHome }> {
  const home = makeHome({ SUPABASE_URL: standin.url, SUPABASE_ANON_KEY: standin.anonKey, AMPLIFY_BACKEND: 'supabase', AMPLIFY_DB_TIMEOUT_MS: '1500' });
  homes.push(home);
  await login(home.env, account);
  return { env: home.env, home };
}

async function login(env: NodeJS.ProcessEnv, account: Account): Promise<void> {
  const run = await runMain(['login', '--email', account.email, '--password-stdin'], { env, input: `${PASSWORD}\n` });
  expect(run.code, run.stderr).toBe(0);
}

/** What the project's database holds for a session, as its owner wrote it. */
async function stored(sessionId: string) {
  const [session] = await admin`select user_id, completed_at is not null as completed from public.interview_sessions where id = ${sessionId}`;
  const responses = await admin`select response_text from public.interview_responses where session_id = ${sessionId} order by answered_at`;
  return { userId: session?.user_id as string | undefined, completed: session?.completed as boolean | undefined, answers: responses.map((r) => r.response_text as string) };
}

describe('the commands on the supabase backend', () => {
  test('start, history, show and stats: every answer reaches the project as the signed-in user', async () => {
    const account = await newAccount();
    const { env } = await signedInHome(account);
    const clock = new FakeClock();
    standin.resetRequests();
    const start = await runMain(['start', '--type', 'technical', '--count', '2', '--new'], {
      env,
      clock: clock.read,
      steps: [typed(clock, "First answer; drop table interview_sessions; --", 30), typed(clock, 'Second answer 🎉', 45)],
    });
    expect(start.code, start.stderr).toBe(0);
    expect(start.stderr.match(/✓ Saved/g)).toHaveLength(2);
    expect(standin.requests('/rest/v1')).toBeGreaterThan(0);

    const [session] = await historyOf(env);
    expect(session).toMatchObject({ interviewType: 'technical', questionCount: 2, answeredCount: 2, duration: 75 });
    expect(await stored(session!.id)).toEqual({ userId: account.id, completed: true, answers: ['First answer; drop table interview_sessions; --', 'Second answer 🎉'] });
    const detail = await detailOf(env, session!.id.slice(0, 8));
    expect(detail.questions.map((q) => [q.responseText, q.duration])).toEqual([
      ['First answer; drop table interview_sessions; --', 30],
      ['Second answer 🎉', 45],
    ]);
    const stats = await jsonOf<{ completion: { completed: number; total: number } }>(env, ['stats']);
    expect(stats.completion).toEqual({ completed: 1, total: 1, completionRate: 100 });
    const status = await jsonOf<{ userId: string; userEmail: string; reachable: boolean; missingMigrations: string[] }>(env, ['db', 'status']);
    expect(status).toMatchObject({ userId: account.id, userEmail: account.email, reachable: true, missingMigrations: [] });
    expect(await jsonOf<{ queued: unknown[]; backend: string; reachable: boolean }>(env, ['status'])).toEqual({ backend: 'supabase', reachable: true, problem: null, queued: [] });
  });

  test('resume continues an interview stopped on Supabase, from the database alone', async () => {
    const account = await newAccount();
    const { env } = await signedInHome(account);
    const clock = new FakeClock();
    const first = await runMain(['start', '--type', 'behavioral', '--count', '2', '--new'], { env, clock: clock.read, steps: [typed(clock, 'Before the break', 20), STOP] });
    expect(first.code, first.stderr).toBe(0);
    const [session] = await historyOf(env);
    // Another machine: nothing in this journal, the project knows where it stopped.
    const other = await signedInHome(account);
    const resumed = await runMain(['resume', session!.id.slice(0, 8)], { env: other.env, clock: clock.read, steps: [typed(clock, 'After the break', 25)] });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await stored(session!.id)).toEqual({ userId: account.id, completed: true, answers: ['Before the break', 'After the break'] });
  });

  test('the network drops mid-interview: the answer is queued, the interview goes on, sync sends it once', async () => {
    const account = await newAccount();
    const { env } = await signedInHome(account);
    const clock = new FakeClock();
    let id = '';
    const start = await runMain(['start', '--type', 'technical', '--count', '2', '--new'], {
      env,
      clock: clock.read,
      steps: [typed(clock, 'Sent at once', 10, () => undefined), typed(clock, 'Sent by sync', 10, () => standin.pause())],
    }).finally(() => standin.resume());
    expect(start.code, start.stderr).toBe(0);
    expect(start.stderr).toContain('✓ Saved');
    expect(start.stderr).toContain('◌ Saved locally');
    const status = await jsonOf<{ queued: { id: string; unsentResponses: number }[] }>(env, ['status']);
    expect(status.queued).toHaveLength(1);
    id = status.queued[0]!.id;
    expect(status.queued[0]!.unsentResponses).toBe(1);
    const sync = await jsonOf<{ sessions: number; responses: number; completed: number }>(env, ['sync']);
    expect(sync).toMatchObject({ sessions: 1, responses: 1, completed: 1 });
    expect(await stored(id)).toEqual({ userId: account.id, completed: true, answers: ['Sent at once', 'Sent by sync'] });
    expect((await jsonOf<{ sessions: number }>(env, ['sync'])).sessions).toBe(0);
  });

  test("an access token that expires mid-interview is renewed: the answer is saved, nobody signs in again", async () => {
    const account = await newAccount();
    const { env } = await signedInHome(account);
    const clock = new FakeClock();
    const start = await runMain(['start', '--type', 'technical', '--count', '2', '--new'], {
      env,
      clock: clock.read,
      steps: [typed(clock, 'Before expiry', 10), typed(clock, 'After expiry', 10, () => standin.clock.advance(ACCESS_TOKEN_SECONDS + 60))],
    });
    expect(start.code, start.stderr).toBe(0);
    expect(start.stderr.match(/✓ Saved/g)).toHaveLength(2);
    const [session] = await historyOf(env);
    expect((await stored(session!.id)).answers).toEqual(['Before expiry', 'After expiry']);
  });

  test('a sign-in revoked mid-interview: answers stay in the journal, exit 4 says to log in; login and sync land them', async () => {
    const account = await newAccount();
    const { env } = await signedInHome(account);
    const clock = new FakeClock();
    const revoke = async () => {
      // Signed out everywhere (from another device), and the access token then expires.
      const other = createStandinClient(standin);
      await other.auth.signInWithPassword({ email: account.email, password: PASSWORD });
      await other.auth.signOut({ scope: 'global' });
      standin.clock.advance(ACCESS_TOKEN_SECONDS + 60);
    };
    let revoked: Promise<void> = Promise.resolve();
    const start = await runMain(['start', '--type', 'technical', '--count', '2', '--new'], {
      env,
      clock: clock.read,
      steps: [typed(clock, 'Kept', 10, () => void (revoked = revoke())), typed(clock, 'Kept too', 10)],
    });
    await revoked;
    expect(start.code).toBe(4);
    expect(start.stderr).toContain('Run `amplify login`');
    const status = await runMain(['status', '--json'], { env });
    expect(JSON.parse(status.stdout).queued.map((q: { unsentResponses: number }) => q.unsentResponses)).toEqual([expect.any(Number)]);
    await login(env, account);
    const sync = await jsonOf<{ responses: number; completed: number }>(env, ['sync']);
    expect(sync.completed).toBe(1);
    const [session] = await historyOf(env);
    expect(await stored(session!.id)).toMatchObject({ userId: account.id, completed: true, answers: ['Kept', 'Kept too'] });
  });

  test("two accounts on one machine: one's queued answers are never sent into the other's", async () => {
    const alice = await newAccount();
    const bob = await newAccount();
    const { env } = await signedInHome(bob);
    const clock = new FakeClock();
    // The session reaches the project; the answer and the completion wait in Bob's journal.
    const offline = await runMain(['start', '--type', 'technical', '--count', '1', '--new'], {
      env,
      clock: clock.read,
      steps: [typed(clock, "Bob's answer", 10, () => standin.pause())],
    }).finally(() => standin.resume());
    expect(offline.code, offline.stderr).toBe(0);
    expect((await runMain(['logout'], { env })).code).toBe(0);
    await login(env, alice);
    const sync = await jsonOf<{ sessions: number; elsewhere: { userId: string; otherAccount: boolean }[] }>(env, ['sync']);
    expect(sync.sessions).toBe(0);
    expect(sync.elsewhere).toEqual([expect.objectContaining({ userId: bob.id, otherAccount: true })]);
    const status = await jsonOf<{ queued: { otherUser: string | null }[] }>(env, ['status']);
    expect(status.queued.map((q) => q.otherUser)).toEqual([bob.id]);
    expect(await historyOf(env)).toEqual([]);
    await login(env, bob);
    expect((await jsonOf<{ sessions: number }>(env, ['sync'])).sessions).toBe(1);
    const [session] = await historyOf(env);
    expect(await stored(session!.id)).toMatchObject({ userId: bob.id, answers: ["Bob's answer"] });
  });

  test('db copy moves what was practised locally to the Supabase account, and back to another machine', async () => {
    const account = await newAccount();
    const { env } = await signedInHome(account);
    const clock = new FakeClock();
    const local = await runMain(['start', '--backend', 'embedded', '--type', 'technical', '--count', '2', '--new'], {
      env,
      clock: clock.read,
      steps: [typed(clock, "Local answer '); --", 30), typed(clock, 'Local 🎉', 40)],
    });
    expect(local.code, local.stderr).toBe(0);
    const [session] = await historyOf({ ...env, AMPLIFY_BACKEND: 'embedded' });
    const copy = await jsonOf<{ sessions: number; responses: number; refused: unknown[] }>(env, ['db', 'copy', '--from', 'embedded', '--to', 'supabase']);
    expect(copy).toMatchObject({ sessions: 1, responses: 2, refused: [] });
    expect(await stored(session!.id)).toEqual({ userId: account.id, completed: true, answers: ["Local answer '); --", 'Local 🎉'] });
    expect(await jsonOf<{ sessions: number }>(env, ['db', 'copy', '--from', 'embedded', '--to', 'supabase'])).toMatchObject({ sessions: 0, responses: 0, alreadyThere: { sessions: 1, responses: 2 } });
    expect((await admin`select count(*)::int as n from public.interview_responses where session_id = ${session!.id}`)[0]?.n).toBe(2);

    const other = await signedInHome(account);
    const back = await jsonOf<{ sessions: number }>(other.env, ['db', 'copy', '--to', 'embedded']);
    expect(back.sessions).toBe(1);
    const detail = await detailOf({ ...other.env, AMPLIFY_BACKEND: 'embedded' }, session!.id.slice(0, 8));
    expect(detail.questions.map((q) => q.responseText)).toEqual(["Local answer '); --", 'Local 🎉']);
  });

  test('a project behind this version: one line naming the first missing migration and how to apply it; nothing is changed there', async () => {
    const account = await newAccount();
    const { env } = await signedInHome(account);
    const migrations = readMigrations(SUPABASE_DIR);
    const [previous, newest] = [migrations.at(-2)!, migrations.at(-1)!];
    const setVersion = (v: string) =>
      admin.unsafe(`create or replace function public.amplify_schema_version() returns text language sql immutable set search_path = '' as $$ select '${v}' $$`);
    await setVersion(previous.version);
    try {
      const run = await runMain(['history'], { env });
      expect(run.code).toBe(1);
      expect(run.stderr.split('\n')).toEqual([
        `error: the Supabase project at ${standin.url} lacks 1 migration this amplify needs, from ${newest.version}_${newest.name}.sql`,
        `Apply them with the Supabase CLI: \`supabase db push\` in a folder holding amplify's supabase/ (${SUPABASE_DIR}); see the README, "Supabase".`,
        '',
      ]);
    } finally {
      await setVersion(newest.version);
    }
    expect((await runMain(['history'], { env })).code).toBe(0);
  });

  test('export from Supabase, import into the embedded database, export again: the same bytes', async () => {
    const account = await newAccount();
    const { env, home } = await signedInHome(account);
    const clock = new FakeClock();
    const run = await runMain(['start', '--type', 'behavioral', '--count', '2', '--new'], { env, clock: clock.read, steps: [typed(clock, "Supabase '); --", 20), typed(clock, 'Second 🎉', 30)] });
    expect(run.code, run.stderr).toBe(0);
    const now = () => new Date('2026-03-01T00:00:00.000Z');
    const file = join(home.dir, 'from-supabase.json');
    expect((await runMain(['export', '--all', '--out', file], { env, now })).code).toBe(0);
    const local = { ...env, AMPLIFY_BACKEND: 'embedded' };
    const imported = await runMain(['import', file], { env: local, now });
    expect(imported.code, imported.stderr).toBe(0);
    expect((await runMain(['export', '--all'], { env: local, now })).stdout).toBe(readFileSync(file, 'utf8'));
  });
});
