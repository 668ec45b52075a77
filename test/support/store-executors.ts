import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { postgresExecutor } from '../../src/store/connect.js';
import { pgliteExecutor } from '../../src/store/embedded/owner.js';
import type { SqlExecutor } from '../../src/store/migrate.js';
import { createTestDatabase } from './postgres.js';

/** A database to run migrate() and raw SQL against, as the superuser. */
export interface RawDatabase {
  executor: SqlExecutor;
  /** Rows of one query, run as written (simple protocol for postgres, PGlite's query otherwise). */
  rows<T = Record<string, unknown>>(text: string): Promise<T[]>;
  /** A postgres:// URL when the database is on the suite's server. */
  url?: string;
  close(): Promise<void>;
}

export async function freshPostgres(): Promise<RawDatabase> {
  const database = await createTestDatabase();
  const sql = postgres(database.url, { max: 1, onnotice: () => {}, prepare: false });
  return {
    executor: postgresExecutor(sql),
    rows: async <T>(text: string) => [...(await sql.unsafe(text).simple())] as T[],
    url: database.url,
    close: async () => {
      await sql.end({ timeout: 1 });
      await database.drop();
    },
  };
}

/** An empty in-memory PGlite (initdb: a few seconds), as the owner process would open it. */
export async function freshPglite(): Promise<RawDatabase> {
  const db = await PGlite.create();
  return {
    executor: pgliteExecutor(db),
    rows: async <T>(text: string) => (await db.query<T>(text)).rows,
    close: () => db.close(),
  };
}
