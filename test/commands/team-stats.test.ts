import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeClock, typed } from '../support/commands-helpers.js';
import { runMain } from '../support/context.js';
import { makeHome, type TestHome } from '../support/home.js';
import { createTestDatabase } from '../support/postgres.js';
import { createSupabaseDatabase, type SupabaseDatabase } from '../support/supabase-db.js';
import { createStandinClient, startSupabaseStandin, type SupabaseStandin } from '../support/supabase-standin.js';

/** `amplify stats --all-users`: a team owner's reports over every user, and who may have them. */
const homes: TestHome[] = [];
function home(extra: NodeJS.ProcessEnv): TestHome {
  const h = makeHome(extra);
  homes.push(h);
  return h;
}
afterAll(() => Promise.all(homes.map((h) => h.cleanup())));

async function practise(env: NodeJS.ProcessEnv, answers: number): Promise<void> {
  const clock = new FakeClock();
  const steps = Array.from({ length: answers }, (_, i) => typed(clock, `Answer ${i + 1}`, 10 * (i + 1)));
  const run = await runMain(['start', '--type', 'technical', '--count', String(answers), '--new'], { env, clock: clock.read, steps });
  expect(run.code, run.stderr).toBe(0);
}

interface TeamStats {
  completion: { completed: number; total: number };
  responseTimes: { maxResponseTime: number | null };
  progress: { users: number };
  allUsers: boolean;
  users: number;
}
const stats = async (env: NodeJS.ProcessEnv, ...flags: string[]) => {
  const run = await runMain(['stats', '--json', ...flags], { env });
  return { ...run, json: run.code === 0 ? (JSON.parse(run.stdout) as TeamStats) : null };
};

describe('on a Postgres server', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let reader = '';
  beforeAll(async () => {
    db = await createTestDatabase();
    await practise(home({ AMPLIFY_DATABASE_URL: db.url }).env, 1);
    await practise(home({ AMPLIFY_DATABASE_URL: db.url }).env, 2);
    // A login held to its own rows: a member of authenticated, owning nothing, no BYPASSRLS.
    reader = `reader_${randomBytes(4).toString('hex')}`;
    const admin = postgres(db.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role ${reader} login password 'reader-pw' in role authenticated`);
    await admin.end();
  });
  afterAll(async () => {
    const admin = postgres(db.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop owned by ${reader}`).catch(() => {});
    await admin.end();
    await db?.drop();
    const server = postgres(db.url.replace(/\/[^/]+$/, '/postgres'), { max: 1, onnotice: () => {} });
    await server.unsafe(`drop role if exists ${reader}`);
    await server.end();
  });

  test("the tables' owner sees every user; without --all-users one sees oneself", async () => {
    const owner = home({ AMPLIFY_DATABASE_URL: db.url });
    const team = await stats(owner.env, '--all-users');
    expect(team.json).toMatchObject({ completion: { completed: 2, total: 2 }, responseTimes: { maxResponseTime: 20 }, progress: { users: 2 }, allUsers: true, users: 2 });
    const text = await runMain(['stats', '--all-users'], { env: owner.env });
    expect(text.stdout.split('\n')[0]).toBe('Every user of this database (2 users in the chosen time)');
    expect((await stats(owner.env)).json).toMatchObject({ completion: { total: 0 }, allUsers: false });
  });

  test('a login that row-level security holds to its own rows is told why, exit 1; its own stats still work', async () => {
    const url = db.url.replace(/\/\/[^@]*@/, `//${reader}:reader-pw@`);
    const h = home({ AMPLIFY_DATABASE_URL: url });
    const refused = await stats(h.env, '--all-users');
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      1,
      '',
      `error: --all-users needs a connection that may read every user's rows; ${reader} sees only its own (row-level security)\nConnect as the tables' owner or a role with BYPASSRLS, through AMPLIFY_DATABASE_URL.\n`,
    ]);
    expect((await stats(h.env)).json).toMatchObject({ completion: { total: 0 } });
  });
});

describe('on Supabase', () => {
  let db: SupabaseDatabase;
  let standin: SupabaseStandin;
  let env: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    db = await createSupabaseDatabase();
    standin = await startSupabaseStandin(db);
    for (const answers of [1, 3]) {
      const email = `team-${randomUUID()}@example.test`;
      expect((await createStandinClient(standin).auth.signUp({ email, password: 'team password' })).error).toBeNull();
      const h = home({ SUPABASE_URL: standin.url, SUPABASE_ANON_KEY: standin.anonKey, AMPLIFY_BACKEND: 'supabase' });
      expect((await runMain(['login', '--email', email, '--password-stdin'], { env: h.env, input: 'team password\n' })).code).toBe(0);
      await practise(h.env, answers);
      env = h.env;
    }
  });
  afterAll(async () => {
    await standin?.stop();
    await db?.drop();
  });

  test('the service-role key from SUPABASE_SERVICE_ROLE_KEY reads every user; it is never kept', async () => {
    const team = await stats({ ...env, SUPABASE_SERVICE_ROLE_KEY: standin.serviceRoleKey }, '--all-users');
    expect(team.json).toMatchObject({ completion: { completed: 2, total: 2 }, responseTimes: { maxResponseTime: 30 }, progress: { users: 2 }, allUsers: true });
    expect((await stats(env)).json).toMatchObject({ completion: { total: 1 } });
  });

  test.each([
    ['without the key', {}, 'error: --all-users on Supabase needs the service-role key'],
    ['with the anon key instead', { SUPABASE_SERVICE_ROLE_KEY: 'anon' }, 'error: SUPABASE_SERVICE_ROLE_KEY is not a service-role key'],
  ])('%s: one line, exit 1', async (_name, extra, line) => {
    const key = (extra as { SUPABASE_SERVICE_ROLE_KEY?: string }).SUPABASE_SERVICE_ROLE_KEY === 'anon' ? { SUPABASE_SERVICE_ROLE_KEY: standin.anonKey } : {};
    const refused = await stats({ ...env, ...key }, '--all-users');
    expect([refused.code, refused.stderr.split('\n')[0]]).toEqual([1, line]);
  });
});
