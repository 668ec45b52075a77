import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { currentProcess, isProcessIdentity, isSameLiveProcess, type Liveness, type ProcessIdentity } from '../../process-identity.js';

/**
 * The owner's lock: who it is (with its start time, so that a reused pid is never taken for
 * it), since when, which version, and how far it got. Locks written before the start time
 * was recorded lack bootId and startTicks: their holder can never be proven.
 */
export interface LockInfo extends ProcessIdentity {
  startedAt: string;
  version: string;
  state: 'starting' | 'ready' | 'stopping';
}

export function readLock(lockFile: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockFile, 'utf8')) as LockInfo;
    return isProcessIdentity(info) ? info : null;
  } catch {
    return null;
  }
}

/**
 * Whether the holder of a lock still runs: alive only when proven to be that very process,
 * dead when it is gone (or its pid now belongs to another process), unknown otherwise.
 */
export function holderOf(info: LockInfo | null): Liveness {
  return info === null ? 'dead' : isSameLiveProcess(info);
}

/**
 * Whether a pid is in use at all, by any process (a zombie does not count). It says nothing
 * about which process: to decide about a recorded process, use isSameLiveProcess.
 */
export function isAlive(pid: number): boolean {
  return isSameLiveProcess({ pid, host: currentProcess().host }) !== 'dead';
}

/** A lock is stale only when its holder is proven gone; never by age. */
export function isStale(info: LockInfo | null): boolean {
  return holderOf(info) === 'dead';
}

/**
 * Takes the lock with O_EXCL. A stale lock is first moved aside with an atomic rename and
 * checked again there: if another process replaced it in between, that live lock is put back.
 */
export function acquireLock(lockFile: string, version: string): LockInfo | null {
  const info: LockInfo = { ...currentProcess(), startedAt: new Date().toISOString(), version, state: 'starting' };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      return info;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!removeLockIf(lockFile, isStale)) return null;
  }
  return null;
}

/**
 * Removes a lock that is still exactly `expected` (after the caller proved its holder does
 * not serve). False when the lock changed meanwhile: the new one stands.
 */
export function discardLock(lockFile: string, expected: LockInfo): boolean {
  return removeLockIf(lockFile, (current) => current !== null && JSON.stringify(current) === JSON.stringify(expected));
}

/** Moves the lock aside atomically and removes it there if `test` holds, else puts it back. */
function removeLockIf(lockFile: string, test: (info: LockInfo | null) => boolean): boolean {
  if (!test(readLock(lockFile))) return false;
  const aside = `${lockFile}.${process.pid}`;
  try {
    renameSync(lockFile, aside);
  } catch {
    return true; // already gone
  }
  if (!test(readLock(aside))) {
    try {
      linkSync(aside, lockFile);
    } catch {
      // someone took the lock meanwhile: theirs stands
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return true;
}

export function updateLock(lockFile: string, info: LockInfo): void {
  const tmp = `${lockFile}.tmp.${process.pid}`;
  writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
  renameSync(tmp, lockFile);
}

/** Removes the lock only while it is still ours. */
export function releaseLock(lockFile: string): void {
  if (readLock(lockFile)?.pid === process.pid) {
    try {
      unlinkSync(lockFile);
    } catch {
      // already gone
    }
  }
}
