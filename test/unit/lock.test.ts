import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { currentProcess, identityOf } from '../../src/process-identity.js';
import { acquireLock, discardLock, holderOf, isAlive, isStale, readLock, releaseLock, updateLock, type LockInfo } from '../../src/store/embedded/lock.js';

const root = mkdtempSync(join(tmpdir(), 'amp-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dir: string;
let lockFile: string;
beforeEach(() => {
  dir = mkdtempSync(join(root, 'case-'));
  lockFile = join(dir, 'owner.lock');
});

const lockOf = (pid: number, host = hostname()): LockInfo => ({ pid, host, startedAt: new Date().toISOString(), version: '0.0.0', state: 'ready' });
const writeLock = (info: LockInfo) => writeFileSync(lockFile, JSON.stringify(info));

/** The pid of a process that has run and exited (and been reaped): certainly dead. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid as number;
}

/** A process that stays alive until `stop()`. */
async function liveProcess(): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await once(child, 'spawn');
  return {
    pid: child.pid as number,
    stop: async () => {
      child.kill('SIGKILL');
      await once(child, 'exit');
    },
  };
}

describe('acquireLock', () => {
  test('takes a free lock and writes pid, host, start time, boot, version and state into it', () => {
    const info = acquireLock(lockFile, '1.2.3');
    expect(info).toMatchObject({ ...currentProcess(), version: '1.2.3', state: 'starting' });
    expect(info?.startTicks).toBeGreaterThan(0);
    expect(readLock(lockFile)).toEqual(info);
  });

  test('is refused while the holder is alive: this process, or another one', async () => {
    expect(acquireLock(lockFile, '1')).not.toBeNull();
    expect(acquireLock(lockFile, '1')).toBeNull();

    const other = await liveProcess();
    try {
      rmSync(lockFile);
      writeLock(lockOf(other.pid));
      expect(acquireLock(lockFile, '1')).toBeNull();
      expect(readLock(lockFile)?.pid).toBe(other.pid);
    } finally {
      await other.stop();
    }
  });

  test('takes over the lock of a dead process, leaving nothing behind', async () => {
    writeLock(lockOf(await deadPid()));
    const info = acquireLock(lockFile, '1');
    expect(info?.pid).toBe(process.pid);
    expect(readLock(lockFile)?.pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual(['owner.lock']);
  });

  test('never takes over a lock of another host, whose pid cannot be checked here', async () => {
    writeLock(lockOf(await deadPid(), `not-${hostname()}`));
    expect(acquireLock(lockFile, '1')).toBeNull();
  });

  test.each([
    ['empty', ''],
    ['truncated', '{"pid": 12'],
    ['not JSON', 'garbage\u0000\u0001'],
    ['pid not a number', '{"pid":"123","host":"h"}'],
  ])('treats a garbage lock file (%s) as stale and takes it', (_name, content) => {
    writeFileSync(lockFile, content);
    expect(acquireLock(lockFile, '1')?.pid).toBe(process.pid);
    expect(readLock(lockFile)?.pid).toBe(process.pid);
  });
});

describe('a lock whose pid now belongs to another process', () => {
  test('is stale when the start time differs: taken over, and the process is left running', async () => {
    const other = await liveProcess();
    try {
      const reused = { ...(identityOf(other.pid) as LockInfo), startTicks: (identityOf(other.pid)?.startTicks ?? 0) + 1 };
      writeLock({ ...lockOf(other.pid), ...reused });
      expect(holderOf(readLock(lockFile))).toBe('dead');
      expect(acquireLock(lockFile, '1')?.pid).toBe(process.pid);
      expect(isAlive(other.pid)).toBe(true);
    } finally {
      await other.stop();
    }
  });

  test("naming pid 1 with a start time that is not init's: stale", () => {
    writeLock({ ...lockOf(1), startTicks: (currentProcess().startTicks as number) + 7 });
    expect(isStale(readLock(lockFile))).toBe(true);
  });

  test('of the old format (no start time) under a live pid: unproven, neither alive nor stale', async () => {
    const other = await liveProcess();
    try {
      writeLock(lockOf(other.pid));
      expect(holderOf(readLock(lockFile))).toBe('unknown');
      expect(isStale(readLock(lockFile))).toBe(false);
    } finally {
      await other.stop();
    }
  });
});

describe('discardLock', () => {
  test('removes the lock only while it is exactly the one the caller judged', () => {
    const judged = { ...lockOf(1), startedAt: '2020-01-01T00:00:00.000Z' };
    writeLock(judged);
    expect(discardLock(lockFile, { ...judged, state: 'starting' })).toBe(false);
    expect(readLock(lockFile)).toEqual(judged);
    expect(discardLock(lockFile, judged)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('isStale / isAlive', () => {
  test('a live pid is alive and its lock is not stale; a dead one is', async () => {
    const dead = await deadPid();
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(dead)).toBe(false);
    expect(isStale(lockOf(process.pid))).toBe(false);
    expect(isStale(lockOf(dead))).toBe(true);
    expect(isStale(null)).toBe(true);
  });
});

describe('releaseLock', () => {
  test('removes the lock only while it is ours', async () => {
    const other = await liveProcess();
    try {
      writeLock(lockOf(other.pid));
      releaseLock(lockFile);
      expect(readLock(lockFile)?.pid).toBe(other.pid);
    } finally {
      await other.stop();
    }
    rmSync(lockFile);
    acquireLock(lockFile, '1');
    releaseLock(lockFile);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => releaseLock(lockFile)).not.toThrow();
  });
});

describe('updateLock', () => {
  test('replaces the content atomically, without temporary files left', () => {
    const info = acquireLock(lockFile, '1') as LockInfo;
    updateLock(lockFile, { ...info, state: 'ready' });
    expect(readLock(lockFile)).toEqual({ ...info, state: 'ready' });
    expect(readdirSync(dir)).toEqual(['owner.lock']);
  });
});
