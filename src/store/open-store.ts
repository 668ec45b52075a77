import { join } from 'node:path';
import type { Config } from '../config.js';
import { PACKAGE_ROOT, VERSION } from '../package-info.js';
import type { AmplifyPaths } from '../paths.js';
import { DatabaseUnavailableError, UserError } from '../errors.js';
import { plural } from '../interview/text.js';
import { dbTimeoutMs } from './db-timeout.js';
import { ensureReadyOwner, killStuckOwner } from './embedded/client.js';
import { EmbeddedStore } from './embedded/embedded-store.js';
import { isServiceRoleKey, storeSettings, type SupabaseProject } from './store-settings.js';
import type { BackendName, Store } from './store.js';

export interface OpenStoreOptions {
  paths: AmplifyPaths;
  config: Config;
  env: NodeJS.ProcessEnv;
  backendFlag?: BackendName;
  onWait?: (what: 'creating' | 'starting') => void;
}

export const SUPABASE_DIR = join(PACKAGE_ROOT, 'supabase');
export const OWNER_SCRIPT = join(PACKAGE_ROOT, 'dist', 'owner.js');

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { paths, config, env } = options;
  const settings = storeSettings(config, env, options.backendFlag);
  const userId = config.profileId;
  const timeoutMs = dbTimeoutMs(env);
  if (settings.backend === 'postgres') return openServer(settings.databaseUrl, userId, timeoutMs);
  if (settings.backend === 'supabase') {
    const { openSupabaseStore } = await import('./supabase/open.js');
    return checkedProject(settings.project, await openSupabaseStore({ project: settings.project, paths, env, timeoutMs }));
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
  const store = new EmbeddedStore({ socketPath, userId, timeoutMs });
  try {
    await store.ping();
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The migration this version needs at least: the newest it ships. */
async function neededMigration(): Promise<{ version: string; name: string }> {
  // File names only: this runs on every command that opens a server or a project.
  const { listMigrations } = await import('./migrate.js');
  const newest = listMigrations(SUPABASE_DIR).at(-1);
  if (!newest) throw new Error(`no migrations in ${SUPABASE_DIR}`);
  return newest;
}

/**
 * One cheap read per process: a server that is behind gets the migrations; one that is up to
 * date (or ahead, migrated by a newer amplify) is used as it is, without taking a lock or
 * touching the schema.
 */
async function openServer(url: string, userId: string, timeoutMs: number): Promise<Store> {
  const { SqlStore } = await import('./sql-store.js');
  const store = new SqlStore({ backend: 'postgres', url, userId, timeoutMs });
  try {
    const version = await store.schemaVersion();
    if (version === null || version < (await neededMigration()).version) await migrateServer(url, timeoutMs);
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * amplify never changes a Supabase project's schema (that needs rights a signed-in user does
 * not have): it checks, with one read, that the project has what this version needs, and
 * names what is missing.
 */
async function checkedProject(project: SupabaseProject, store: Store): Promise<Store> {
  const version = await store.schemaVersion();
  const needed = await neededMigration();
  if (version === null || version < needed.version) {
    const { listMigrations } = await import('./migrate.js');
    const missing = listMigrations(SUPABASE_DIR).filter((m) => version === null || m.version > version);
    const first = missing[0] ?? needed;
    throw new UserError(
      `the Supabase project at ${project.url} lacks ${plural(missing.length, 'migration')} this amplify needs, from ${first.version}_${first.name}.sql`,
      `Apply them with the Supabase CLI: \`supabase db push\` in a folder holding amplify's supabase/ (${SUPABASE_DIR}); see the README, "Supabase".`,
    );
  }
  return store;
}

/**
 * A store for a team owner's reports over every user: on Supabase it carries the
 * service-role key of SUPABASE_SERVICE_ROLE_KEY (checked to be that key); elsewhere it is the
 * usual store, whose connection's own rights decide (Store.allUsersReports).
 */
export async function openTeamStore(options: OpenStoreOptions): Promise<Store> {
  const settings = storeSettings(options.config, options.env, options.backendFlag);
  if (settings.backend !== 'supabase') return openStore(options);
  const key = options.env.SUPABASE_SERVICE_ROLE_KEY?.trim();
  if (!key) throw new UserError('--all-users on Supabase needs the service-role key', 'Set SUPABASE_SERVICE_ROLE_KEY for this command (Project Settings → API); amplify never stores it.');
  if (!isServiceRoleKey(key)) throw new UserError('SUPABASE_SERVICE_ROLE_KEY is not a service-role key');
  const { openServiceStore } = await import('./supabase/open.js');
  return checkedProject(settings.project, await openServiceStore(settings.project, key, dbTimeoutMs(options.env)));
}

/** A server by URL gets the same bootstrap and migrations the embedded owner applies. */
async function migrateServer(url: string, timeoutMs: number): Promise<void> {
  const [{ connect, postgresExecutor, withinDeadline }, { migrate }] = await Promise.all([import('./connect.js'), import('./migrate.js')]);
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
