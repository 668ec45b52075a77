import { spawn } from 'node:child_process';
import { join } from 'node:path';
import postgres from 'postgres';
import type { Context } from '../context.js';
import { UserError } from '../errors.js';
import { SOCKET_FILE } from '../paths.js';
import { VERSION } from '../package-info.js';
import { ensureOwner, stopOwner } from '../store/embedded/client.js';
import { isStale, readLock } from '../store/embedded/lock.js';
import { checkIntegrity } from '../store/integrity.js';
import { OWNER_SCRIPT, storeSettings } from '../store/open-store.js';
import { redact } from './status.js';

export async function runDbStatus(options: { json?: boolean }, ctx: Context): Promise<void> {
  const settings = storeSettings(await ctx.config(), ctx.env);
  if (settings.backend === 'postgres') {
    const status = { backend: 'postgres', url: redact(settings.databaseUrl ?? '') };
    if (options.json) return ctx.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return ctx.stdout.write(`Backend: postgres at ${status.url}\n`);
  }
  const lock = readLock(ctx.paths.lockFile);
  const owner = lock && !isStale(lock) ? lock : null;
  const status = {
    backend: 'embedded',
    dataDirectory: ctx.paths.pgdata,
    socket: join(ctx.paths.socketDir, SOCKET_FILE),
    owner,
    staleLock: lock !== null && owner === null,
  };
  if (options.json) return ctx.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
  const lines = [`Backend: embedded PGlite in ${status.dataDirectory}`];
  if (owner) {
    lines.push(`Owner: pid ${owner.pid} on ${owner.host}, ${owner.state} since ${owner.startedAt}, amplify ${owner.version}`);
    lines.push(`Socket: ${status.socket}  (psql -h ${ctx.paths.socketDir} -U postgres postgres)`);
  } else {
    lines.push(`Owner: none running${status.staleLock ? ' (a stale lock from a dead process will be taken over)' : ''}; the next command starts one.`);
  }
  ctx.stdout.write(`${lines.join('\n')}\n`);
}

export async function runDbShell(ctx: Context): Promise<void> {
  const settings = storeSettings(await ctx.config(), ctx.env);
  const args =
    settings.backend === 'postgres'
      ? [settings.databaseUrl as string]
      : ['-h', (await embeddedSocket(ctx), ctx.paths.socketDir), '-U', 'postgres', '-d', 'postgres'];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('psql', args, { stdio: 'inherit', env: { ...ctx.env, PGAPPNAME: 'amplify db shell' } });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new UserError('psql is not installed', 'Install the PostgreSQL client tools (e.g. apt-get install postgresql-client).') : error),
    );
    child.on('exit', (status) => resolve(status ?? 1));
  });
  if (code !== 0) throw new UserError(`psql exited with status ${code}`);
}

export async function runDbCheck(options: { json?: boolean }, ctx: Context): Promise<void> {
  const settings = storeSettings(await ctx.config(), ctx.env);
  const sql =
    settings.backend === 'postgres'
      ? postgres(settings.databaseUrl as string, { max: 1, onnotice: () => {}, prepare: false })
      : postgres({ path: await embeddedSocket(ctx), username: 'postgres', database: 'postgres', max: 1, prepare: false, onnotice: () => {} });
  let results;
  try {
    results = await checkIntegrity(sql);
  } finally {
    await sql.end({ timeout: 1 });
  }
  const failed = results.filter((r) => !r.ok);
  if (options.json) ctx.stdout.write(`${JSON.stringify({ ok: failed.length === 0, checks: results }, null, 2)}\n`);
  else {
    const { style } = ctx.stdout;
    for (const r of results) ctx.stdout.write(`${r.ok ? style.green('✓') : style.red('✗')} ${r.name}: ${r.detail}\n`);
  }
  if (failed.length > 0) throw new UserError(`${failed.length} integrity check(s) failed`);
}

export async function runDbStop(ctx: Context): Promise<void> {
  const stopped = await stopOwner(ctx.paths);
  ctx.stderr.write(stopped ? `Stopped the database owner (pid ${stopped.pid}).\n` : 'No database owner is running.\n');
}

function embeddedSocket(ctx: Context): Promise<string> {
  return ensureOwner({ paths: ctx.paths, version: VERSION, ownerScript: OWNER_SCRIPT, env: ctx.env });
}
