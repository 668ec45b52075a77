import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who a process is, robust to pid reuse: a pid names a process only together with the moment
 * it started (clock ticks after boot, field 22 of /proc/<pid>/stat) and the boot it started in.
 * Record `currentProcess()` in a file; later, `isSameLiveProcess(recorded)` tells whether that
 * very process still runs. Plain JSON, so it can be stored as it is.
 */
export interface ProcessIdentity {
  pid: number;
  host: string;
  /** /proc/sys/kernel/random/boot_id; absent where there is no procfs. */
  bootId?: string;
  /** Start time in clock ticks after boot; absent where there is no procfs. */
  startTicks?: number;
}

/**
 * alive: that process runs (proven by its start time; on systems without procfs, kill(pid, 0)).
 * dead: it has ended (no such pid, a zombie, another process under its pid, or another boot).
 * unknown: it cannot be told from here (another host, or no start time was recorded while its
 * pid is in use): never signal it, never take over what it holds on this evidence alone.
 */
export type Liveness = 'alive' | 'dead' | 'unknown';

const PROC = '/proc';

/** The identity of this process. */
export function currentProcess(): ProcessIdentity {
  return identityOf(process.pid) ?? { pid: process.pid, host: hostname() };
}

/** The identity of a running process of this host (e.g. a child just spawned), or null if it is gone. */
export function identityOf(pid: number): ProcessIdentity | null {
  const stat = readStat(pid);
  if (stat === 'no-procfs') return pidExists(pid) ? { pid, host: hostname() } : null;
  if (stat === null || stat.zombie) return null;
  const bootId = readBootId();
  return { pid, host: hostname(), ...(bootId ? { bootId } : {}), startTicks: stat.startTicks };
}

export function isSameLiveProcess(identity: ProcessIdentity): Liveness {
  if (identity.host !== hostname()) return 'unknown';
  const stat = readStat(identity.pid);
  if (stat === 'no-procfs') return pidExists(identity.pid) ? 'alive' : 'dead';
  if (stat === null || stat.zombie) return 'dead';
  const bootId = readBootId();
  if (identity.bootId && bootId && identity.bootId !== bootId) return 'dead';
  if (identity.startTicks === undefined) return 'unknown';
  return identity.startTicks === stat.startTicks ? 'alive' : 'dead';
}

/** Whether a value read from a file has the shape of a ProcessIdentity. */
export function isProcessIdentity(value: unknown): value is ProcessIdentity {
  const v = value as Partial<ProcessIdentity> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isSafeInteger(v.pid) &&
    (v.pid as number) > 0 &&
    typeof v.host === 'string' &&
    (v.bootId === undefined || typeof v.bootId === 'string') &&
    (v.startTicks === undefined || Number.isSafeInteger(v.startTicks))
  );
}

interface Stat {
  zombie: boolean;
  startTicks: number;
}

/** null: no such process; 'no-procfs': this system cannot say (macOS). */
function readStat(pid: number): Stat | null | 'no-procfs' {
  let text: string;
  try {
    text = readFileSync(`${PROC}/${pid}/stat`, 'utf8');
  } catch {
    return procfsPresent() ? null : 'no-procfs';
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0] ?? '';
  return { zombie: state === 'Z' || state === 'X', startTicks: Number(fields[22 - 3]) };
}

function procfsPresent(): boolean {
  try {
    readFileSync(`${PROC}/self/stat`);
    return true;
  } catch {
    return false;
  }
}

let bootId: string | null | undefined;
function readBootId(): string | null {
  if (bootId === undefined) {
    try {
      bootId = readFileSync(`${PROC}/sys/kernel/random/boot_id`, 'utf8').trim() || null;
    } catch {
      bootId = null;
    }
  }
  return bootId;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
