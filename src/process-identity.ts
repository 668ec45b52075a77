import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

// STAND-IN: branch `store` writes the real src/process-identity.ts; this minimal version has
// the shape the journal needs, so that the journal side can be built and tested meanwhile.
// When that commit is cherry-picked, it replaces this file.

/** A process told apart from any later one that reuses its pid. */
export interface ProcessIdentity {
  pid: number;
  host: string;
  /** The kernel's boot id: a pid from before a reboot names no process now. */
  bootId: string | null;
  /** The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
  startTime: string | null;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function bootId(): string | null {
  return readOrNull('/proc/sys/kernel/random/boot_id')?.trim() ?? null;
}

/** Start time of `pid` in clock ticks since boot, or null without procfs or when it is gone. */
export function startTimeOf(pid: number): string | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, host: hostname(), bootId: bootId(), startTime: startTimeOf(process.pid) };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = readOrNull(`/proc/${pid}/stat`);
  // A killed process its parent has not reaped yet still answers kill(pid, 0).
  return stat === null || stat[stat.lastIndexOf(')') + 2] !== 'Z';
}

/**
 * Whether the process `identity` names is still running: on this host, since the same boot,
 * and the pid's process started when the recorded one did (not a later one reusing the pid).
 * Another host's process cannot be checked from here.
 */
export function isRunning(identity: ProcessIdentity): boolean | 'unknown' {
  if (identity.host !== hostname()) return 'unknown';
  const boot = bootId();
  if (identity.bootId !== null && boot !== null && identity.bootId !== boot) return false;
  if (!isAlive(identity.pid)) return false;
  const started = startTimeOf(identity.pid);
  return identity.startTime === null || started === null || started === identity.startTime;
}
