import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Journal, newJournalSession, type JournalSession } from '../../src/journal/journal.js';
import { runningElsewhere, thisProcess } from '../../src/journal/ownership.js';
import type { ProcessIdentity } from '../../src/process-identity.js';
import { ended, identityOf, otherProcess } from '../support/processes.js';

const dir = join(mkdtempSync(join(tmpdir(), 'amp-owner-')), 'journal');
let other: Awaited<ReturnType<typeof otherProcess>>;
let gone: number;
beforeAll(async () => {
  other = await otherProcess();
  const dead = await otherProcess();
  gone = dead.pid;
  await ended(dead);
});
afterAll(async () => {
  await ended(other);
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

function session(fields: Partial<JournalSession> = {}): JournalSession {
  return newJournalSession({
    id: randomUUID(),
    interviewType: 'technical',
    customDomain: null,
    config: {},
    questions: [{ questionId: 'technical-001', questionText: 'Whose is it?', difficulty: 'easy' }],
    startedAt: new Date().toISOString(),
    ...fields,
  });
}

describe('runningElsewhere', () => {
  test.each<[string, () => ProcessIdentity | null, boolean]>([
    ['no process runs it', () => null, false],
    ['this process runs it', () => thisProcess(), false],
    ['another live process runs it', () => identityOf(other.pid), true],
    ['its process is gone', () => ({ ...identityOf(other.pid), pid: gone, startTicks: 1 }), false],
    ['its pid now belongs to a later process (reused after a crash)', () => ({ ...identityOf(other.pid), startTicks: (identityOf(other.pid).startTicks as number) - 1 }), false],
    ['it was recorded before a reboot', () => ({ ...identityOf(other.pid), bootId: '00000000-0000-0000-0000-000000000000' }), false],
    ['its pid is this process, but from before (a crash, then the pid reused by us)', () => ({ ...thisProcess(), startTicks: 1 }), false],
    ['it runs on another host, which cannot be checked from here', () => ({ ...identityOf(other.pid), host: 'another-host' }), false],
  ])('%s → %s', (_name, owner, running) => {
    const found = runningElsewhere({ owner: owner() });
    expect(found).toEqual(running ? identityOf(other.pid) : null);
  });
});

describe('entries written before owners were recorded (a bare pid)', () => {
  /** Writes an entry as older versions did: `pid`, no `owner`, last written at `writtenAt`. */
  function legacy(pid: number, writtenAt: Date): string {
    const { owner: _, ...old } = session({ pid });
    const file = join(dir, `session-${old.id}.json`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(old));
    utimesSync(file, writtenAt, writtenAt);
    return old.id;
  }
  const ownerOf = (id: string) => new Journal(dir).open(id)?.data.owner;

  test('a live pid whose process started before the entry was last written runs it (and gets its full identity)', () => {
    const id = legacy(other.pid, new Date());
    expect(ownerOf(id)).toEqual(identityOf(other.pid));
    expect(runningElsewhere({ owner: ownerOf(id) ?? null })).toEqual(identityOf(other.pid));
  });

  test('a live pid whose process started after the entry was last written is a later process: the entry is free', () => {
    const id = legacy(other.pid, new Date(Date.now() - 3_600_000));
    expect(ownerOf(id)).toBeNull();
  });

  test('a pid that is gone, or is this very process, leaves the entry free', () => {
    expect(ownerOf(legacy(gone, new Date()))).toBeNull();
    expect(ownerOf(legacy(process.pid, new Date()))).toBeNull();
  });
});
