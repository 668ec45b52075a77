import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readMigrations } from '../../src/store/migrate.js';
import { SUPABASE_DIR } from '../../src/store/open-store.js';
import { runMain } from '../support/context.js';
import { makeHome, type TestHome } from '../support/home.js';
import { createSupabaseDatabase, type SupabaseDatabase } from '../support/supabase-db.js';
import { startSupabaseStandin, type SupabaseStandin } from '../support/supabase-standin.js';

const NEWEST = readMigrations(SUPABASE_DIR).at(-1)!;

/** What the supabase backend says about its project before anyone signs in. */
describe('db status, shell and check on the supabase backend', () => {
  let db: SupabaseDatabase;
  let standin: SupabaseStandin;
  let admin: postgres.Sql;
  let home: TestHome;
  const run = (...argv: string[]) =>
    runMain([...argv, '--backend', 'supabase'], { env: { ...home.env, SUPABASE_URL: standin.url, SUPABASE_ANON_KEY: standin.anonKey, AMPLIFY_DB_TIMEOUT_MS: '2000' } });

  beforeAll(async () => {
    db = await createSupabaseDatabase();
    standin = await startSupabaseStandin(db);
    admin = postgres(db.url, { max: 1, onnotice: () => {} });
    home = makeHome();
  });
  afterAll(async () => {
    await standin?.stop();
    await admin?.end();
    await db?.drop();
    await home?.cleanup();
  });

  test('status shows the project, nobody signed in, reachable, migrations up to date', async () => {
    const status = await run('db', 'status', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({
      backend: 'supabase',
      url: standin.url,
      userId: null,
      userEmail: null,
      reachable: true,
      problem: null,
      schemaVersion: NEWEST.version,
      missingMigrations: [],
    });
    const text = await run('db', 'status');
    expect(text.stdout).toBe(
      `Backend: supabase at ${standin.url}\nSigned in: no; run \`amplify login\`\nProject: reachable\nMigrations: up to date (${NEWEST.version})\n`,
    );
  });

  test('a project behind this version names the first missing migration; one without the version function misses them all', async () => {
    const previous = readMigrations(SUPABASE_DIR).at(-2)!.version;
    await admin.unsafe(`create or replace function public.amplify_schema_version() returns text language sql immutable set search_path = '' as $$ select '${previous}' $$`);
    try {
      const behind = JSON.parse((await run('db', 'status', '--json')).stdout);
      expect(behind).toMatchObject({ schemaVersion: previous, missingMigrations: [NEWEST.version] });
      const text = await run('db', 'status');
      expect(text.stdout).toContain(`Migrations: 1 missing, from ${NEWEST.version}; apply them with \`supabase db push\``);
      await admin.unsafe('drop function public.amplify_schema_version()');
      const none = JSON.parse((await run('db', 'status', '--json')).stdout);
      expect(none).toMatchObject({ reachable: true, schemaVersion: null, missingMigrations: readMigrations(SUPABASE_DIR).map((m) => m.version) });
    } finally {
      await admin.unsafe(`create or replace function public.amplify_schema_version() returns text language sql immutable set search_path = '' as $$ select '${NEWEST.version}' $$`);
      await admin.unsafe('grant execute on function public.amplify_schema_version() to anon, authenticated');
    }
  });

  test('an unreachable project is reported, not thrown', async () => {
    standin.pause();
    try {
      const status = await runMain(['db', 'status', '--json', '--backend', 'supabase'], {
        env: { ...home.env, SUPABASE_URL: standin.url, SUPABASE_ANON_KEY: standin.anonKey, AMPLIFY_DB_TIMEOUT_MS: '300' },
      });
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ reachable: false, problem: 'no answer within 300 ms', missingMigrations: null });
    } finally {
      standin.resume();
    }
  });

  test.each([
    ['shell', 'error: db shell needs a direct connection to the database, which the supabase backend does not use'],
    ['check', 'error: db check needs a direct connection to the database, which the supabase backend does not use'],
  ])('db %s explains what it needs instead, exit 1', async (verb, line) => {
    const result = await run('db', verb);
    expect([result.code, result.stderr.split('\n')[0]]).toEqual([1, line]);
    expect(result.stderr.split('\n')).toHaveLength(3);
  });

  test('a data command without a sign-in exits 4 and says to log in', async () => {
    const history = await run('history');
    expect([history.code, history.stderr]).toEqual([4, `error: not signed in to ${standin.url}\nRun \`amplify login\` to sign in.\n`]);
  });
});
