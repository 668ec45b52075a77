import { describe, expect, test } from 'vitest';
import { normaliseType, pickQuestions } from '../../src/interview/selection.js';
import type { Question } from '../../src/store/store.js';

/** mulberry32: a tiny seeded generator, so that a "random" pick can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pool: Question[] = Array.from({ length: 10 }, (_, i) => ({
  questionId: `q-${i}`,
  questionText: `Question ${i}?`,
  difficulty: 'medium',
  tags: [],
  keyPoints: [],
}));
const ids = (qs: Question[]) => qs.map((q) => q.questionId);

describe('normaliseType', () => {
  test.each([
    ['behavioral', 'behavioral'],
    ['Technical', 'technical'],
    ['  CUSTOM ', 'custom'],
    ['system_design', 'system_design'],
    ['system-design', 'system_design'],
    ['System Design', 'system_design'],
    ['system  -  design', 'system_design'],
    ['behavioural', null],
    ['systemdesign', null],
    ['system__design', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(normaliseType(input)).toBe(expected);
  });
});

describe('pickQuestions', () => {
  test.each([0, 1, 3, 10])('picks exactly %i distinct questions from the pool', (count) => {
    const picked = pickQuestions(pool, count, seeded(count));
    expect(picked).toHaveLength(count);
    expect(new Set(ids(picked)).size).toBe(count);
    for (const q of picked) expect(pool).toContain(q);
  });

  test('a count larger than the pool gives the whole pool, each question once', () => {
    const picked = pickQuestions(pool, 25, seeded(1));
    expect(ids(picked).sort()).toEqual(ids(pool).sort());
  });

  test('the same seed gives the same questions in the same order; another seed does not', () => {
    expect(ids(pickQuestions(pool, 5, seeded(42)))).toEqual(ids(pickQuestions(pool, 5, seeded(42))));
    expect(ids(pickQuestions(pool, 5, seeded(42)))).not.toEqual(ids(pickQuestions(pool, 5, seeded(7))));
  });

  test('the order is shuffled too, not only the choice', () => {
    const picked = ids(pickQuestions(pool, 10, seeded(3)));
    expect(picked).not.toEqual(ids(pool));
  });

  test('the extremes of random() stay inside the pool, and the input is not mutated', () => {
    const before = ids(pool);
    expect(ids(pickQuestions(pool, 3, () => 0))).toEqual(['q-0', 'q-1', 'q-2']);
    expect(ids(pickQuestions(pool, 3, () => 0.999999))).toEqual(['q-9', 'q-0', 'q-1']);
    expect(ids(pool)).toEqual(before);
  });

  test('every question can be picked first (no position is out of reach)', () => {
    const firsts = new Set(Array.from({ length: 400 }, (_, seed) => pickQuestions(pool, 1, seeded(seed))[0]?.questionId));
    expect(firsts.size).toBe(pool.length);
  });
});
