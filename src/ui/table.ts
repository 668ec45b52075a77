import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';

export interface TableOptions {
  style: ChalkInstance;
  /** Column indexes aligned to the right (numbers). */
  numeric?: number[];
  /** Maximum widths per column; longer cells wrap. */
  widths?: (number | null)[];
}

export function renderTable(head: string[], rows: (string | number)[][], options: TableOptions): string {
  const table = new Table({
    head: head.map((h) => options.style.bold(h)),
    style: { head: [], border: [] },
    colAligns: head.map((_, i) => (options.numeric?.includes(i) ? 'right' : 'left')),
    ...(options.widths ? { colWidths: options.widths, wordWrap: true, wrapOnWordBoundary: true } : {}),
  });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}
