import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { withSyncLock } from '../../src/journal/sync-lock.js';
import { currentProcess } from '../../src/process-identity.js';

const dirs: string[] = [];
const journalDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sync-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test('a second sync waits for the first, then runs; the lock is gone afterwards', async () => {
  const dir = journalDir();
  const order: string[] = [];
  let releaseFirst: () => void = () => {};
  let secondWaits: () => void = () => {};
  const waiting = new Promise<void>((resolve) => (secondWaits = resolve));
  const first = withSyncLock(dir, () => new Promise<void>((resolve) => (releaseFirst = () => (order.push('first done'), resolve()))), { waitMs: 5000, onWait: () => {} });
  const second = withSyncLock(dir, async () => void order.push('second ran'), { waitMs: 5000, onWait: secondWaits });
  await waiting;
  expect(order).toEqual([]);
  releaseFirst();
  await Promise.all([first, second]);
  expect(order).toEqual(['first done', 'second ran']);
  expect(existsSync(join(dir, 'sync.lock'))).toBe(false);
});

test.each([
  ['a process that has exited', () => ({ ...currentProcess(), pid: spawnSync(process.execPath, ['-e', '0']).pid as number })],
  ['pid 1, which is not the process that took it (another start time)', () => ({ ...currentProcess(), pid: 1, startTicks: 1 })],
])('a lock left by %s is taken over at once', async (_name, holder) => {
  const dir = journalDir();
  writeFileSync(join(dir, 'sync.lock'), JSON.stringify(holder()));
  let waited = false;
  expect(await withSyncLock(dir, async () => 'ran', { waitMs: 5000, onWait: () => (waited = true) })).toBe('ran');
  expect(waited).toBe(false);
});

test('a live holder that never lets go ends the wait with one clear line', async () => {
  const dir = journalDir();
  writeFileSync(join(dir, 'sync.lock'), JSON.stringify({ ...currentProcess(), pid: process.ppid, startTicks: undefined }));
  await expect(withSyncLock(dir, async () => 'ran', { waitMs: 200, onWait: () => {} })).rejects.toMatchObject({
    message: `another \`amplify sync\` is still running (pid ${process.ppid})`,
  });
});
