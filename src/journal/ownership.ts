import { readFileSync, statSync } from 'node:fs';
import { currentProcess, identityOf, isSameLiveProcess, type ProcessIdentity } from '../process-identity.js';
import type { JournalSession } from './journal.js';

/**
 * Who runs a journal entry, decided here and nowhere else. An entry names its process by
 * identity (pid, host, boot, start time), so that a pid reused after a crash never makes a
 * session look busy: the session is then free to resume, discard or sync.
 */

let self: ProcessIdentity | undefined;

/** This process, as an entry it runs records it. */
export function thisProcess(): ProcessIdentity {
  return (self ??= currentProcess());
}

/** Makes this process the one running `session` (to be written with the journal entry). */
export function takeOver(session: JournalSession): void {
  session.owner = thisProcess();
  session.pid = process.pid;
}

/** The other process running `session` now; null when no process runs it, or this one does. */
export function runningElsewhere(session: Pick<JournalSession, 'owner'>): ProcessIdentity | null {
  const { owner } = session;
  if (!owner || isThisProcess(owner)) return null;
  // Another host's process cannot be checked from here: an entry is not kept from its user on
  // a guess (it would stay stuck for good once that host is gone).
  return isSameLiveProcess(owner) === 'alive' ? owner : null;
}

function isThisProcess(owner: ProcessIdentity): boolean {
  const me = thisProcess();
  return owner.pid === me.pid && owner.host === me.host && owner.startTicks === me.startTicks;
}

/**
 * The owner of an entry written by a version that recorded a bare pid. Its process wrote the
 * entry while it lived, so a process that started after the entry's last write cannot be it:
 * that is a later process reusing the pid. Without procfs to tell, a live pid counts, as it
 * always did.
 */
export function ownerOfLegacyEntry(pid: number, file: string): ProcessIdentity | null {
  const identity = pid === process.pid ? null : identityOf(pid);
  if (!identity) return null;
  const started = startedAtMs(identity);
  if (started !== null) {
    let written: number;
    try {
      written = statSync(file).mtimeMs;
    } catch {
      return null;
    }
    if (started > written) return null;
  }
  return identity;
}

/** When `pid` started, in epoch milliseconds (never later than the truth: boot time is whole seconds). */
function startedAtMs(identity: ProcessIdentity): number | null {
  const ticks = identity.startTicks;
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  const btime = /^btime (\d+)$/m.exec(stat)?.[1];
  // /proc reports in USER_HZ, which Linux fixes at 100 for its user-space ABI.
  return ticks === undefined || btime === undefined ? null : Number(btime) * 1000 + ticks * 10;
}
