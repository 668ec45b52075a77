import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  version: string;
  state: 'starting' | 'ready' | 'stopping';
}

export function readLock(lockFile: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockFile, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process that its parent (often init) has not reaped yet still answers kill(pid, 0).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true; // no procfs (macOS): trust kill(0)
  }
}

/** A lock is stale only when its process is gone; never by age. */
export function isStale(info: LockInfo | null): boolean {
  return info === null || (info.host === hostname() && !isAlive(info.pid));
}

/**
 * Takes the lock with O_EXCL. A stale lock is first moved aside with an atomic rename and
 * checked again there: if another process replaced it in between, that live lock is put back.
 */
export function acquireLock(lockFile: string, version: string): LockInfo | null {
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), version, state: 'starting' };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      return info;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!isStale(readLock(lockFile))) return null;
    const aside = `${lockFile}.${process.pid}`;
    try {
      renameSync(lockFile, aside);
    } catch {
      continue;
    }
    if (!isStale(readLock(aside))) {
      try {
        linkSync(aside, lockFile);
      } catch {
        // someone took the lock meanwhile: theirs stands
      }
      unlinkSync(aside);
      return null;
    }
    unlinkSync(aside);
  }
  return null;
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
