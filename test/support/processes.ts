import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { identityOf as liveIdentityOf, type ProcessIdentity } from '../../src/process-identity.js';

/** The identity a journal entry records for the process `pid`, as that process itself would. */
export function identityOf(pid: number): ProcessIdentity {
  const identity = liveIdentityOf(pid);
  if (!identity) throw new Error(`no process ${pid}`);
  return identity;
}

/** A live process that is not this one: another terminal's amplify, or whatever took a pid over. */
export async function otherProcess(): Promise<ChildProcess & { pid: number }> {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  await once(child, 'spawn');
  return child as ChildProcess & { pid: number };
}

export async function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
