import type { ChalkInstance } from 'chalk';
import { formatDuration, wordCount } from '../interview/text.js';
import { renderTable } from './table.js';

export interface ResultRow {
  position: number;
  questionText: string;
  duration: number | null;
  responseText: string | null;
}

/** The results page: each question, the time taken and the answer's word count. */
export function resultsTable(rows: ResultRow[], style: ChalkInstance): string {
  return renderTable(
    ['#', 'Question', 'Time', 'Words'],
    rows.map((r) => [
      r.position,
      r.questionText,
      r.responseText === null ? style.dim('skipped') : formatDuration(r.duration),
      r.responseText === null ? '—' : wordCount(r.responseText),
    ]),
    { style, numeric: [0, 2, 3], widths: [5, 60, 9, 7] },
  );
}
