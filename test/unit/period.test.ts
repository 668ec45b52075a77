import { describe, expect, test } from 'vitest';
import { parseSince } from '../../src/interview/period.js';

const NOW = new Date('2026-03-31T12:00:00Z');

describe('parseSince', () => {
  test.each([
    ['2026-01-15', '2026-01-15T00:00:00.000Z'],
    ['2026-01-15T09:30:00Z', '2026-01-15T09:30:00.000Z'],
    ['2026-01-15 09:30', '2026-01-15T09:30:00.000Z'],
    ['7d', '2026-03-24T12:00:00.000Z'],
    ['4w', '2026-03-03T12:00:00.000Z'],
    ['1m', '2026-02-28T12:00:00.000Z'],
    [' 3m ', '2025-12-31T12:00:00.000Z'],
  ])('%j is %s', (input, expected) => {
    expect(parseSince(input, NOW)?.toISOString()).toBe(expected);
  });

  test.each(['', 'yesterday', '7', '7y', '-7d', '2026-13-01', '2026-02-30', '15/01/2026', "2026-01-15'; drop table x; --"])('%j is not a time', (input) => {
    expect(parseSince(input, NOW)).toBeNull();
  });
});
