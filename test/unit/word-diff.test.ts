import { expect, test } from 'vitest';
import { wordDiff } from '../../src/interview/word-diff.js';

test.each([
  ['identical texts are one run', 'we shipped it', 'we shipped it', [{ op: 'same', text: 'we shipped it' }]],
  ['a word replaced', 'we shipped it late', 'I shipped it early', [
    { op: 'removed', text: 'we' },
    { op: 'added', text: 'I' },
    { op: 'same', text: 'shipped it' },
    { op: 'removed', text: 'late' },
    { op: 'added', text: 'early' },
  ]],
  ['words added in the middle, whitespace ignored', 'cut  latency\nby half', 'cut p99 latency by half in two weeks', [
    { op: 'same', text: 'cut' },
    { op: 'added', text: 'p99' },
    { op: 'same', text: 'latency by half' },
    { op: 'added', text: 'in two weeks' },
  ]],
  ['from nothing', '', 'a new answer', [{ op: 'added', text: 'a new answer' }]],
  ['to nothing', 'an old answer', '   ', [{ op: 'removed', text: 'an old answer' }]],
  ['odd Unicode compares by code points', 'café 🎉 שלום', 'café 🎉 עולם', [
    { op: 'same', text: 'café 🎉' },
    { op: 'removed', text: 'שלום' },
    { op: 'added', text: 'עולם' },
  ]],
] as const)('%s', (_, before, after, expected) => {
  expect(wordDiff(before, after)).toEqual(expected);
});

test('rewritten texts too large to align are shown as removed then added, without building the table', () => {
  const before = Array.from({ length: 3000 }, (_, i) => `old${i}`).join(' ');
  const after = Array.from({ length: 3000 }, (_, i) => `new${i}`).join(' ');
  const diff = wordDiff(`same ${before} end`, `same ${after} end`);
  expect(diff.map((r) => r.op)).toEqual(['same', 'removed', 'added', 'same']);
  expect(diff[1]!.text.split(' ')).toHaveLength(3000);
});

test('every word of both texts is in the diff, in order', () => {
  const before = 'the cache was cold so we warmed it at deploy time';
  const after = 'the cache was warm because I warmed it before deploy';
  const diff = wordDiff(before, after);
  expect(diff.filter((r) => r.op !== 'added').map((r) => r.text).join(' ')).toBe(before);
  expect(diff.filter((r) => r.op !== 'removed').map((r) => r.text).join(' ')).toBe(after);
});
