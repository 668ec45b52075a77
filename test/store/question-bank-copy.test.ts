import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from '../../src/errors.js';
import { backendIdentity } from '../../src/journal/destination.js';
import { LocalQuestionBank } from '../../src/journal/question-bank.js';
import { openBackend, type StoreBackend } from '../support/store-backends.js';

/** LocalQuestionBank against a real database: when it refreshes its copy, and what it does with a damaged one. */

let backend: StoreBackend;
let dir: string;
let cases = 0;
beforeAll(async () => {
  backend = await openBackend('embedded');
});
afterAll(() => backend?.cleanup());
beforeEach(() => {
  dir = join(backend.home.dir, `copy-${++cases}`);
  mkdirSync(dir);
});

const EMBEDDED = 'embedded:/somewhere/pgdata';
const day = (n: number) => () => new Date(Date.UTC(2026, 10, n));
const saved = (copy: LocalQuestionBank) => JSON.parse(readFileSync(copy.file, 'utf8')) as { savedAt: string; questions: Record<string, { questionText: string }[]> };

describe('LocalQuestionBank.source online', () => {
  it('saves a copy of the bank and every list that an offline start then uses', async () => {
    const online = await new LocalQuestionBank(dir, EMBEDDED).source(backend.store, day(1));
    expect(online.savedAt).toBeNull();
    const offline = await new LocalQuestionBank(dir, EMBEDDED).source(null, day(2));
    expect(offline.savedAt).toBe(day(1)().toISOString());
    expect(offline.bank).toEqual(await backend.store.questionBank());
    expect(await offline.list('custom', 'frontend')).toEqual(await backend.store.listQuestions('custom', 'frontend'));
    expect(await offline.list('technical', null)).toEqual(await backend.store.listQuestions('technical', null));
  });

  it('keeps a current copy as it is, and refreshes it when a question text is edited though no count changes', async () => {
    const copy = new LocalQuestionBank(dir, EMBEDDED);
    await copy.source(backend.store, day(1));
    await copy.source(backend.store, day(2));
    expect(saved(copy).savedAt).toBe(day(1)().toISOString());

    const [question] = await backend.store.listQuestions('technical', null);
    const id = question?.questionId as string;
    await backend.admin`update public.interview_questions set question_text = 'Edited: what is a closure?' where question_id = ${id}`;
    try {
      await copy.source(backend.store, day(3));
      expect(saved(copy).savedAt).toBe(day(3)().toISOString());
      expect(saved(copy).questions['technical/']?.[0]?.questionText).toBe('Edited: what is a closure?');
      const offline = await new LocalQuestionBank(dir, EMBEDDED).source(null, day(4));
      expect((await offline.list('technical', null)).find((q) => q.questionId === id)?.questionText).toBe('Edited: what is a closure?');
    } finally {
      await backend.admin`update public.interview_questions set question_text = ${question?.questionText as string} where question_id = ${id}`;
    }
  });

  it.each([
    ['garbage', '\u0000{{ not json'],
    ['an empty file', ''],
    ['JSON of the wrong shape', JSON.stringify({ savedAt: 'yesterday', fingerprint: 1, bank: {}, questions: [] })],
    ['a bank entry of the wrong type', JSON.stringify({ savedAt: '2026-11-01T00:00:00.000Z', fingerprint: 'x', bank: [{ interviewType: 'chess', customDomain: null, questionCount: 1 }], questions: {} })],
  ])('a copy holding %s is reported and rebuilt, and the start goes on', async (_name, text) => {
    const copy = new LocalQuestionBank(dir, EMBEDDED);
    writeFileSync(copy.file, text);
    const source = await copy.source(backend.store, day(1));
    expect(source.bank).toEqual(await backend.store.questionBank());
    expect(copy.problems).toEqual([{ file: copy.file, kind: 'damaged', detail: expect.any(String) }]);
    expect(saved(copy).savedAt).toBe(day(1)().toISOString());
    const again = new LocalQuestionBank(dir, EMBEDDED);
    await again.source(null, day(2));
    expect(again.problems).toEqual([]);
  });

  it('a copy that cannot be read or written (a directory in its place) is reported twice, and the start goes on online', async () => {
    const copy = new LocalQuestionBank(dir, EMBEDDED);
    mkdirSync(copy.file);
    const source = await copy.source(backend.store, day(1));
    expect(source.bank).toEqual(await backend.store.questionBank());
    expect(copy.problems).toEqual([
      { file: copy.file, kind: 'damaged', detail: 'EISDIR' },
      { file: copy.file, kind: 'unsaved', detail: 'EISDIR' },
    ]);
    const offline = new LocalQuestionBank(dir, EMBEDDED);
    await expect(offline.source(null, day(2))).rejects.toThrow(/no copy of the question bank/);
    rmSync(copy.file, { recursive: true });
  });

  it('keeps one copy per backend: another database finds none of this one', async () => {
    await new LocalQuestionBank(dir, EMBEDDED).source(backend.store, day(1));
    const other = new LocalQuestionBank(dir, 'postgres:postgres://me@elsewhere:5432/amplify');
    expect(other.file).not.toBe(new LocalQuestionBank(dir, EMBEDDED).file);
    await expect(other.source(null, day(2))).rejects.toThrow(DatabaseUnavailableError);
  });
});

describe('backendIdentity', () => {
  const paths = { pgdata: '/home/me/.local/share/amplify/pgdata' };
  const id = (databaseUrl?: string) => backendIdentity(databaseUrl ? { backend: 'postgres', databaseUrl } : { backend: 'embedded' }, paths);

  it('is the data directory for embedded, and the URL without its password for postgres', () => {
    expect(id()).toBe('embedded:/home/me/.local/share/amplify/pgdata');
    expect(id('postgres://me:secret@db.example.com:5433/amplify?sslmode=require&password=other')).toBe('postgres:postgres://me@db.example.com:5433/amplify?sslmode=require');
    expect(id('postgres://me:secret@db.example.com:5433/amplify')).toBe(id('postgres://me:changed@db.example.com:5433/amplify'));
    expect(id('postgres://me@db.example.com:5433/amplify')).not.toBe(id('postgres://me@db.example.com:5433/other'));
    expect(id('not a url')).toBe('postgres:not a url');
  });
});
