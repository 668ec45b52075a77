import { describe, expect, test } from 'vitest';
import { jsonErrorPosition } from '../../src/interview/json-position.js';

describe('jsonErrorPosition', () => {
  test.each([
    ['{"a": 1,\n "b": }', { line: 2, column: 7 }],
    ['{\n  "sessions": [\n    {"id": "x",}\n  ]\n}', { line: 3, column: 16 }],
    ['[1, 2', { line: 1, column: 6 }],
    ['{"a": "line\nbreak"}', { line: 1, column: 12 }],
    ['{"a": tru}', { line: 1, column: 10 }],
    ['{"a": 1} x', { line: 1, column: 10 }],
    ['', { line: 1, column: 1 }],
  ])('%j fails at %j', (text, position) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(jsonErrorPosition(text)).toEqual(position);
  });

  test.each(['{"a": [1, 2.5e3, -0, true, false, null, "\\u00e9\\n"]}', '  []  '])('%j is JSON: no position', (text) => {
    expect(jsonErrorPosition(text)).toBeNull();
  });

  test('nesting too deep to follow gives no position rather than a crash', () => {
    expect(jsonErrorPosition(`${'['.repeat(10_000)}x`)).toBeNull();
  });
});
