import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Context } from '../context.js';
import { DatabaseUnavailableError, UserError } from '../errors.js';
import { SOCKET_FILE } from '../paths.js';
import { VERSION } from '../package-info.js';
import { connect, postgresExecutor, withinDeadline, type ConnectTarget } from '../store/connect.js';
import { redact, splitPassword } from '../store/connection-url.js';
import { ensureOwner, stopOwner } from '../store/embedded/client.js';
import { holderOf, readLock } from '../store/embedded/lock.js';
import { checkIntegrity } from '../store/integrity.js';
import { listMigrations, migrationState } from '../store/migrate.js';
import type { SupabaseProject } from '../store/store-settings.js';
import { dbTimeoutMs } from '../store/db-timeout.js';
import { OWNER_SCRIPT, SUPABASE_DIR } from '../store/open-store.js';
import { currentSettings } from './shared/destination.js';
import { writeJson } from './shared/json.js';

export async function runDbStatus(options: { json?: boolean }, ctx: Context): Promise<void> {
  const settings = await currentSettings(ctx);
  if (settings.backend === 'postgres') return serverStatus(settings.databaseUrl, options, ctx);
  if (settings.backend === 'supabase') return projectStatus(settings.project, options, ctx);
  const lock = readLock(ctx.paths.lockFile);
  const holder = holderOf(lock);
  const owner = holder === 'alive' ? lock : null;
  const status = {
    backend: 'embedded',
    dataDirectory: ctx.paths.pgdata,
    socket: join(ctx.paths.socketDir, SOCKET_FILE),
    owner,
    staleLock: lock !== null && holder === 'dead',
    unprovenLock: holder === 'unknown' ? lock : null,
  };
  if (options.json) return writeJson(ctx.stdout, status);
  const lines = [`Backend: embedded PGlite in ${status.dataDirectory}`];
  if (owner) {
    lines.push(`Owner: pid ${owner.pid} on ${owner.host}, ${owner.state} since ${owner.startedAt}, amplify ${owner.version}`);
    lines.push(`Socket: ${status.socket}  (psql -h ${ctx.paths.socketDir} -U postgres postgres)`);
  } else if (lock && holder === 'unknown') {
    lines.push(`Owner: the lock names pid ${lock.pid} on ${lock.host}, which cannot be proven to be the owner from here.`);
  } else {
    lines.push(`Owner: none running${status.staleLock ? ' (a stale lock from a dead process will be taken over)' : ''}; the next command starts one.`);
  }
  ctx.stdout.write(`${lines.join('\n')}\n`);
}

/** Reachability and migrations of a server by URL, read without changing it. */
async function serverStatus(url: string, options: { json?: boolean }, ctx: Context): Promise<void> {
  const timeoutMs = dbTimeoutMs(ctx.env);
  const status: {
    backend: 'postgres';
    url: string;
    reachable: boolean;
    problem: string | null;
    serverVersion: string | null;
    migrations: { applied: number; pending: number; initialised: boolean } | null;
  } = { backend: 'postgres', url: redact(url), reachable: false, problem: null, serverVersion: null, migrations: null };
  try {
    await onServer({ url }, timeoutMs, async (sql, bound) => {
      const [row] = await bound(() => sql.unsafe(`select current_setting('server_version') as version`).simple());
      status.serverVersion = String(row?.version);
      status.reachable = true;
      const state = await migrationState(postgresExecutor(sql, bound), SUPABASE_DIR);
      status.migrations = { applied: state.applied.length, pending: state.pending.length, initialised: state.initialised };
    });
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    status.problem = error.message;
  }
  if (options.json) return writeJson(ctx.stdout, status);
  const { style } = ctx.stdout;
  const lines = [`Backend: postgres at ${status.url}`];
  lines.push(`Server: ${status.reachable ? style.green(`reachable, PostgreSQL ${status.serverVersion}`) : style.red(`unreachable: ${status.problem}`)}`);
  const m = status.migrations;
  if (m) {
    lines.push(
      `Migrations: ${
        !m.initialised
          ? 'none applied yet; the next command sets the database up'
          : `${m.applied} applied, ${m.pending === 0 ? 'none pending' : `${m.pending} pending; the next command applies them`}`
      }`,
    );
  }
  ctx.stdout.write(`${lines.join('\n')}\n`);
}

/** The project, the signed-in user, reachability and migrations, read without signing in. */
async function projectStatus(project: SupabaseProject, options: { json?: boolean }, ctx: Context): Promise<void> {
  const [{ probeProject }, { SessionFile }] = await Promise.all([import('../store/supabase/probe.js'), import('../store/supabase/session-file.js')]);
  const user = new SessionFile(ctx.paths, project).session()?.user ?? null;
  const probe = await probeProject(project, dbTimeoutMs(ctx.env));
  const versions = listMigrations(SUPABASE_DIR).map((m) => m.version);
  const have = probe.schemaVersion;
  const missing = probe.reachable && !probe.problem ? versions.filter((v) => have === null || v > have) : null;
  const status = {
    backend: 'supabase' as const,
    url: project.url,
    userId: user?.id ?? null,
    userEmail: user?.email ?? null,
    reachable: probe.reachable,
    problem: probe.problem,
    schemaVersion: have,
    missingMigrations: missing,
  };
  if (options.json) return writeJson(ctx.stdout, status);
  const { style } = ctx.stdout;
  const lines = [`Backend: supabase at ${status.url}`];
  lines.push(`Signed in: ${status.userId ? `as ${status.userEmail ?? '(no email)'} (user ${status.userId})` : style.yellow('no; run `amplify login`')}`);
  lines.push(`Project: ${status.reachable && !status.problem ? style.green('reachable') : style.red(`${status.reachable ? 'refused' : 'unreachable'}: ${status.problem}`)}`);
  if (missing) {
    lines.push(
      `Migrations: ${
        missing.length === 0
          ? `up to date (${have})`
          : style.red(`${missing.length} missing, from ${missing[0]}; apply them with \`supabase db push\` (see the README, "Supabase")`)
      }`,
    );
  }
  ctx.stdout.write(`${lines.join('\n')}\n`);
}

/** What the Supabase backend cannot do from here, and what to use instead. */
function notOnSupabase(what: string, instead: string): never {
  throw new UserError(`${what} needs a direct connection to the database, which the supabase backend does not use`, instead);
}

export async function runDbShell(ctx: Context): Promise<void> {
  const settings = await currentSettings(ctx);
  if (settings.backend === 'supabase') {
    notOnSupabase('db shell', 'Use the SQL editor of the Supabase dashboard, or `psql` with the connection string from Project Settings → Database.');
  }
  const env: NodeJS.ProcessEnv = { ...ctx.env, PGAPPNAME: 'amplify db shell' };
  let args: string[];
  if (settings.backend === 'postgres') {
    // psql's arguments show in `ps` to every user: the password goes through the environment.
    const { url, password } = splitPassword(settings.databaseUrl);
    args = [url];
    if (password !== null) env.PGPASSWORD = password;
  } else {
    await embeddedSocket(ctx);
    args = ['-h', ctx.paths.socketDir, '-U', 'postgres', '-d', 'postgres'];
  }
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('psql', args, { stdio: 'inherit', env });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new UserError('psql is not installed', 'Install the PostgreSQL client tools (e.g. apt-get install postgresql-client).') : error),
    );
    child.on('exit', (status) => resolve(status ?? 1));
  });
  if (code !== 0) throw new UserError(`psql exited with status ${code}`);
}

/** A full scan may take longer than one call: this is how long `db check` waits at most. */
const CHECK_LIMIT_MS = 60_000;

export async function runDbCheck(options: { json?: boolean }, ctx: Context): Promise<void> {
  const settings = await currentSettings(ctx);
  if (settings.backend === 'supabase') {
    notOnSupabase(
      'db check',
      'Run it against the project\'s database URL (Project Settings → Database): `amplify db check --backend postgres` with AMPLIFY_DATABASE_URL set to it.',
    );
  }
  const target: ConnectTarget = settings.backend === 'postgres' ? { url: settings.databaseUrl } : { socketPath: await embeddedSocket(ctx) };
  const timeoutMs = dbTimeoutMs(ctx.env);
  const results = await onServer(target, timeoutMs, async (sql, bound) => {
    await bound(() => sql.unsafe('select 1').simple());
    return withinDeadline(sql, target, Math.max(CHECK_LIMIT_MS, timeoutMs), () => checkIntegrity(sql));
  });
  const failed = results.filter((r) => !r.ok);
  if (options.json) writeJson(ctx.stdout, { ok: failed.length === 0, checks: results });
  else {
    const { style } = ctx.stdout;
    for (const r of results) ctx.stdout.write(`${r.ok ? style.green('✓') : style.red('✗')} ${r.name}: ${r.detail}\n`);
  }
  if (failed.length > 0) throw new UserError(`${failed.length} integrity check(s) failed`);
}

export async function runDbStop(ctx: Context): Promise<void> {
  const outcome = await stopOwner(ctx.paths);
  if (outcome.stopped) return void ctx.stderr.write(`Stopped the database owner (pid ${outcome.stopped.pid}).\n`);
  if (outcome.reason === 'elsewhere') {
    throw new UserError(
      `the database owner runs on host ${outcome.lock.host} (pid ${outcome.lock.pid}); stop it there`,
      `If amplify no longer runs on ${outcome.lock.host}, remove ${ctx.paths.lockFile}.`,
    );
  }
  if (outcome.reason === 'unproven') {
    return void ctx.stderr.write(`The lock names pid ${outcome.lock.pid}, which cannot be proven to be the database owner: it was left alone.\n`);
  }
  ctx.stderr.write('No database owner is running.\n');
}

async function onServer<T>(
  target: ConnectTarget,
  timeoutMs: number,
  work: (sql: ReturnType<typeof connect>, bound: <R>(step: () => Promise<R>) => Promise<R>) => Promise<T>,
): Promise<T> {
  const sql = connect(target, { timeoutMs });
  try {
    return await work(sql, (step) => withinDeadline(sql, target, timeoutMs, step));
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function embeddedSocket(ctx: Context): Promise<string> {
  return ensureOwner({ paths: ctx.paths, version: VERSION, ownerScript: OWNER_SCRIPT, env: ctx.env, probeMs: dbTimeoutMs(ctx.env) });
}
