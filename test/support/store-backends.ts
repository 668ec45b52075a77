import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { Config } from '../../src/config.js';
import { SOCKET_FILE } from '../../src/paths.js';
import { openStore } from '../../src/store/open-store.js';
import { RpcStore } from '../../src/store/rpc-store.js';
import type { Store } from '../../src/store/store.js';
import { makeHome, type TestHome } from './home.js';
import { createTestDatabase } from './postgres.js';
import { createSupabaseDatabase } from './supabase-db.js';
import { createStandinClient, startSupabaseStandin, type SupabaseStandin } from './supabase-standin.js';

export type BackendName = 'embedded' | 'postgres' | 'supabase';

/** How long one store call may take in these tests: long enough for a slow, shared machine. */
const TIMEOUT_MS = 30_000;

/** One database behind the real openStore(), with a way to act as more users of it. */
export interface StoreBackend {
  name: BackendName;
  home: TestHome;
  /** The store of the home's own profile. */
  store: Store;
  /** A store for a brand-new user of the same database, opened through openStore() too. */
  newUser(): Promise<Store>;
  /** A superuser connection to the same database (bypasses row-level security). */
  admin: postgres.Sql;
  /** Closes every store and connection, stops the owner, drops the database. */
  cleanup(): Promise<void>;
}

/**
 * supabase: a fresh database prepared by the Supabase CLI behind the PostgREST and Auth
 * stand-ins; each store is an RpcStore over the real supabase-js, signed in as a new user.
 */
export async function openBackend(name: BackendName): Promise<StoreBackend> {
  return name === 'supabase' ? openSupabaseBackend() : openSqlBackend(name);
}

/**
 * embedded: a throwaway home whose owner process (dist/owner.js) serves PGlite.
 * postgres: a fresh database on the suite's server, bootstrapped and migrated by openStore().
 */
async function openSqlBackend(name: 'embedded' | 'postgres'): Promise<StoreBackend> {
  const database = name === 'postgres' ? await createTestDatabase() : null;
  const home = makeHome(database ? { AMPLIFY_DATABASE_URL: database.url } : {});
  const opened: Store[] = [];
  let users = 0;
  const open = async (configDir: string): Promise<Store> => {
    mkdirSync(configDir, { recursive: true });
    // Same data directory (and so the same owner), another config: another profile id.
    const paths = { ...home.paths, config: configDir, journal: join(configDir, 'journal') };
    const store = await openStore({ paths, config: await Config.load(paths), env: home.env });
    opened.push(store);
    return store;
  };
  const store = await open(home.paths.config);
  const common = { max: 1, prepare: false, onnotice: () => {}, idle_timeout: 0 } satisfies postgres.Options<{}>;
  const admin = database
    ? postgres(database.url, common)
    : postgres({ ...common, path: join(home.paths.socketDir, SOCKET_FILE), username: 'postgres', database: 'postgres' });
  return {
    name,
    home,
    store,
    admin,
    newUser: () => open(join(home.dir, `user-${++users}`)),
    cleanup: async () => {
      await Promise.all(opened.map((s) => s.close()));
      await admin.end({ timeout: 1 }).catch(() => {});
      await home.cleanup();
      await database?.drop();
    },
  };
}

async function openSupabaseBackend(): Promise<StoreBackend> {
  const database = await createSupabaseDatabase();
  let standin: SupabaseStandin | undefined;
  try {
    standin = await startSupabaseStandin(database);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const running = standin;
  const home = makeHome({});
  let users = 0;
  const newUser = async (): Promise<Store> => {
    const client = createStandinClient(running);
    const { error } = await client.auth.signUp({ email: `contract-${++users}-${Date.now()}@example.test`, password: 'correct horse' });
    if (error) throw new Error(`sign-up through the Auth stand-in failed: ${error.message}`);
    return new RpcStore(client, TIMEOUT_MS);
  };
  const admin = postgres(database.url, { max: 1, prepare: false, onnotice: () => {}, idle_timeout: 0 });
  return {
    name: 'supabase',
    home,
    store: await newUser(),
    admin,
    newUser,
    cleanup: async () => {
      await admin.end({ timeout: 1 }).catch(() => {});
      await running.stop();
      await home.cleanup();
      await database.drop();
    },
  };
}
