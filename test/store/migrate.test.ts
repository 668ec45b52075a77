import { analyseAnswer } from '../../src/feedback/analyse.js';
import { randomUUID } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations, type MigrationResult } from '../../src/store/migrate.js';
import { SUPABASE_DIR } from '../../src/store/open-store.js';
import { SqlStore } from '../../src/store/sql-store.js';
import { freshPglite, freshPostgres, type RawDatabase } from '../support/store-executors.js';
import { SPEC_INDEXES, SPEC_TABLES, VERIFY_INDEXES_SQL, VERIFY_TABLES_SQL } from '../support/store-spec-sql.js';

const MIGRATIONS = readMigrations(SUPABASE_DIR);

/** Row counts that a second migrate() must leave alone. */
const COUNTS_SQL = `select
  (select count(*) from public.interview_questions)::int as questions,
  (select count(*) from supabase_migrations.schema_migrations)::int as ledger,
  (select count(*) from supabase_migrations.seed_files)::int as seeds,
  (select count(*) from pg_indexes where schemaname = 'public')::int as indexes,
  (select count(*) from pg_policies where schemaname = 'public')::int as policies,
  (select count(*) from pg_proc where pronamespace = 'public'::regnamespace)::int as functions`;

describe.each([
  ['postgres', freshPostgres],
  ['PGlite', freshPglite],
])('migrate() on a fresh %s database', (_, open) => {
  let db: RawDatabase;
  let first: MigrationResult;

  beforeAll(async () => {
    db = await open();
    first = await migrate(db.executor, SUPABASE_DIR);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('applies the auth bootstrap, every migration in order, and the seed', () => {
    expect(MIGRATIONS.map((m) => m.name)).toContain('add_performance_indexes');
    expect(first).toEqual({ bootstrapped: true, applied: MIGRATIONS.map((m) => m.version), seeded: true });
  });

  it("records every migration file in the Supabase CLI's ledger", async () => {
    const ledger = await db.rows<{ version: string; name: string; statements: string[] }>(
      'select version, name, statements from supabase_migrations.schema_migrations order by version',
    );
    expect(ledger).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name, statements: [m.sql] })));
    expect(ledger.map((r) => r.version)).toContain('20250103000003');
  });

  it('reports the newest migration as its schema version: every later migration must replace amplify_schema_version()', async () => {
    const [row] = await db.rows<{ version: string }>('select public.amplify_schema_version() as version');
    expect(row?.version).toBe(MIGRATIONS.at(-1)?.version);
  });

  it("returns the three tables for the spec's table check, run verbatim", async () => {
    const rows = await db.rows<{ table_name: string }>(VERIFY_TABLES_SQL);
    expect(rows.map((r) => r.table_name).sort()).toEqual(SPEC_TABLES);
  });

  it("returns all seven spec indexes for the spec's index check, run verbatim, on the spec's columns", async () => {
    const names = (await db.rows<{ indexname: string }>(VERIFY_INDEXES_SQL)).map((r) => r.indexname);
    expect(names).toEqual(expect.arrayContaining(SPEC_INDEXES.map((i) => i.name)));
    expect(new Set(names).size).toBe(names.length);
    const defs = await db.rows<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = 'public' and indexname like 'idx_interview_%'`,
    );
    const byName = new Map(defs.map((d) => [d.indexname, d.indexdef]));
    for (const index of SPEC_INDEXES) {
      expect(byName.get(index.name), index.name).toBe(`CREATE INDEX ${index.name} ON public.${index.table} USING btree (${index.columns})`);
    }
  });

  it('seeds a real question bank: 120+ active questions, four types, 5+ domains, difficulty and tags, no duplicates', async () => {
    const [bank] = await db.rows<Record<string, number>>(`select
      count(*) filter (where is_active)::int as active,
      count(distinct interview_type)::int as types,
      count(distinct custom_domain)::int as domains,
      count(*) filter (where difficulty not in ('easy', 'medium', 'hard') or difficulty is null)::int as without_difficulty,
      count(*) filter (where cardinality(tags) = 0 or array_position(tags, '') is not null)::int as without_tags,
      (count(*) - count(distinct lower(btrim(question_text))))::int as duplicate_texts
      from public.interview_questions`);
    expect(bank?.active).toBeGreaterThanOrEqual(120);
    expect(bank?.domains).toBeGreaterThanOrEqual(5);
    expect(bank).toMatchObject({ types: 4, without_difficulty: 0, without_tags: 0, duplicate_texts: 0 });
    const perType = await db.rows<{ interview_type: string; n: number }>(
      `select interview_type, count(*)::int as n from public.interview_questions where is_active group by 1 order by 1`,
    );
    expect(perType.map((r) => r.interview_type)).toEqual(['behavioral', 'custom', 'system_design', 'technical']);
    for (const { interview_type, n } of perType) expect(n, interview_type).toBeGreaterThanOrEqual(10);
  });

  it('gives every question of the bank at least three distinct key points, each one an answer can touch', async () => {
    const questions = await db.rows<{ question_id: string; interview_type: 'behavioral'; key_points: string[] }>(
      `select question_id, interview_type, key_points from public.interview_questions where is_active order by question_id`,
    );
    for (const q of questions) {
      const points = q.key_points.map((p) => p.trim().toLowerCase());
      expect(new Set(points).size, q.question_id).toBeGreaterThanOrEqual(3);
      expect(points.every((p) => p.length > 0), q.question_id).toBe(true);
      // A point the analyser could never find covered would be a finding nobody can clear.
      for (const point of q.key_points) {
        const feedback = analyseAnswer({ questionText: '', interviewType: q.interview_type, customDomain: null, difficulty: 'medium', keyPoints: [point], answerText: `The answer covers ${point}, and why it matters here.`, writingSeconds: null });
        expect(feedback.keyPoints, `${q.question_id}: ${point}`).toEqual([{ point, covered: true }]);
      }
    }
  });

  it('is a no-op when run again: nothing applied, nothing seeded, no row count changed', async () => {
    const before = await db.rows(COUNTS_SQL);
    expect(await migrate(db.executor, SUPABASE_DIR)).toEqual({ bootstrapped: false, applied: [], seeded: false });
    expect(await migrate(db.executor, SUPABASE_DIR)).toEqual({ bootstrapped: false, applied: [], seeded: false });
    expect(await db.rows(COUNTS_SQL)).toEqual(before);
  });

  it('a later version applies only its new migration, and the seed again when it changed', async () => {
    const later = mkdtempSync(join(tmpdir(), 'amp-supabase-'));
    try {
      cpSync(SUPABASE_DIR, later, { recursive: true });
      writeFileSync(join(later, 'migrations', '20990101000000_later_change.sql'), 'create table public.later_marker (id int primary key);\n');
      appendFileSync(
        join(later, 'seed.sql'),
        "\ninsert into public.interview_questions (question_id, interview_type, custom_domain, question_text, difficulty, tags) values ('later-001', 'technical', null, 'A question a later version adds?', 'easy', '{later}') on conflict (question_id) do nothing;\n",
      );
      expect(await migrate(db.executor, later)).toEqual({ bootstrapped: false, applied: ['20990101000000'], seeded: true });
      expect(await db.rows(`select count(*)::int as n from public.later_marker`)).toEqual([{ n: 0 }]);
      expect(await db.rows(`select question_text from public.interview_questions where question_id = 'later-001'`)).toEqual([
        { question_text: 'A question a later version adds?' },
      ]);
      expect(await migrate(db.executor, later)).toEqual({ bootstrapped: false, applied: [], seeded: false });
    } finally {
      rmSync(later, { recursive: true, force: true });
    }
  });
});

describe('the PostgreSQL server of the suite', () => {
  it('is version 15, what Supabase runs: the migrations use nothing newer', async () => {
    const db = await freshPostgres();
    try {
      expect(await db.rows(`select current_setting('server_version_num')::int / 10000 as major`)).toEqual([{ major: 15 }]);
    } finally {
      await db.close();
    }
  });
});

describe('migrate() on a database that already has Supabase auth', () => {
  let db: RawDatabase;
  let result: MigrationResult;
  const SUPABASE_UID_MARKER = 'supabase-provided auth.uid()';

  beforeAll(async () => {
    db = await freshPostgres();
    // What a Supabase project has before any migration: the API roles (cluster-wide, so
    // perhaps made already by another test's bootstrap), auth.users and auth.uid().
    await db.executor.exec(`
      do $$
      declare r text;
      begin
        foreach r in array array['anon', 'authenticated', 'service_role'] loop
          begin
            execute format('create role %I nologin noinherit', r);
          exception when duplicate_object or unique_violation then null;
          end;
        end loop;
      end
      $$;
      create schema auth;
      create table auth.users (id uuid primary key, email text, instance_id uuid);
      create function auth.uid() returns uuid language sql stable as $fn$
        -- ${SUPABASE_UID_MARKER}
        select coalesce(
          nullif(current_setting('request.jwt.claim.sub', true), ''),
          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
        )::uuid
      $fn$;
      grant usage on schema public, auth to anon, authenticated, service_role;
      grant execute on function auth.uid() to anon, authenticated, service_role;
      alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
      alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
    `);
    result = await migrate(db.executor, SUPABASE_DIR);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("skips the bootstrap and leaves Supabase's auth objects as they were", async () => {
    expect(result).toEqual({ bootstrapped: false, applied: MIGRATIONS.map((m) => m.version), seeded: true });
    const [uid] = await db.rows<{ src: string }>(`select prosrc as src from pg_proc where oid = 'auth.uid()'::regprocedure`);
    expect(uid?.src).toContain(SUPABASE_UID_MARKER);
    const columns = await db.rows<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = 'auth' and table_name = 'users' order by ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'email', 'instance_id']);
  });

  it('records every migration in the ledger and passes the spec checks, run verbatim', async () => {
    const ledger = await db.rows<{ version: string }>('select version from supabase_migrations.schema_migrations order by version');
    expect(ledger.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect((await db.rows<{ table_name: string }>(VERIFY_TABLES_SQL)).map((r) => r.table_name).sort()).toEqual(SPEC_TABLES);
    const indexes = (await db.rows<{ indexname: string }>(VERIFY_INDEXES_SQL)).map((r) => r.indexname);
    expect(indexes).toEqual(expect.arrayContaining(SPEC_INDEXES.map((i) => i.name)));
  });

  it("serves the data API on top of Supabase's auth.uid()", async () => {
    const userId = randomUUID();
    const store = new SqlStore({ backend: 'postgres', url: db.url, userId, timeoutMs: 10_000 });
    try {
      const [question] = await store.listQuestions('behavioral', null);
      const id = randomUUID();
      await store.createSession({ id, interviewType: 'behavioral', customDomain: null, questionIds: [question!.questionId], config: {}, startedAt: new Date().toISOString() });
      expect((await store.history({ limit: 5 })).map((s) => s.id)).toEqual([id]);
      const [owner] = await db.rows<{ user_id: string }>(`select user_id from public.interview_sessions where id = '${id}'`);
      expect(owner?.user_id).toBe(userId);
    } finally {
      await store.close();
    }
  });
});
