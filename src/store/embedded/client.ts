import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseUnavailableError } from '../../errors.js';
import { SOCKET_FILE, type AmplifyPaths } from '../../paths.js';
import { isAlive, isStale, readLock, type LockInfo } from './lock.js';

export interface OwnerLaunch {
  paths: AmplifyPaths;
  version: string;
  /** The compiled owner entry point, run with this Node. */
  ownerScript: string;
  env: NodeJS.ProcessEnv;
  /** Told once when the wait is long enough to be worth a message. */
  onWait?: (what: 'creating' | 'starting') => void;
  timeoutMs?: number;
}

/** Returns the socket of a ready owner of the same version, starting one when there is none. */
export async function ensureOwner(launch: OwnerLaunch): Promise<string> {
  const { paths } = launch;
  const socketPath = join(paths.socketDir, SOCKET_FILE);
  const deadline = Date.now() + (launch.timeoutMs ?? 60_000);
  let spawnedAt = 0;
  let spawned: ChildProcess | null = null;
  let told = false;
  while (Date.now() < deadline) {
    const lock = readLock(paths.lockFile);
    if (spawned?.exitCode != null && spawned.exitCode !== 0 && !lock) {
      throw new DatabaseUnavailableError(`the database owner failed to start: ${lastLine(paths.ownerLog)} (log: ${paths.ownerLog})`);
    }
    if (lock && !isStale(lock)) {
      if (lock.state === 'ready' && lock.version !== launch.version) {
        await stopOwner(paths);
        continue;
      }
      if (lock.state === 'ready' && existsSync(socketPath)) return socketPath;
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
  throw new DatabaseUnavailableError(`the database owner did not start; see ${paths.ownerLog}`);
}

function spawnOwner(launch: OwnerLaunch): ChildProcess {
  mkdirSync(launch.paths.data, { recursive: true, mode: 0o700 });
  const log = openSync(launch.paths.ownerLog, 'a', 0o600);
  // Detached, in its own session, holding none of our stdio: a shell or a pipe never waits on it.
  const child = spawn(process.execPath, [launch.ownerScript], {
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

export async function stopOwner(paths: AmplifyPaths, timeoutMs = 5000): Promise<LockInfo | null> {
  const lock = readLock(paths.lockFile);
  if (!lock || isStale(lock)) return null;
  try {
    process.kill(lock.pid, 'SIGTERM');
  } catch {
    return null;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive(lock.pid)) await sleep(25);
  if (isAlive(lock.pid)) process.kill(lock.pid, 'SIGKILL');
  return lock;
}
