import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { withFileLock } from '../file-lock.js';
import type { ProcessIdentity } from '../process-identity.js';

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
  mkdirSync(journalDir, { recursive: true, mode: 0o700 });
  return withFileLock(join(journalDir, 'sync.lock'), work, { ...options, busy: (holder) => new SyncBusyError(holder) });
}
