import { describe, expect, test } from 'vitest';
import { distinctPrefixes, formatDuration, plural, printable, typeLabel, wordCount } from '../../src/interview/text.js';

describe('wordCount', () => {
  test.each([
    ['', 0],
    ['   \n\t ', 0],
    ['hello', 1],
    ['  hello   world  ', 2],
    ['one\ntwo\tthree', 3],
    ["don't stop", 2],
    ['don’t stop', 2],
    ['state-of-the-art design', 2],
    ['snake_case names', 2],
    ['Hello, world! How are you?', 5],
    ['— … !!! ,', 0],
    ['naïve café', 2],
    ['Привет, мир', 2],
    ['Grüße aus Köln', 3],
    ['日本語', 1],
    ['🚀', 0],
    ['ship it 🚀🎉', 2],
    ['👩‍💻 codes all day', 3],
    ['version 2 of 10', 4],
    ["'); drop table interview_responses; --", 3],
    // Combining marks belong to the word they follow: decomposed (NFD) text and Indic scripts.
    ['re\u0301sume\u0301 writing', 2],
    ['नमस्ते दुनिया', 2],
  ])('%j has %i words', (text, expected) => {
    expect(wordCount(text)).toBe(expected);
  });

  test('NFC and NFD spellings of the same text count the same', () => {
    const text = 'Ångström déjà vu naïveté';
    expect(wordCount(text.normalize('NFD'))).toBe(wordCount(text.normalize('NFC')));
  });
});

describe('formatDuration', () => {
  test.each([
    [null, '—'],
    [undefined, '—'],
    [0, '0:00'],
    [5, '0:05'],
    [59.4, '0:59'],
    [59.5, '1:00'],
    [75, '1:15'],
    [600, '10:00'],
    [3599, '59:59'],
    [3600, '1:00:00'],
    [3725, '1:02:05'],
    [86_399, '23:59:59'],
    [90_000, '25:00:00'],
    [-5, '0:00'],
  ])('%j → %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe('typeLabel', () => {
  test.each([
    ['behavioral', null, 'Behavioral'],
    ['technical', null, 'Technical'],
    ['system_design', null, 'System design'],
    ['custom', null, 'Custom'],
    ['custom', 'frontend', 'Custom · frontend'],
    ['custom', 'data_engineering', 'Custom · data engineering'],
    ['something_new', null, 'something_new'],
  ])('(%s, %j) → %s', (type, domain, expected) => {
    expect(typeLabel(type, domain)).toBe(expected);
  });
});

describe('printable: stored text shown, never obeyed, by a terminal', () => {
  test.each([
    ['plain text, tabs and newlines stay', 'a\tb\nc', 'a\tb\nc'],
    ['clear screen', '\x1b[2Jgone', '␛[2Jgone'],
    ['terminal title (OSC … BEL)', '\x1b]0;pwned\x07', '␛]0;pwned␇'],
    ['a lone carriage return', 'safe\rOVERWRITTEN', 'safe␍OVERWRITTEN'],
    ['CRLF line ends', 'one\r\ntwo', 'one\ntwo'],
    ['C1 CSI and DEL', '\u009b31m\u007f', '<U+009B>31m␡'],
    ['NUL and backspace', '\u0000\b', '␀␈'],
    ['odd Unicode that is not a control stays', 'Müller 👩🏽‍💻 مرحبا', 'Müller 👩🏽‍💻 مرحبا'],
  ])('%s', (_name, input, shown) => {
    expect(printable(input)).toBe(shown);
  });
});

test('distinctPrefixes: eight characters, more only where two ids would look the same', () => {
  const shown = distinctPrefixes(['abcdef12-aaaa', 'abcdef12-aaab', '12345678-ffff']);
  expect([...shown.values()]).toEqual(['abcdef12-aaaa', 'abcdef12-aaab', '12345678']);
});

test.each([
  [0, 'words'],
  [1, 'word'],
  [2, 'words'],
])('plural: %i %s', (n, noun) => {
  expect(plural(n, 'word')).toBe(`${n} ${noun}`);
});
