import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseUnavailableError } from '../errors.js';

/** What the migrator needs from a connection: multi-statement scripts and parameterised queries. */
export interface SqlExecutor {
  exec(script: string): Promise<void>;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

export interface MigrationResult {
  bootstrapped: boolean;
  applied: string[];
  seeded: boolean;
}

/** The migrations' versions and names, from their file names alone: what a schema check needs. */
export function listMigrations(supabaseDir: string): Omit<Migration, 'sql'>[] {
  return readdirSync(join(supabaseDir, 'migrations'))
    .filter((file) => /^\d{14}_.+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const [, version = '', name = ''] = /^(\d{14})_(.+)\.sql$/.exec(file) ?? [];
      return { version, name };
    });
}

export function readMigrations(supabaseDir: string): Migration[] {
  return listMigrations(supabaseDir).map((m) => ({ ...m, sql: readFileSync(join(supabaseDir, 'migrations', `${m.version}_${m.name}.sql`), 'utf8') }));
}

/**
 * Brings a database up to date: the auth bootstrap where Supabase's pieces are missing,
 * every migration not yet in the Supabase CLI's ledger, and the seed when it changed.
 * Each step commits with its ledger row, so a crash in between never applies one twice.
 */
export interface MigrateOptions {
  /** How long to wait for another process that is migrating the same database. */
  lockTimeoutMs?: number;
}

/** Taken for the whole migration: two processes migrating one server at once would race on the ledger. */
export const MIGRATION_LOCK = 7270101;

export async function migrate(db: SqlExecutor, supabaseDir: string, options: MigrateOptions = {}): Promise<MigrationResult> {
  await takeMigrationLock(db, options.lockTimeoutMs ?? 5000);
  try {
    return await migrateLocked(db, supabaseDir);
  } finally {
    await db.query(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
  }
}

/** pg_advisory_lock would wait for ever behind a stuck session: try until the deadline instead. */
async function takeMigrationLock(db: SqlExecutor, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
    const [row] = await db.query<{ locked: boolean }>(`select pg_try_advisory_lock(${MIGRATION_LOCK}) as locked`);
    if (row?.locked) return;
    if (Date.now() + pause > deadline) {
      throw new DatabaseUnavailableError(`another amplify has been migrating this database for over ${timeoutMs} ms`, { problem: 'migration-locked' });
    }
    await sleep(pause);
  }
}

async function migrateLocked(db: SqlExecutor, supabaseDir: string): Promise<MigrationResult> {
  const result: MigrationResult = { bootstrapped: false, applied: [], seeded: false };
  const [{ has_auth } = { has_auth: false }] = await db.query<{ has_auth: boolean }>(
    `select exists (select from pg_namespace where nspname = 'auth') as has_auth`,
  );
  if (!has_auth) {
    const bootstrap = readFileSync(join(supabaseDir, 'bootstrap', 'auth.sql'), 'utf8');
    await inTransaction(db, () => db.exec(bootstrap));
    result.bootstrapped = true;
  }
  await db.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text primary key, statements text[], name text);
    create table if not exists supabase_migrations.seed_files (path text primary key, hash text not null);
  `);

  const applied = new Set(
    (await db.query<{ version: string }>(`select version from supabase_migrations.schema_migrations`)).map((r) => r.version),
  );
  for (const migration of readMigrations(supabaseDir)) {
    if (applied.has(migration.version)) continue;
    await inTransaction(db, async () => {
      await db.exec(migration.sql);
      await db.query(
        `insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, array[$3::text])`,
        [migration.version, migration.name, migration.sql],
      );
    });
    result.applied.push(migration.version);
  }

  const seed = readFileSync(join(supabaseDir, 'seed.sql'), 'utf8');
  const hash = createHash('sha256').update(seed).digest('hex');
  const [current] = await db.query<{ hash: string }>(
    `select hash from supabase_migrations.seed_files where path = 'supabase/seed.sql'`,
  );
  if (current?.hash !== hash) {
    await inTransaction(db, async () => {
      await db.exec(seed);
      await db.query(
        `insert into supabase_migrations.seed_files (path, hash) values ('supabase/seed.sql', $1)
         on conflict (path) do update set hash = excluded.hash`,
        [hash],
      );
    });
    result.seeded = true;
  }
  return result;
}

export interface MigrationState {
  /** False when the database has no ledger yet: the first command sets it up. */
  initialised: boolean;
  applied: string[];
  /** Versions of this amplify's migrations that the database lacks: the next command applies them. */
  pending: string[];
}

/** What migrate() would do, read without changing anything. */
export async function migrationState(db: SqlExecutor, supabaseDir: string): Promise<MigrationState> {
  const [ledger] = await db.query<{ exists: boolean }>(`select to_regclass('supabase_migrations.schema_migrations') is not null as exists`);
  const applied = ledger?.exists
    ? (await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by version')).map((r) => r.version)
    : [];
  const pending = readMigrations(supabaseDir)
    .map((m) => m.version)
    .filter((v) => !applied.includes(v));
  return { initialised: ledger?.exists === true, applied, pending };
}

async function inTransaction(db: SqlExecutor, work: () => Promise<void>): Promise<void> {
  await db.exec('begin');
  try {
    await work();
    await db.exec('commit');
  } catch (error) {
    await db.exec('rollback');
    throw error;
  }
}
