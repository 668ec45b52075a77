import Table from 'cli-table3';
import type { Style } from './style.js';

export interface TableOptions {
  style: Style;
  /** Column indexes aligned to the right (numbers). */
  numeric?: number[];
  /** Maximum widths per column; longer cells wrap. */
  widths?: (number | null)[];
  /**
   * The terminal's width, when the output is one. A table wider than that first narrows its
   * widest wrapping column, and below a readable width becomes one record per row.
   */
  maxWidth?: number;
}

/** The narrowest a wrapping column gets before the table turns vertical. */
const MIN_WRAP_WIDTH = 24;

export function renderTable(head: string[], rows: (string | number)[][], options: TableOptions): string {
  const text = boxed(head, rows, options, options.widths);
  const max = options.maxWidth;
  if (!max || width(text) <= max) return text;
  if (options.widths) {
    const widths = [...options.widths];
    const widest = widths.reduce<number>((best, w, i) => ((w ?? 0) > (widths[best] ?? 0) ? i : best), 0);
    const narrowed = (widths[widest] ?? 0) - (width(text) - max);
    if (narrowed >= MIN_WRAP_WIDTH) {
      widths[widest] = narrowed;
      return boxed(head, rows, options, widths);
    }
  }
  return vertical(head, rows, options.style, max);
}

function boxed(head: string[], rows: (string | number)[][], options: TableOptions, widths: (number | null)[] | undefined): string {
  const table = new Table({
    head: head.map((h) => options.style.bold(h)),
    style: { head: [], border: [] },
    colAligns: head.map((_, i) => (options.numeric?.includes(i) ? 'right' : 'left')),
    ...(widths ? { colWidths: widths, wordWrap: true, wrapOnWordBoundary: true } : {}),
  });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

/** Each row as a record of `Head  value` lines, values wrapped to the width. */
function vertical(head: string[], rows: (string | number)[][], style: Style, max: number): string {
  const labelWidth = Math.max(...head.map((h) => h.length));
  const room = Math.max(10, max - labelWidth - 2);
  return rows
    .map((row) =>
      head
        .flatMap((h, i) =>
          wrap(String(row[i] ?? ''), room).map((line, n) => `${n === 0 ? style.bold(h.padEnd(labelWidth)) : ' '.repeat(labelWidth)}  ${line}`),
        )
        .join('\n'),
    )
    .join('\n\n');
}

const ANSI = /\x1b\[[0-9;]*m/g;

function width(text: string): number {
  return [...(text.split('\n')[0] ?? '').replace(ANSI, '')].length;
}

function wrap(value: string, room: number): string[] {
  if ([...value.replace(ANSI, '')].length <= room) return [value];
  const lines: string[] = [];
  let line = '';
  for (const word of value.split(/\s+/)) {
    for (let rest = word; rest.length > 0; ) {
      const take = line === '' ? room : room - line.length - 1;
      if (rest.length <= take) {
        line = line === '' ? rest : `${line} ${rest}`;
        rest = '';
      } else if (line !== '') {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, room));
        rest = rest.slice(room);
      }
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
