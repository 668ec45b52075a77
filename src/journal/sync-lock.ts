import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessIdentity, isSameLiveProcess, type ProcessIdentity } from '../process-identity.js';
import { thisProcess } from './ownership.js';

/** Another sync held the lock for the whole wait. */
export class SyncBusyError extends Error {
  constructor(readonly holder: ProcessIdentity | null) {
    super(`another \`amplify sync\` is still running${holder ? ` (pid ${holder.pid})` : ''}`);
    this.name = 'SyncBusyError';
  }
}

/**
 * One `amplify sync` at a time per journal. A second one waits for the first and then reads
 * the journal afresh, so it reports only what it sent itself (both would otherwise send the
 * same queue and both claim all of it). A lock whose process is gone is taken over.
 */
export async function withSyncLock<T>(journalDir: string, work: () => Promise<T>, options: { waitMs: number; onWait: () => void }): Promise<T> {
  const file = join(journalDir, 'sync.lock');
  mkdirSync(journalDir, { recursive: true, mode: 0o700 });
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    if (tryTake(file)) break;
    const holder = readHolder(file);
    if (holder && isSameLiveProcess(holder) === 'dead') {
      takeOverStale(file, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new SyncBusyError(holder);
    }
    if (!told) {
      told = true;
      options.onWait();
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
    writeSync(fd, JSON.stringify(thisProcess()));
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
