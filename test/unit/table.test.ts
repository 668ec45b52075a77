import { describe, expect, test } from 'vitest';
import { renderTable } from '../../src/ui/table.js';
import { makeStyle } from '../../src/ui/style.js';

const plain = await makeStyle(false, {});
const coloured = await makeStyle(true, {});

describe('renderTable', () => {
  test('renders head and rows in box-drawing borders; numeric columns are right-aligned', () => {
    expect(renderTable(['Name', 'Count'], [['alpha', 1], ['b', 12345]], { style: plain, numeric: [1] })).toBe(
      [
        '┌───────┬───────┐',
        '│ Name  │ Count │',
        '├───────┼───────┤',
        '│ alpha │     1 │',
        '├───────┼───────┤',
        '│ b     │ 12345 │',
        '└───────┴───────┘',
      ].join('\n'),
    );
  });

  test('long cells wrap at word boundaries within the given widths', () => {
    expect(renderTable(['Q'], [['one two three four']], { style: plain, widths: [11] })).toBe(
      ['┌───────────┐', '│ Q         │', '├───────────┤', '│ one two   │', '│ three     │', '│ four      │', '└───────────┘'].join('\n'),
    );
  });

  test('a style of level 0 writes no ANSI escape at all; level 1 makes the head bold', () => {
    expect(renderTable(['Head', 'State'], [['x', plain.green('ok')]], { style: plain, numeric: [0] })).not.toMatch(/\x1b/);
    expect(renderTable(['Head', 'State'], [['x', coloured.green('ok')]], { style: coloured })).toContain('\x1b[1mHead\x1b[22m');
  });
});
