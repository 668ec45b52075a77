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

describe('renderTable in a narrow terminal', () => {
  const question = 'Describe the standard transaction isolation levels and the anomalies each one allows.';
  const lines = (text: string) => text.split('\n');

  test('a table that fits is unchanged', () => {
    const wide = renderTable(['#', 'Q'], [[1, 'short']], { style: plain, maxWidth: 80 });
    expect(wide).toBe(renderTable(['#', 'Q'], [[1, 'short']], { style: plain }));
  });

  test('a wrapping column narrows to fit the width', () => {
    const text = renderTable(['#', 'Question', 'Time'], [[1, question, '0:48']], { style: plain, widths: [5, 60, 9], maxWidth: 60 });
    expect(Math.max(...lines(text).map((l) => [...l].length))).toBe(60);
    expect(text.replace(/[│ \n]+/g, ' ')).toContain('anomalies each one');
  });

  test('below a readable width, each row becomes a record that fits', () => {
    const text = renderTable(['#', 'Question', 'Time'], [[1, question, '0:48'], [2, 'Short one?', 'skipped']], { style: plain, widths: [5, 60, 9], maxWidth: 40 });
    for (const line of lines(text)) expect([...line].length).toBeLessThanOrEqual(40);
    expect(lines(text)[0]).toBe('#         1');
    expect(lines(text)[1]).toBe('Question  Describe the standard');
    expect(lines(text)[2]).toBe('          transaction isolation levels');
    expect(text).toContain('\n\n#         2\nQuestion  Short one?\nTime      skipped');
    expect(text).not.toMatch(/[┌│└]/);
  });

  test('a word longer than the width is cut, never lost', () => {
    const long = 'x'.repeat(70);
    const text = renderTable(['ID', 'Value'], [['a', long]], { style: plain, maxWidth: 30 });
    expect(text.replace(/\n\s+/g, '').replace(/^ID\s+a\nValue\s+/, '')).toBe(long);
  });
});
