import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { Config } from '../../src/config.js';
import { SOCKET_FILE } from '../../src/paths.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { makeHome, type TestHome } from './home.js';
import { createTestDatabase } from './postgres.js';

export type BackendName = 'embedded' | 'postgres';

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
 * embedded: a throwaway home whose owner process (dist/owner.js) serves PGlite.
 * postgres: a fresh database on the suite's server, bootstrapped and migrated by openStore().
 */
export async function openBackend(name: BackendName): Promise<StoreBackend> {
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
