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
      expect(problem?.movedTo.startsWith(`${fileOf(id)}.corrupt-`)).toBe(true);
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
    expect(journal.problems).toEqual([{ file: fileOf(id), movedTo: expect.stringMatching(CORRUPT_NAME) }]);
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
