import stringWidth from 'string-width';

/** Colour codes as chalk writes them, exactly as string-width's strip-ansi matches them. */
const SGR = /\x1b\[(?:\d{1,4}(?:;\d{0,4})*)?m/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * string-width for cli-table3 (build.mjs hands it this module): the same widths, without the
 * cost. string-width 4 runs a 10 KB emoji regular expression over every string it measures,
 * and compiling that expression took about 4 ms of every table; a string of printable ASCII
 * (colour codes aside) can hold no emoji and no wide character: its width is its length.
 */
export default function tableStringWidth(text: string): number {
  if (typeof text === 'string') {
    const plain = text.includes('\x1b') ? text.replace(SGR, '') : text;
    if (PRINTABLE_ASCII.test(plain)) return plain.length;
  }
  return stringWidth(text);
}
