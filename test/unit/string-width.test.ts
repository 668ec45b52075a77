import stringWidth from 'string-width';
import { expect, test } from 'vitest';
import tableStringWidth from '../../src/ui/string-width.js';

// What cli-table3 measures: plain cells, chalk's colours, and text a person typed.
const samples = [
  '',
  'completed',
  '2026-01-03 01:00',
  ' leading and trailing ',
  '\x1b[1mID\x1b[22m',
  '\x1b[32mcompleted\x1b[39m',
  '\x1b[1m\x1b[31mtwo codes\x1b[39m\x1b[22m',
  '\x1b[38;5;123mextended colour\x1b[39m',
  '\x1b[12345mfive digits: strip-ansi leaves the m\x1b[0m',
  '\x1b]8;;https://example.com\x07link\x1b]8;;\x07',
  'tab\there',
  'line\nbreak',
  'café',
  'naïve résumé',
  '古い',
  '😀 emoji',
  '👩‍💻 joined emoji',
  'e\u0301 combining',
  '\u0007bell',
  '\x7fdelete',
  '\x1b[1m古\x1b[22m',
];

test.each(samples)('the width cli-table3 gets is string-width’s: %j', (text) => {
  expect(tableStringWidth(text)).toBe(stringWidth(text));
});

test('every character of the narrow ranges, alone, after ASCII and before a combining mark or a variation selector, measures as string-width says', () => {
  const ranges = [[0x20, 0x7e], [0xa0, 0x2ff], [0x2010, 0x2027], [0x2500, 0x259f]];
  const misses: string[] = [];
  for (const [from, to] of ranges) {
    for (let code = from as number; code <= (to as number); code++) {
      const c = String.fromCodePoint(code);
      for (const text of [c, `a${c}b`, `${c}\u0301`, `${c}\ufe0f`, `\x1b[32m${c}${c}\x1b[39m`]) {
        if (tableStringWidth(text) !== stringWidth(text)) misses.push(`${JSON.stringify(text)}: ${tableStringWidth(text)} ≠ ${stringWidth(text)}`);
      }
    }
  }
  expect(misses).toEqual([]);
});
