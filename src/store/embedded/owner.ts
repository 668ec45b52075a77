import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { serveReads, type ReadsServer } from '../../owner-reads/serve.js';
import { READS_SOCKET_FILE } from '../../owner-reads/protocol.js';
import { SOCKET_FILE, type AmplifyPaths } from '../../paths.js';
import { migrate, type SqlExecutor } from '../migrate.js';
import { acquireLock, readLock, releaseLock, updateLock } from './lock.js';

export interface OwnerOptions {
  paths: AmplifyPaths;
  version: string;
  idleMs: number;
  supabaseDir: string;
  /** A gzipped PGlite data directory with every migration and the seed applied. */
  templatePath: string;
  /** The CLI bundle, whose read commands this owner answers (owner-reads/). */
  bundleEntry: string;
  log: (line: string) => void;
}

const SHUTDOWN_DEADLINE_MS = 3000;

/**
 * The one process that opens the PGlite directory. It serves it on a Unix socket to every
 * amplify process and exits after idleMs without a client. Returns only to exit.
 */
export async function runOwner(options: OwnerOptions): Promise<number> {
  const { paths, log } = options;
  mkdirSync(paths.data, { recursive: true, mode: 0o700 });
  if (paths.socketDir !== paths.data) {
    // A socket in the shared temporary directory: refuse a directory someone else prepared.
    mkdirSync(paths.socketDir, { recursive: true, mode: 0o700 });
    const dir = statSync(paths.socketDir);
    if (dir.uid !== process.getuid?.() || (dir.mode & 0o077) !== 0) {
      log(`${paths.socketDir} is not a private directory of this user; refusing to serve there`);
      return 1;
    }
  }
  const lock = acquireLock(paths.lockFile, options.version);
  if (!lock) {
    log(`another owner holds ${paths.lockFile}; exiting`);
    return 0;
  }

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  let reads: ReadsServer | undefined;
  let stopping = false;
  const socketPath = join(paths.socketDir, SOCKET_FILE);
  const readsPath = join(paths.socketDir, READS_SOCKET_FILE);

  const shutdown = async (reason: string, code = 0): Promise<never> => {
    if (stopping) return new Promise<never>(() => {});
    stopping = true;
    log(`stopping: ${reason}`);
    // pglite-socket can hang in stop(): whatever happens, the process ends by the deadline.
    setTimeout(() => finish(code), SHUTDOWN_DEADLINE_MS).unref();
    try {
      if (readLock(paths.lockFile)?.pid === process.pid) updateLock(paths.lockFile, { ...lock, state: 'stopping' });
      reads?.close();
      await server?.stop();
      await db?.close();
    } catch (error) {
      log(`error while stopping: ${String(error)}`);
    }
    return finish(code);
  };
  const finish = (code: number): never => {
    for (const path of [socketPath, readsPath]) {
      try {
        unlinkSync(path);
      } catch {
        // not listening yet, or already removed
      }
    }
    releaseLock(paths.lockFile);
    process.exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal));

  try {
    const fresh = !existsSync(paths.pgdata) || readdirSync(paths.pgdata).length === 0;
    const started = Date.now();
    if (fresh && existsSync(options.templatePath)) {
      log('creating the database from the template');
      const template = new Blob([readFileSync(options.templatePath)]);
      db = await PGlite.create(paths.pgdata, { loadDataDir: template });
    } else {
      db = await PGlite.create(paths.pgdata);
    }
    const result = await migrate(pgliteExecutor(db), options.supabaseDir);
    log(`database open in ${Date.now() - started} ms; applied ${result.applied.length} migration(s)${result.seeded ? ', seed' : ''}`);

    try {
      unlinkSync(socketPath);
    } catch {
      // no stale socket
    }
    server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 256 });
    runWholeUnits(server);
    await server.start();
    // Answering reads is a shortcut: without it the database is served all the same.
    reads = await serveReads(readsPath, options.bundleEntry, paths.data, log).catch((error: unknown) => {
      log(`not answering read commands: ${String(error)}`);
      return undefined;
    });
    updateLock(paths.lockFile, { ...lock, state: 'ready' });
    log(`serving ${socketPath} (pid ${process.pid})`);
  } catch (error) {
    log(`failed to start: ${(error as Error).stack ?? String(error)}`);
    return shutdown(`start failed: ${(error as Error).message}`, 1);
  }

  let idleSince = Date.now();
  setInterval(() => {
    const current = readLock(paths.lockFile);
    if (current?.pid !== process.pid) return void shutdown('the lock file is no longer ours');
    // Nobody can reach an owner whose socket file was removed: make room for one they can.
    if (!existsSync(socketPath)) return void shutdown(`its socket ${socketPath} was removed`);
    const stats = server!.getStats();
    if (stats.activeConnections > 0 || stats.queuedQueries > 0 || reads?.busy()) idleSince = Date.now();
    else if (Date.now() - idleSince >= options.idleMs) void shutdown(`idle for ${options.idleMs} ms`);
  }, Math.min(1000, Math.max(100, options.idleMs / 4)));

  return new Promise<number>(() => {});
}

export function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    exec: async (script) => {
      await db.exec(script);
    },
    query: async <T>(text: string, params?: unknown[]) => (await db.query<T>(text, params)).rows,
  };
}

interface QueryQueue {
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number>;
  clearQueueForHandler(handlerId: number): void;
}

/**
 * pglite-socket queues every wire message on its own and keeps a connection's turn only while
 * a transaction is open, so the Parse/Bind/Execute of two clients interleave on PGlite's single
 * session: one client's Bind replaces the other's unnamed portal ("portal \"\" does not exist"),
 * or a statement runs with another client's parameters. Hold a connection's extended-protocol
 * messages until its Sync or Flush and hand them to PGlite as one unit. A statement described
 * first (Parse, Describe, Flush, then Bind, Execute, Sync) is still two units: it is safe
 * because every amplify call runs inside a transaction, which keeps the connection's turn.
 */
function runWholeUnits(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  const enqueue = queue.enqueue.bind(queue);
  const clear = queue.clearQueueForHandler.bind(queue);
  const held = new Map<number, Uint8Array[]>();
  queue.enqueue = (handlerId, message, onData) => {
    if ('PBDEC'.includes(String.fromCharCode(message[0] ?? 0))) {
      held.set(handlerId, [...(held.get(handlerId) ?? []), message]);
      return Promise.resolve(0);
    }
    const before = held.get(handlerId);
    held.delete(handlerId);
    return enqueue(handlerId, before ? new Uint8Array(Buffer.concat([...before, message])) : message, onData);
  };
  queue.clearQueueForHandler = (handlerId) => {
    held.delete(handlerId);
    clear(handlerId);
  };
}
