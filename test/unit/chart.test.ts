import { describe, expect, test } from 'vitest';
import { barChart } from '../../src/ui/chart.js';

describe('barChart', () => {
  test('no bars, no chart', () => {
    expect(barChart([])).toBe('');
  });

  test('bars scale to the largest value; labels and bars are padded into columns', () => {
    expect(barChart([{ label: 'long label', value: 8 }, { label: 'b', value: 4 }, { label: 'c', value: 2, caption: '0:02' }], 8)).toBe(
      ['long label  ████████  8', 'b           ████      4', 'c           ██        0:02'].join('\n'),
    );
  });

  test('scaling is relative: multiplying every value changes nothing but the captions', () => {
    const small = barChart([{ label: 'a', value: 3, caption: '' }, { label: 'b', value: 1, caption: '' }], 12);
    const large = barChart([{ label: 'a', value: 3000, caption: '' }, { label: 'b', value: 1000, caption: '' }], 12);
    expect(large).toBe(small);
  });

  test.each([
    [16, '██'],
    [9, '█▏'],
    [8, '█'],
    [7, '▉'],
    [6, '▊'],
    [5, '▋'],
    [4, '▌'],
    [3, '▍'],
    [2, '▎'],
    [1, '▏'],
  ])('value %i of 16 on a 2-wide chart draws %j (eighth blocks)', (value, bar) => {
    const lines = barChart([{ label: 'max', value: 16 }, { label: 'v', value }], 2).split('\n');
    expect(lines[1]).toBe(`v    ${bar.padEnd(2)}  ${value}`);
  });

  test('zero and negative values draw no bar; all zeros draw no bars and do not divide by zero', () => {
    expect(barChart([{ label: 'a', value: 4 }, { label: 'z', value: 0 }, { label: 'n', value: -3 }], 4)).toBe(
      ['a  ████  4', 'z        0', 'n        -3'].join('\n'),
    );
    expect(barChart([{ label: 'a', value: 0 }, { label: 'b', value: 0 }], 4)).toBe(['a        0', 'b        0'].join('\n'));
  });

  test('the default width is 40 columns', () => {
    expect(barChart([{ label: 'x', value: 1 }])).toBe(`x  ${'█'.repeat(40)}  1`);
  });
});

test('in a narrow terminal the bars shorten so that every line fits, down to ten cells', () => {
  const bars = [
    { label: '2026-11-28 16:14', value: 149, caption: '2:29' },
    { label: '2026-11-28 17:02', value: 60, caption: '1:00' },
  ];
  const fits = barChart(bars, 40, 40).split('\n');
  for (const line of fits) expect([...line].length).toBeLessThanOrEqual(40);
  expect(fits[0]).toBe(`2026-11-28 16:14  ${'█'.repeat(16)}  2:29`);
  expect(barChart(bars, 40, 20).split('\n')[0]).toBe(`2026-11-28 16:14  ${'█'.repeat(10)}  2:29`);
  expect(barChart(bars, 40, 200)).toBe(barChart(bars));
});
