import { join } from 'node:path';
import postgres from 'postgres';
import type { Config } from '../config.js';
import { PACKAGE_ROOT, VERSION } from '../package-info.js';
import type { AmplifyPaths } from '../paths.js';
import { ensureOwner } from './embedded/client.js';
import { migrate } from './migrate.js';
import { SqlStore, translateError } from './sql-store.js';
import type { Store } from './store.js';

export interface StoreSettings {
  backend: 'embedded' | 'postgres';
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
  const socketPath = await ensureOwner({ paths, version: VERSION, ownerScript: OWNER_SCRIPT, env, onWait: options.onWait });
  return new SqlStore({ backend: 'embedded', socketPath, userId, timeoutMs });
}

/** A server by URL gets the same bootstrap and migrations the embedded owner applies. */
async function migrateServer(url: string, timeoutMs: number): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: Math.ceil(timeoutMs / 1000), prepare: false });
  try {
    await migrate(
      {
        exec: async (script) => {
          await sql.unsafe(script).simple();
        },
        query: async <T>(text: string, params: unknown[] = []) =>
          [...(await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]))] as T[],
      },
      SUPABASE_DIR,
    );
  } catch (error) {
    throw translateError(error);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}
