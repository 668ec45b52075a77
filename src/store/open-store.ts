import { join } from 'node:path';
import type { Config } from '../config.js';
import { PACKAGE_ROOT, VERSION } from '../package-info.js';
import type { AmplifyPaths } from '../paths.js';
import { DatabaseUnavailableError } from '../errors.js';
import { ensureReadyOwner, killStuckOwner } from './embedded/client.js';
import { migrate } from './migrate.js';
import { connect, postgresExecutor, withinDeadline } from './connect.js';
import { SqlStore } from './sql-store.js';
import type { Store, BackendName } from './store.js';

export interface StoreSettings {
  backend: BackendName;
  databaseUrl?: string;
}

export interface OpenStoreOptions {
  paths: AmplifyPaths;
  config: Config;
  env: NodeJS.ProcessEnv;
  onWait?: (what: 'creating' | 'starting') => void;
}

export const SUPABASE_DIR = join(PACKAGE_ROOT, 'supabase');
export const OWNER_SCRIPT = join(PACKAGE_ROOT, 'dist', 'owner.js');

/** AMPLIFY_DATABASE_URL wins over the configured backend. */
export function storeSettings(config: Config, env: NodeJS.ProcessEnv): StoreSettings {
  const url = env.AMPLIFY_DATABASE_URL || (config.settings.backend === 'postgres' ? config.settings.databaseUrl : undefined);
  return url ? { backend: 'postgres', databaseUrl: url } : { backend: 'embedded' };
}

export function dbTimeoutMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env.AMPLIFY_DB_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : 5000;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { paths, config, env } = options;
  const settings = storeSettings(config, env);
  const userId = config.profileId;
  const timeoutMs = dbTimeoutMs(env);
  if (settings.backend === 'postgres') {
    await migrateServer(settings.databaseUrl as string, timeoutMs);
    return new SqlStore({ backend: 'postgres', url: settings.databaseUrl, userId, timeoutMs });
  }
  const launch = { paths, version: VERSION, ownerScript: OWNER_SCRIPT, env, onWait: options.onWait, probeMs: timeoutMs };
  const owner = await ensureReadyOwner(launch);
  try {
    return await answeringStore(owner.socketPath, userId, timeoutMs);
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    if (error.problem === 'timeout') {
      // Alive but not answering (stopped, or hung): the same as a dead owner, once it is killed.
      if (!owner.lock || !(await killStuckOwner(paths, owner.lock))) throw error;
    } else if (error.problem !== 'unreachable') {
      throw error;
    }
    // Killed, or it went away (an idle owner stopping just then): the next one will answer.
    return answeringStore((await ensureReadyOwner(launch)).socketPath, userId, timeoutMs);
  }
}

async function answeringStore(socketPath: string, userId: string, timeoutMs: number): Promise<Store> {
  const store = new SqlStore({ backend: 'embedded', socketPath, userId, timeoutMs });
  try {
    await store.ping();
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** A server by URL gets the same bootstrap and migrations the embedded owner applies. */
async function migrateServer(url: string, timeoutMs: number): Promise<void> {
  const target = { url };
  const sql = connect(target, { timeoutMs });
  try {
    // Each round trip is bounded; the wait for another migrating process has the same limit.
    const executor = postgresExecutor(sql, (work) => withinDeadline(sql, target, timeoutMs, work));
    await migrate(executor, SUPABASE_DIR, { lockTimeoutMs: timeoutMs });
  } finally {
    await sql.end({ timeout: 1 });
  }
}
