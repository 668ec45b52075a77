import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentProcess, isProcessIdentity, isSameLiveProcess, type ProcessIdentity } from './process-identity.js';

/** The lock was held by another process for the whole wait. */
export class LockBusyError extends Error {
  constructor(readonly holder: ProcessIdentity | null) {
    super(`the lock is held by another process${holder ? ` (pid ${holder.pid})` : ''}`);
    this.name = 'LockBusyError';
  }
}

let self: ProcessIdentity | undefined;

/**
 * Runs `work` holding `file`, a lock naming this process; waits for another holder at most
 * `waitMs`. A lock whose process is proven gone is taken over; one that cannot be proven
 * either way is waited for, like a live one.
 */
export async function withFileLock<T>(
  file: string,
  work: () => Promise<T>,
  options: { waitMs: number; onWait?: () => void; /** The error for a lock still held at the deadline. */ busy?: (holder: ProcessIdentity | null) => Error },
): Promise<T> {
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    if (tryTake(file)) break;
    const holder = readHolder(file);
    if (holder && isSameLiveProcess(holder) === 'dead') {
      takeOverStale(file, holder);
      continue;
    }
    if (Date.now() >= deadline) throw options.busy?.(holder) ?? new LockBusyError(holder);
    if (!told) {
      told = true;
      options.onWait?.();
    }
    await sleep(50);
  }
  try {
    return await work();
  } finally {
    if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
  }
}

function tryTake(file: string): boolean {
  try {
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, JSON.stringify((self ??= currentProcess())));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
}

function readHolder(file: string): ProcessIdentity | null {
  try {
    const holder: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isProcessIdentity(holder) ? holder : null;
  } catch {
    // Being written this instant, or gone: the next round reads it again.
    return null;
  }
}

/** Moves a dead holder's lock aside atomically, so two waiters never both remove a live one. */
function takeOverStale(file: string, seen: ProcessIdentity): void {
  const aside = `${file}.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return;
  }
  const moved = readHolder(aside);
  if (moved && (moved.pid !== seen.pid || moved.startTicks !== seen.startTicks)) {
    // A live holder replaced it in between: put its lock back unless another took the place.
    try {
      renameSync(aside, file);
    } catch {
      // the place is taken again; that holder stands
    }
    return;
  }
  rmSync(aside, { force: true });
}
