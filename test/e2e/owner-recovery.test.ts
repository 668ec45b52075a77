import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { VERSION } from '../../src/package-info.js';
import { SOCKET_FILE } from '../../src/paths.js';
import { currentProcess, identityOf, isSameLiveProcess, type ProcessIdentity } from '../../src/process-identity.js';
import { readLock, type LockInfo } from '../../src/store/embedded/lock.js';
import { runCli } from '../support/cli.js';
import { piped, rowsWithText, storedSession } from '../support/e2e-db.js';
import { makeHome, type TestHome } from '../support/home.js';

/**
 * The embedded owner's lock names a process that is not (or no longer provably) the owner,
 * or the owner cannot be reached: amplify must recover within seconds and never signal a
 * process it has not proven to be its owner. Commands get 20 s: the old failure was a 60 s wait.
 */

const homes: TestHome[] = [];
const bystanders: ChildProcess[] = [];
afterEach(async () => {
  for (const child of bystanders.splice(0)) child.kill('SIGKILL');
  for (const home of homes.splice(0)) await home.cleanup();
});

function home(): TestHome {
  const made = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
  homes.push(made);
  return made;
}

const cli = (h: TestHome, args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { env: { ...h.env, ...extra }, timeoutMs: 20_000 });

/** An unrelated live process (as after pid reuse), with its real identity. */
async function bystander(): Promise<ProcessIdentity> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  bystanders.push(child);
  await once(child, 'spawn');
  return identityOf(child.pid as number) as ProcessIdentity;
}

function writeLock(h: TestHome, lock: Partial<LockInfo> & { pid: number }): void {
  mkdirSync(h.paths.data, { recursive: true, mode: 0o700 });
  writeFileSync(h.paths.lockFile, JSON.stringify({ host: hostname(), startedAt: new Date().toISOString(), version: VERSION, state: 'ready', ...lock }));
}

/** The owner serving a home now, proven by its lock. */
function servingOwner(h: TestHome): LockInfo {
  const lock = readLock(h.paths.lockFile) as LockInfo;
  expect(lock.state).toBe('ready');
  expect(isSameLiveProcess(lock)).toBe('alive');
  return lock;
}

describe('a lock naming a live process that is not the owner', () => {
  test.each([
    ['its pid with another start time (the pid was reused)', (p: ProcessIdentity) => ({ ...p, startTicks: (p.startTicks as number) + 1 })],
    ['its pid without a start time (a lock of an older amplify)', (p: ProcessIdentity) => ({ pid: p.pid, host: p.host })],
  ])('%s: history and db stop leave that process alone', async (_name, lockFor) => {
    const h = home();
    const other = await bystander();
    // An older version would make amplify replace the owner, so this is the lock it would stop.
    writeLock(h, { ...lockFor(other), version: '0.0.0-older' });
    const history = await cli(h, ['history']);
    expect([history.code, history.stderr]).toEqual([0, expect.not.stringContaining('error')]);
    expect(isSameLiveProcess(other)).toBe('alive');
    expect(servingOwner(h).pid).not.toBe(other.pid);

    await cli(h, ['db', 'stop']);
    writeLock(h, { ...lockFor(other), version: '0.0.0-older' });
    const stop = await cli(h, ['db', 'stop']);
    expect(stop.code).toBe(0);
    expect(isSameLiveProcess(other)).toBe('alive');
    expect(stop.stderr).toBe(
      'startTicks' in lockFor(other)
        ? 'No database owner is running.\n'
        : `The lock names pid ${other.pid}, which cannot be proven to be the database owner: it was left alone.\n`,
    );
  });

  test.each([
    ['with a start time that is not its own', { pid: 1, startTicks: (currentProcess().startTicks as number) + 1 }],
    ['without a start time', { pid: 1 }],
  ])('pid 1, %s: the next command starts an owner at once', async (_name, lock) => {
    const h = home();
    writeLock(h, lock);
    const history = await cli(h, ['history', '--json']);
    expect([history.code, history.stdout]).toEqual([0, '[]\n']);
    expect(servingOwner(h).pid).not.toBe(1);
  });
});

test('a lock of another host: one line naming the host and the file to remove', async () => {
  const h = home();
  writeLock(h, { pid: 4242, host: 'elsewhere.example', startTicks: 99 });
  const history = await cli(h, ['history']);
  expect([history.code, history.stderr]).toEqual([
    1,
    `error: the embedded database is in use by amplify on host elsewhere.example (pid 4242)\nIf amplify no longer runs on that host, remove ${h.paths.lockFile}.\n`,
  ]);
  const stop = await cli(h, ['db', 'stop']);
  expect([stop.code, stop.stderr.split('\n')[0]]).toEqual([1, 'error: the database owner runs on host elsewhere.example (pid 4242); stop it there']);
});

test('the socket of a live owner is deleted: the owner is replaced and the next command works', async () => {
  const h = home();
  expect((await cli(h, ['history'])).code).toBe(0);
  const first = servingOwner(h);
  rmSync(join(h.paths.socketDir, SOCKET_FILE));
  const history = await cli(h, ['history', '--json']);
  expect([history.code, history.stdout]).toEqual([0, '[]\n']);
  expect(isSameLiveProcess(first)).toBe('dead');
  expect(servingOwner(h).pid).not.toBe(first.pid);
});

test('an owner stuck in stopping long after its shutdown deadline is killed and replaced', async () => {
  const h = home();
  // A process recorded with its true identity counts as the owner: here one that never ends.
  const stuck = await bystander();
  writeLock(h, { ...stuck, state: 'stopping' });
  const history = await cli(h, ['history', '--json']);
  expect([history.code, history.stdout]).toEqual([0, '[]\n']);
  expect(isSameLiveProcess(stuck)).toBe('dead');
  expect(servingOwner(h).pid).not.toBe(stuck.pid);
});

describe('an owner that is alive but does not answer (stopped with SIGSTOP)', () => {
  test('start goes on: the stuck owner is replaced, and the answer lands in the database', async () => {
    const h = home();
    expect((await cli(h, ['history'])).code).toBe(0);
    const stuck = servingOwner(h);
    process.kill(stuck.pid, 'SIGSTOP');
    try {
      const start = await runCli(['start', '--type', 'technical', '--count', '1', '--new'], {
        env: { ...h.env, AMPLIFY_DB_TIMEOUT_MS: '1000' },
        input: piped(['answered while the owner was stopped']),
        timeoutMs: 20_000,
      });
      expect([start.code, start.stderr]).toEqual([0, expect.not.stringContaining('error')]);
      expect(isSameLiveProcess(stuck)).toBe('dead');
      expect(servingOwner(h).pid).not.toBe(stuck.pid);
      expect(await rowsWithText(h, 'answered while the owner was stopped')).toBe(1);
    } finally {
      if (isSameLiveProcess(stuck) === 'alive') process.kill(stuck.pid, 'SIGKILL');
    }
  });

  test('resume goes on the same way, and the session is completed in the database', async () => {
    const h = home();
    const started = await runCli(['start', '--type', 'technical', '--count', '2', '--new'], { env: h.env, input: piped(['before the owner stopped']), timeoutMs: 20_000 });
    const id = /amplify resume ([0-9a-f]{8})/.exec(started.stderr)?.[1] as string;
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    const stuck = servingOwner(h);
    process.kill(stuck.pid, 'SIGSTOP');
    try {
      const resume = await runCli(['resume', id], { env: { ...h.env, AMPLIFY_DB_TIMEOUT_MS: '1000' }, input: piped(['after the owner stopped']), timeoutMs: 20_000 });
      expect([resume.code, resume.stderr]).toEqual([0, expect.stringContaining('Interview complete')]);
      expect(isSameLiveProcess(stuck)).toBe('dead');
      expect(servingOwner(h).pid).not.toBe(stuck.pid);
      const stored = await storedSession(h, id);
      expect(stored?.completedAt).not.toBeNull();
      expect(stored?.responses.map((r) => r.text)).toEqual(['before the owner stopped', 'after the owner stopped']);
    } finally {
      if (isSameLiveProcess(stuck) === 'alive') process.kill(stuck.pid, 'SIGKILL');
    }
  });
});
