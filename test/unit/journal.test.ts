import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { Journal, newJournalSession, pendingWork, type JournalSession } from '../../src/journal/journal.js';

const root = mkdtempSync(join(tmpdir(), 'amp-journal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(root, 'case-')), 'journal');
});

function session(startedAt: string, extra: Partial<JournalSession> = {}): JournalSession {
  return newJournalSession({
    id: randomUUID(),
    interviewType: 'technical',
    customDomain: null,
    config: { questionCount: 2, timeLimitSeconds: null },
    questions: [
      { questionId: 'technical-001', questionText: 'One?', difficulty: 'easy' },
      { questionId: 'technical-002', questionText: 'Two?', difficulty: 'easy' },
    ],
    startedAt,
    owner: null,
    pid: null,
    ...extra,
  });
}

const fileOf = (id: string) => join(dir, `session-${id}.json`);
const CORRUPT_NAME = /session-[0-9a-f-]{36}\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/;

describe('Journal', () => {
  test('create writes one private file per session; open and a new Journal read it back', () => {
    const s = session('2026-01-01T10:00:00.000Z');
    const entry = new Journal(dir).create(s);
    expect(entry.path).toBe(fileOf(s.id));
    expect(statSync(entry.path).mode & 0o777).toBe(0o600);
    expect(new Journal(dir).open(s.id)?.data).toEqual(s);
    expect(new Journal(dir).open(randomUUID())).toBeNull();
  });

  test('update is on disk when it returns; remove deletes the file', () => {
    const s = session('2026-01-01T10:00:00.000Z');
    const entry = new Journal(dir).create(s);
    entry.update((d) => {
      d.position = 1;
      d.responses.push({ id: randomUUID(), questionId: 'technical-001', responseText: 'é "q" \\ 🚀', duration: 3, answeredAt: s.startedAt, acked: false });
    });
    const reread = new Journal(dir).open(s.id)?.data;
    expect(reread?.position).toBe(1);
    expect(reread?.responses[0]?.responseText).toBe('é "q" \\ 🚀');
    entry.remove();
    expect(existsSync(entry.path)).toBe(false);
    expect(new Journal(dir).list()).toEqual([]);
  });

  test('list gives every session, newest first', () => {
    const journal = new Journal(dir);
    const [a, b, c] = ['2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z', '2026-01-01T00:00:00.000Z'].map((t) => journal.create(session(t)).data);
    expect(new Journal(dir).list().map((e) => e.data.id)).toEqual([b?.id, a?.id, c?.id]);
  });

  test('list of a journal directory that does not exist yet is empty', () => {
    expect(new Journal(join(dir, 'nowhere')).list()).toEqual([]);
  });

  test('truncated and non-JSON files are moved aside, reported in problems, and the rest keep working', () => {
    const journal = new Journal(dir);
    const good = journal.create(session('2026-01-01T00:00:00.000Z')).data;
    const truncatedId = randomUUID();
    const garbageId = randomUUID();
    const truncated = JSON.stringify(session('2026-01-02T00:00:00.000Z', { id: truncatedId })).slice(0, 57);
    writeFileSync(fileOf(truncatedId), truncated);
    writeFileSync(fileOf(garbageId), 'this is not json');

    const fresh = new Journal(dir);
    expect(fresh.list().map((e) => e.data.id)).toEqual([good.id]);
    expect(fresh.problems).toHaveLength(2);
    for (const [id, content] of [
      [truncatedId, truncated],
      [garbageId, 'this is not json'],
    ] as const) {
      const problem = fresh.problems.find((p) => p.file === fileOf(id));
      expect(problem?.movedTo?.startsWith(`${fileOf(id)}.corrupt-`)).toBe(true);
      expect(readFileSync(problem?.movedTo as string, 'utf8')).toBe(content);
      expect(existsSync(fileOf(id))).toBe(false);
    }
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-')).every((f) => CORRUPT_NAME.test(f))).toBe(true);

    // Moved aside once: a second look finds nothing more to report.
    const again = new Journal(dir);
    expect(again.list().map((e) => e.data.id)).toEqual([good.id]);
    expect(again.problems).toEqual([]);
    expect(again.create(session('2026-01-05T00:00:00.000Z')).data.id).toBeDefined();
    expect(again.list()).toHaveLength(2);
  });

  test('open of a corrupt file returns null and reports it', () => {
    mkdirSync(dir, { recursive: true });
    const id = randomUUID();
    writeFileSync(fileOf(id), '{"id": "');
    const journal = new Journal(dir);
    expect(journal.open(id)).toBeNull();
    expect(journal.problems).toEqual([{ file: fileOf(id), movedTo: expect.stringMatching(CORRUPT_NAME), reason: 'not JSON' }]);
  });

  test('files that are not session journals are left alone and do not break list', () => {
    const journal = new Journal(dir);
    const good = journal.create(session('2026-01-01T00:00:00.000Z')).data;
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, 'session-backup.json'), '{}');
    expect(new Journal(dir).list().map((e) => e.data.id)).toEqual([good.id]);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'session-backup.json', `session-${good.id}.json`].sort());
  });
});

describe('Journal: entries that do not fit the schema', () => {
  const answer = { id: randomUUID(), questionId: 'technical-001', responseText: 'kept', duration: 3, answeredAt: '2026-01-01T10:01:00.000Z', acked: false };
  test.each([
    ['a position that is not a number', { position: 'abc' }, 'position: expected a whole number ≥ 0, got "abc"'],
    ['a position past the last question', { position: 3 }, 'position: expected at most 2, the number of questions, got 3'],
    ['responses that are not a list', { responses: { 0: answer } }, 'responses: expected a list, got {"0":{"id":"'],
    ['a response without its text', { responses: [{ ...answer, responseText: undefined }] }, 'responses[0].responseText: expected a string, got nothing'],
    ['a duration given as text', { responses: [{ ...answer, duration: '3' }] }, 'responses[0].duration: expected a whole number ≥ 0, got "3"'],
    ['an unknown interview type', { interviewType: 'chess' }, 'interviewType: expected one of "behavioral", "technical", "system_design", "custom", "mixed", got "chess"'],
    ['a start that is not a date', { startedAt: 'yesterday' }, 'startedAt: expected a date (ISO 8601, UTC), got "yesterday"'],
    ['acked as text', { responses: [{ ...answer, acked: 'false' }] }, 'responses[0].acked: expected true or false, got "false"'],
    ['another session\'s id', { id: '00000000-0000-4000-8000-000000000000' }, 'id: expected'],
  ])('%s: moved aside with the reason, never used', (_name, edit, reason) => {
    const journal = new Journal(dir);
    const good = journal.create(session('2026-01-01T00:00:00.000Z')).data;
    const bad = journal.create(session('2026-01-02T00:00:00.000Z')).data;
    const text = JSON.stringify({ ...bad, ...edit });
    writeFileSync(fileOf(bad.id), text);

    const fresh = new Journal(dir);
    expect(fresh.list().map((e) => e.data.id)).toEqual([good.id]);
    expect(fresh.problems).toEqual([{ file: fileOf(bad.id), movedTo: expect.stringMatching(CORRUPT_NAME), reason: expect.stringContaining(reason) }]);
    expect(readFileSync(fresh.problems[0]?.movedTo as string, 'utf8')).toBe(text);
    expect(new Journal(dir).open(bad.id)).toBeNull();
  });

  test('an entry written by this version reads back whole: every field fits the schema', () => {
    const s = session('2026-01-01T00:00:00.000Z', { position: 1, responses: [{ ...answer, acked: true }], completedAt: '2026-01-01T00:05:00.000Z', duration: 300 });
    new Journal(dir).create(s);
    const fresh = new Journal(dir);
    expect(fresh.list().map((e) => e.data)).toEqual([s]);
    expect(fresh.problems).toEqual([]);
  });
});

describe('Journal: files that cannot be read at all', () => {
  test('a directory named like a session file is skipped and reported, left in place; the rest keep working', () => {
    const journal = new Journal(dir);
    const good = journal.create(session('2026-01-01T00:00:00.000Z')).data;
    const id = randomUUID();
    mkdirSync(fileOf(id));
    const fresh = new Journal(dir);
    expect(fresh.list().map((e) => e.data.id)).toEqual([good.id]);
    expect(fresh.problems).toEqual([{ file: fileOf(id), movedTo: null, reason: 'EISDIR' }]);
    expect(statSync(fileOf(id)).isDirectory()).toBe(true);
    const opening = new Journal(dir);
    expect(opening.open(id)).toBeNull();
    expect(opening.problems).toEqual([{ file: fileOf(id), movedTo: null, reason: 'EISDIR' }]);
    expect(fresh.create(session('2026-01-03T00:00:00.000Z')).data.id).toBeDefined();
  });

  test('a journal directory that is a file is reported, and lists as empty', () => {
    mkdirSync(join(dir, '..'), { recursive: true });
    writeFileSync(dir, 'not a directory');
    const journal = new Journal(dir);
    expect(journal.list()).toEqual([]);
    expect(journal.problems).toEqual([{ file: dir, movedTo: null, reason: 'ENOTDIR' }]);
  });

  test('a write that fails throws JournalWriteError naming the file, and changes nothing, not even in memory', () => {
    const entry = new Journal(dir).create(session('2026-01-01T00:00:00.000Z'));
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'the journal directory is gone');
    expect(() => entry.update((s) => void (s.position = 1))).toThrow(
      expect.objectContaining({ name: 'JournalWriteError', file: entry.path, message: `the journal could not be written (ENOTDIR): ${entry.path}` }),
    );
    expect(entry.data.position).toBe(0);
    expect(() => new Journal(dir).create(session('2026-01-02T00:00:00.000Z'))).toThrow(/the journal could not be written \(EEXIST\)/);
  });
});

describe('pendingWork', () => {
  const response = (acked: boolean) => ({ id: randomUUID(), questionId: 'technical-001', responseText: 'x', duration: 1, answeredAt: '2026-01-01T00:00:00.000Z', acked });
  test.each([
    ['nothing sent yet', {}, { responses: 0, needsCreate: true, needsPosition: false, needsComplete: false, any: true }],
    ['created, moved on, nothing answered', { createdInDb: true, position: 1 }, { responses: 0, needsCreate: false, needsPosition: true, needsComplete: false, any: true }],
    ['two answers, one acknowledged', { createdInDb: true, position: 2, positionInDb: 2, responses: [response(true), response(false)] }, { responses: 1, needsCreate: false, needsPosition: false, needsComplete: false, any: true }],
    ['completed locally only', { createdInDb: true, completedAt: '2026-01-01T00:01:00.000Z', duration: 60 }, { responses: 0, needsCreate: false, needsComplete: true, any: true }],
    ['completed in the database: only pruning left', { createdInDb: true, completedAt: '2026-01-01T00:01:00.000Z', completedInDb: true }, { responses: 0, needsCreate: false, needsComplete: false, any: true }],
    ['all sent, still running', { createdInDb: true, position: 1, positionInDb: 1 }, { responses: 0, needsCreate: false, needsPosition: false, needsComplete: false, any: false }],
  ] as [string, Partial<JournalSession>, Partial<ReturnType<typeof pendingWork>>][])('%s', (_name, extra, expected) => {
    expect(pendingWork(session('2026-01-01T00:00:00.000Z', extra))).toMatchObject(expected);
  });
});
