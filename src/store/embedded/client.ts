import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DatabaseUnavailableError } from '../../errors.js';
import { SOCKET_FILE, type AmplifyPaths } from '../../paths.js';
import { isSameLiveProcess } from '../../process-identity.js';
import { discardLock, holderOf, readLock, type LockInfo } from './lock.js';

/** A plain timer: node:timers/promises would be one more module to load on every command. */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface OwnerLaunch {
  paths: AmplifyPaths;
  version: string;
  /** The compiled owner entry point, run with this Node. */
  ownerScript: string;
  env: NodeJS.ProcessEnv;
  /** Told once when the wait is long enough to be worth a message. */
  onWait?: (what: 'creating' | 'starting') => void;
  /** How long an owner may take to start (creating the database takes seconds). */
  timeoutMs?: number;
  /** How long an owner that cannot be proven to be one gets to answer on its socket (default 5 s). */
  probeMs?: number;
}

const STUCK_STOPPING_MS = 5000;

export interface ReadyOwner {
  socketPath: string;
  /** The lock of the owner found ready, for `killStuckOwner` if it then does not answer. */
  lock: LockInfo | null;
}

/** Returns the socket of a ready owner of the same version, starting one when there is none. */
export async function ensureOwner(launch: OwnerLaunch): Promise<string> {
  return (await ensureReadyOwner(launch)).socketPath;
}

/** ensureOwner, also naming the owner found, so that it can be replaced if it then hangs. */
export async function ensureReadyOwner(launch: OwnerLaunch): Promise<ReadyOwner> {
  const { paths } = launch;
  const socketPath = join(paths.socketDir, SOCKET_FILE);
  const deadline = Date.now() + (launch.timeoutMs ?? 60_000);
  let spawnedAt = 0;
  let spawned: ChildProcess | null = null;
  let told = false;
  let stoppingSince: number | null = null;
  while (Date.now() < deadline) {
    const lock = readLock(paths.lockFile);
    const holder = holderOf(lock);
    if (spawned?.exitCode != null && spawned.exitCode !== 0 && holder !== 'alive') {
      throw new DatabaseUnavailableError(`the database owner failed to start: ${lastLine(paths.ownerLog)}`, { problem: 'owner-failed', file: paths.ownerLog });
    }
    if (lock && holder === 'unknown') {
      if (lock.host !== hostname()) {
        throw new DatabaseUnavailableError(`the embedded database is in use by amplify on host ${lock.host} (pid ${lock.pid})`, {
          problem: 'owner-elsewhere',
          file: paths.lockFile,
        });
      }
      // A lock without a start time (older amplify) under a live pid: use its socket if it
      // answers; otherwise the pid belongs to some other process now and the lock is stale.
      if (existsSync(socketPath) && (await answers(socketPath, launch.probeMs ?? 5000))) return { socketPath, lock: null };
      discardLock(paths.lockFile, lock);
      continue;
    }
    if (lock && holder === 'alive') {
      if (lock.state === 'ready' && lock.version !== launch.version) {
        await stopOwner(paths);
        continue;
      }
      if (lock.state === 'ready' && existsSync(socketPath)) return { socketPath, lock };
      if (lock.state === 'ready') {
        // Its socket was removed: nobody can reach it. It notices by itself; do not wait for that.
        await stopOwner(paths);
        continue;
      }
      // An owner ends within its shutdown deadline (3 s): one still stopping long after is stuck.
      stoppingSince = lock.state === 'stopping' ? (stoppingSince ?? Date.now()) : null;
      if (stoppingSince !== null && Date.now() - stoppingSince > STUCK_STOPPING_MS) {
        await stopOwner(paths, 0);
        continue;
      }
    } else if (Date.now() - spawnedAt > 5000) {
      spawned = spawnOwner(launch);
      spawnedAt = Date.now();
    }
    if (!told && Date.now() - spawnedAt > 150 && spawnedAt > 0) {
      told = true;
      launch.onWait?.(existsSync(join(paths.pgdata, 'PG_VERSION')) ? 'starting' : 'creating');
    }
    await sleep(25);
  }
  throw new DatabaseUnavailableError(`the database owner did not start within ${launch.timeoutMs ?? 60_000} ms`, { problem: 'owner-failed', file: paths.ownerLog });
}

/** Whether a Postgres server answers a query on this socket within `timeoutMs`. */
async function answers(socketPath: string, timeoutMs: number): Promise<boolean> {
  const target = { socketPath };
  // Only for an owner that cannot be proven to be one: the client is loaded for this rare case.
  const { connect, withinDeadline } = await import('../connect.js');
  const sql = connect(target, { timeoutMs });
  try {
    await withinDeadline(sql, target, timeoutMs, () => sql.unsafe('select 1').simple());
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 0 });
  }
}

function spawnOwner(launch: OwnerLaunch): ChildProcess {
  mkdirSync(launch.paths.data, { recursive: true, mode: 0o700 });
  const log = openSync(launch.paths.ownerLog, 'a', 0o600);
  // Detached, in its own session, holding none of our stdio: a shell or a pipe never waits on it.
  // node:child_process on first use: a running owner (the usual case) needs no spawning.
  const child = process.getBuiltinModule('node:child_process').spawn(process.execPath, [launch.ownerScript], {
    detached: true,
    stdio: ['ignore', log, log],
    env: launch.env,
  });
  child.unref();
  closeSync(log);
  return child;
}

function lastLine(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    return (lines.at(-1) ?? '').replace(/^\S+ \[\d+\] /, '').slice(0, 300);
  } catch {
    return 'no log';
  }
}

export type StopOutcome =
  | { stopped: LockInfo }
  | { stopped: null; reason: 'none' }
  /** The lock names a process that cannot be proven to be the owner: it was left alone. */
  | { stopped: null; reason: 'unproven' | 'elsewhere'; lock: LockInfo };

/**
 * Stops the owner: SIGTERM, then SIGKILL after `timeoutMs`. Only a process proven to be the
 * owner (its recorded start time matches) is ever signalled.
 */
export async function stopOwner(paths: AmplifyPaths, timeoutMs = 5000): Promise<StopOutcome> {
  const lock = readLock(paths.lockFile);
  const holder = holderOf(lock);
  if (!lock || holder === 'dead') return { stopped: null, reason: 'none' };
  if (holder === 'unknown') return { stopped: null, reason: lock.host === hostname() ? 'unproven' : 'elsewhere', lock };
  if (!signal(lock, 'SIGTERM')) return { stopped: null, reason: 'none' };
  if (!(await ended(lock, timeoutMs))) {
    signal(lock, 'SIGKILL');
    await ended(lock, 2000);
  }
  return { stopped: lock };
}

/**
 * An owner that did not answer in time (stopped with SIGSTOP, or hung) is killed, so that the
 * next ensureOwner starts another. Only the very owner that was asked: if the lock changed
 * meanwhile, another process has replaced it already. True when it is gone.
 */
export async function killStuckOwner(paths: AmplifyPaths, stuck: LockInfo): Promise<boolean> {
  const current = readLock(paths.lockFile);
  if (!current || current.pid !== stuck.pid || current.startTicks !== stuck.startTicks) return true;
  if (!signal(current, 'SIGKILL')) return isSameLiveProcess(current) === 'dead';
  return ended(current, 2000);
}

/** Signals a process only while it is proven to be the one recorded in the lock. */
function signal(lock: LockInfo, name: NodeJS.Signals): boolean {
  if (isSameLiveProcess(lock) !== 'alive') return false;
  try {
    process.kill(lock.pid, name);
    return true;
  } catch {
    return false;
  }
}

async function ended(lock: LockInfo, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isSameLiveProcess(lock) === 'alive') {
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
  return true;
}
