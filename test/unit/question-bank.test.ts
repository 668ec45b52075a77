import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { DatabaseUnavailableError } from '../../src/errors.js';
import { LocalQuestionBank } from '../../src/journal/question-bank.js';
import { makeHome, type TestHome } from '../support/home.js';

let home: TestHome;
afterEach(() => rmSync(home.dir, { recursive: true, force: true }));

test.each([['no copy yet', null], ['a damaged copy', '{"bank": [1, 2'], ['a copy of the wrong shape', '{"bank": "x"}']])(
  'offline with %s: a clear unreachable error, never a crash',
  async (_, text) => {
    home = makeHome();
    const local = new LocalQuestionBank(home.paths.config, 'embedded:test');
    if (text !== null) {
      mkdirSync(home.paths.config, { recursive: true });
      writeFileSync(local.file, text);
    }
    expect(local.read()).toBeNull();
    await expect(local.source(null, () => new Date())).rejects.toThrow(DatabaseUnavailableError);
  },
);

test('offline with a saved copy: its bank and lists, and when it was saved', async () => {
  home = makeHome();
  const question = { questionId: 'technical-001', questionText: 'Why?', difficulty: 'easy' as const, tags: ['why'] };
  const local = new LocalQuestionBank(home.paths.config, 'embedded:test');
  mkdirSync(home.paths.config, { recursive: true });
  writeFileSync(
    local.file,
    JSON.stringify({
      savedAt: '2026-11-01T10:00:00.000Z',
      fingerprint: 'abc',
      bank: [{ interviewType: 'technical', customDomain: null, questionCount: 1 }],
      questions: { 'technical/': [question] },
    }),
  );
  const source = await local.source(null, () => new Date());
  expect(source.savedAt).toBe('2026-11-01T10:00:00.000Z');
  expect(source.bank).toEqual([{ interviewType: 'technical', customDomain: null, questionCount: 1 }]);
  // A copy made before questions had key points: they come back as none.
  expect(await source.list('technical', null)).toEqual([{ ...question, keyPoints: [] }]);
  expect(await source.list('custom', 'frontend')).toEqual([]);
});
