import stringWidth from 'string-width';

/** Colour codes as chalk writes them, exactly as string-width's strip-ansi matches them. */
const SGR = /\x1b\[(?:\d{1,4}(?:;\d{0,4})*)?m/g;
/**
 * Characters string-width counts as one column each and that no emoji sequence starts with:
 * printable ASCII, Latin-1 and Latin Extended (before the combining marks), the dashes,
 * quotes, bullet and ellipsis of General Punctuation, and the box-drawing and block elements
 * of a table's borders and a chart's bars.
 */
const NARROW = /^[\x20-\x7e\u00a0-\u02ff\u2010-\u2027\u2500-\u259f]*$/;

/**
 * string-width for cli-table3 (build.mjs hands it this module): the same widths, without the
 * cost. string-width 4 runs a 10 KB emoji regular expression over every string it measures,
 * and compiling that expression took about 4 ms of every table; a string of printable ASCII
 * (colour codes aside), or of the narrow characters below, can hold no emoji and no wide
 * character: its width is its length. Borders alone (`─`, `│`) used to take the slow path.
 */
export default function tableStringWidth(text: string): number {
  if (typeof text === 'string') {
    const plain = text.includes('\x1b') ? text.replace(SGR, '') : text;
    if (NARROW.test(plain)) return plain.length;
  }
  return stringWidth(text);
}
