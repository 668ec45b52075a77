/**
 * A database in the suite's PostgreSQL 15 prepared the way a Supabase project looks, with
 * supabase/ applied by the REAL Supabase CLI (`supabase db push --include-seed`).
 *
 * What it reproduces:
 * - the API roles: anon and authenticated (nologin noinherit, 3 s / 8 s statement timeouts),
 *   service_role (bypassrls), authenticator (login noinherit, member of the three): the
 *   PostgREST stand-in connects as authenticator and switches role per request, as PostgREST does;
 * - schema `extensions` with pgcrypto and uuid-ossp; schema `auth` with a Supabase-shaped
 *   auth.users (the columns Supabase Auth reads and writes) and auth.uid(), auth.role(),
 *   auth.jwt(), auth.email(), which read request.jwt.claims as Supabase's do;
 * - default privileges in public granting tables, sequences and functions to the API roles
 *   (these and auth.uid() come from supabase/bootstrap/auth.sql, reused as it is);
 * - the CLI's own migration ledger, created by the CLI on its first push.
 *
 * Where it deviates from a hosted project:
 * - roles are cluster-wide: every test file shares them (created idempotently, under a lock);
 * - db push connects as the cluster's superuser `postgres`; on Supabase `postgres` is not a
 *   superuser (it has createrole, bypassrls and owns public). The migrations therefore are not
 *   proven to need nothing more than Supabase's `postgres` has;
 * - no supabase_admin / supabase_auth_admin / storage / realtime / graphql schemas, no
 *   auth.sessions / auth.refresh_tokens (the Auth stand-in keeps those in memory).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { postgresServerUrl } from './server-url.js';
import { createTestDatabase } from './postgres.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SUPABASE_DIR = join(REPO, 'supabase');
const SUPABASE_CLI = join(REPO, 'node_modules', 'supabase', 'dist', 'supabase.js');

/** The password of the cluster-wide `authenticator` role (login role of the PostgREST stand-in). */
const AUTHENTICATOR_PASSWORD = 'authenticator-test';

export interface SupabaseDatabase {
  /** Superuser URL of the prepared database (what Supabase Auth and migrations would use). */
  url: string;
  /** The same database as the `authenticator` role, as PostgREST connects. */
  authenticatorUrl: string;
  /** What `supabase db push` printed. */
  pushOutput: string;
  drop(): Promise<void>;
}

export interface SupabaseDatabaseOptions {
  /** A supabase/ directory to push instead of the project's (config.toml, migrations/, seed.sql). */
  supabaseDir?: string;
}

/** A fresh database per call: Supabase's pieces, then supabase/ pushed by the Supabase CLI. */
export async function createSupabaseDatabase(options: SupabaseDatabaseOptions = {}): Promise<SupabaseDatabase> {
  const supabaseDir = options.supabaseDir ?? SUPABASE_DIR;
  const database = await createTestDatabase();
  try {
    await prepareClusterRoles(await postgresServerUrl());
    await prepareSupabaseSchemas(database.url);
    const pushOutput = await pushWithSupabaseCli(database.url, supabaseDir);
    await verifyLedger(database.url, supabaseDir);
    const authenticatorUrl = database.url.replace(/\/\/[^@]*@/, `//authenticator:${AUTHENTICATOR_PASSWORD}@`);
    return { url: database.url, authenticatorUrl, pushOutput, drop: database.drop };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/**
 * Roles belong to the cluster, which every test file shares; other files' bootstrap creates
 * anon/authenticated/service_role concurrently. An advisory lock in the `postgres` database
 * serialises this file's changes; duplicate_object covers the bootstrap's.
 */
async function prepareClusterRoles(adminUrl: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(7270201)`;
      await tx.unsafe(`
        do $$
        declare
          spec text[];
        begin
          foreach spec slice 1 in array array[
            array['anon', 'nologin noinherit'],
            array['authenticated', 'nologin noinherit'],
            array['service_role', 'nologin noinherit bypassrls'],
            array['authenticator', 'login noinherit']
          ] loop
            begin
              if not exists (select from pg_roles where rolname = spec[1]) then
                execute format('create role %I %s', spec[1], spec[2]);
              end if;
            exception when duplicate_object or unique_violation then
              null;
            end;
          end loop;
        end
        $$;
        alter role authenticator with login noinherit password '${AUTHENTICATOR_PASSWORD}';
        grant anon, authenticated, service_role to authenticator;
        -- The bootstrap grants these to its current_user too: done here first, under the lock,
        -- so that two files bootstrapping at once never race to add the same membership.
        grant anon, authenticated, service_role to current_user;
        -- Supabase's timeouts; PostgREST applies a role's settings when it switches to it.
        alter role anon set statement_timeout = '3s';
        alter role authenticated set statement_timeout = '8s';
        alter role authenticator set statement_timeout = '8s';
      `);
    });
  } finally {
    await admin.end();
  }
}

/** What a Supabase project has before its first migration, in this database. */
async function prepareSupabaseSchemas(url: string): Promise<void> {
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await db.begin(async (tx) => {
      await tx.unsafe(`
        create schema extensions;
        create extension pgcrypto with schema extensions;
        create extension "uuid-ossp" with schema extensions;
        grant usage on schema extensions to anon, authenticated, service_role;

        create schema auth;
        -- The columns of Supabase Auth's auth.users that the Auth stand-in uses (the real table
        -- has more: tokens for recovery/email change, phone change, SSO, ...). Made before the
        -- bootstrap, whose smaller auth.users is then skipped ("if not exists").
        create table auth.users (
          instance_id uuid,
          id uuid primary key,
          aud varchar(255),
          role varchar(255),
          email varchar(255),
          encrypted_password varchar(255),
          email_confirmed_at timestamptz,
          last_sign_in_at timestamptz,
          raw_app_meta_data jsonb,
          raw_user_meta_data jsonb,
          is_super_admin boolean,
          created_at timestamptz,
          updated_at timestamptz,
          phone text unique default null,
          phone_confirmed_at timestamptz,
          confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
          banned_until timestamptz,
          deleted_at timestamptz,
          is_sso_user boolean not null default false,
          is_anonymous boolean not null default false
        );
        create unique index users_email_partial_key on auth.users (email) where (is_sso_user = false);

        -- Supabase's definitions: the newer request.jwt.claims JSON, or the older per-claim GUCs.
        create function auth.role() returns text language sql stable as $$
          select coalesce(
            nullif(current_setting('request.jwt.claim.role', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
          )::text
        $$;
        create function auth.email() returns text language sql stable as $$
          select coalesce(
            nullif(current_setting('request.jwt.claim.email', true), ''),
            (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
          )::text
        $$;
        create function auth.jwt() returns jsonb language sql stable as $$
          select coalesce(
            nullif(current_setting('request.jwt.claim', true), ''),
            nullif(current_setting('request.jwt.claims', true), '')
          )::jsonb
        $$;
        grant execute on function auth.role(), auth.email(), auth.jwt() to anon, authenticated, service_role;
      `);
      // auth.uid(), the API roles' usage on public and auth, and the default privileges that
      // make Supabase grant every new table, sequence and function to anon and authenticated.
      await tx.unsafe(readFileSync(join(SUPABASE_DIR, 'bootstrap', 'auth.sql'), 'utf8'));
      // The bootstrap also makes the CLI's ledger (for amplify's own migrator). A Supabase
      // project has none before its first push: let the CLI create the one it verifies.
      await tx.unsafe('drop schema supabase_migrations cascade');
    });
  } finally {
    await db.end();
  }
}

/**
 * `supabase db push --db-url … --include-seed --yes` from a copy of supabase/: the CLI writes
 * supabase/.temp/ into its workdir, and telemetry under $HOME/.supabase, neither of which
 * belongs in the repository or the user's home.
 */
async function pushWithSupabaseCli(url: string, supabaseDir: string): Promise<string> {
  const workdir = mkdtempSync(join(tmpdir(), 'amplify-supabase-push-'));
  try {
    for (const entry of ['config.toml', 'migrations', 'seed.sql']) {
      cpSync(join(supabaseDir, entry), join(workdir, 'supabase', entry), { recursive: true });
    }
    const dbUrl = `${url}?sslmode=disable`;
    const args = [SUPABASE_CLI, 'db', 'push', '--db-url', dbUrl, '--include-seed', '--yes', '--workdir', workdir];
    return await new Promise<string>((resolvePush, rejectPush) => {
      execFile(
        process.execPath,
        args,
        {
          cwd: workdir,
          timeout: 60_000,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: workdir,
            DO_NOT_TRACK: '1',
            SUPABASE_TELEMETRY_DISABLED: '1',
          },
        },
        (error, stdout, stderr) => {
          const output = `${stdout}${stderr}`;
          if (error) rejectPush(new Error(`supabase db push failed (${error.message.split('\n')[0]}):\n${output}`));
          else resolvePush(output);
        },
      );
    });
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

/** Every migration file is in the CLI's ledger under its version and name, and the seed is recorded. */
async function verifyLedger(url: string, supabaseDir: string): Promise<void> {
  const expected = readdirSync(join(supabaseDir, 'migrations'))
    .map((file) => /^(\d{14})_(.+)\.sql$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, version, name]) => `${version} ${name}`)
    .sort();
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await db<{ version: string; name: string }[]>`
      select version, name from supabase_migrations.schema_migrations order by version`;
    const recorded = rows.map((r) => `${r.version} ${r.name}`);
    if (JSON.stringify(recorded) !== JSON.stringify(expected)) {
      throw new Error(`the Supabase CLI's ledger holds ${JSON.stringify(recorded)}, expected ${JSON.stringify(expected)}`);
    }
    const seeds = await db<{ path: string }[]>`select path from supabase_migrations.seed_files`;
    if (!seeds.some((s) => s.path === 'supabase/seed.sql')) {
      throw new Error(`the Supabase CLI recorded no seed: ${JSON.stringify(seeds)}`);
    }
  } finally {
    await db.end();
  }
}
