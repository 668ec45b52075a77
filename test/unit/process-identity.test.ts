import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, test } from 'vitest';
import { currentProcess, identityOf, isProcessIdentity, isSameLiveProcess } from '../../src/process-identity.js';

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid as number;
}

describe('currentProcess', () => {
  test('names this pid and host, with the start time and boot of /proc', () => {
    const me = currentProcess();
    expect(me).toMatchObject({ pid: process.pid, host: hostname(), bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() });
    expect(me.startTicks).toBeGreaterThan(0);
    expect(isProcessIdentity(JSON.parse(JSON.stringify(me)))).toBe(true);
  });
});

describe('isSameLiveProcess', () => {
  test('this process is alive; a recorded identity with another start time under a live pid is dead', () => {
    const me = currentProcess();
    expect(isSameLiveProcess(me)).toBe('alive');
    expect(isSameLiveProcess({ ...me, startTicks: (me.startTicks as number) + 1 })).toBe('dead');
  });

  test('pid 1 is alive, but a record naming pid 1 with our start time is not that process', () => {
    const init = identityOf(1);
    expect(init && isSameLiveProcess(init)).toBe('alive');
    expect(isSameLiveProcess({ ...currentProcess(), pid: 1 })).toBe('dead');
  });

  test('a process that has exited is dead, and so is a zombie not yet reaped', async () => {
    expect(isSameLiveProcess({ pid: await deadPid(), host: hostname(), startTicks: 1 })).toBe('dead');

    // The background sleep's parent becomes a sleep that never reaps it: killed, it stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const [line] = (await once(parent.stdout, 'data')) as [Buffer];
      const pid = Number(line.toString().trim());
      const identity = identityOf(pid);
      expect(identity && isSameLiveProcess(identity)).toBe('alive');
      process.kill(pid, 'SIGKILL');
      await expect.poll(() => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0]).toBe('Z');
      expect(isSameLiveProcess(identity!)).toBe('dead');
      expect(identityOf(pid)).toBeNull();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  test('another boot means dead; another host, or a live pid recorded without start time, is unknown', () => {
    const me = currentProcess();
    expect(isSameLiveProcess({ ...me, bootId: '00000000-0000-0000-0000-000000000000' })).toBe('dead');
    expect(isSameLiveProcess({ ...me, host: `not-${hostname()}` })).toBe('unknown');
    expect(isSameLiveProcess({ pid: process.pid, host: hostname() })).toBe('unknown');
    expect(isSameLiveProcess({ pid: 1, host: hostname() })).toBe('unknown');
  });

  test('a process whose name holds spaces and parentheses is read correctly', async () => {
    const child = spawn(process.execPath, ['-e', 'process.title = "a) b (c"; setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await once(child, 'spawn');
    try {
      const identity = identityOf(child.pid as number);
      expect(identity?.startTicks).toBeGreaterThan(0);
      expect(isSameLiveProcess(identity!)).toBe('alive');
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
});

test.each([
  ['a full identity', { pid: 12, host: 'h', bootId: 'b', startTicks: 34 }, true],
  ['an old lock without start time', { pid: 12, host: 'h' }, true],
  ['a pid as text', { pid: '12', host: 'h' }, false],
  ['pid 0', { pid: 0, host: 'h' }, false],
  ['a fractional start time', { pid: 12, host: 'h', startTicks: 1.5 }, false],
  ['null', null, false],
])('isProcessIdentity: %s', (_name, value, expected) => {
  expect(isProcessIdentity(value)).toBe(expected);
});
