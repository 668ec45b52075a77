import type { Style } from './style.js';
import { formatDuration, printable, wordCount } from '../interview/text.js';
import { renderTable } from './table.js';

export interface ResultRow {
  position: number;
  questionText: string;
  duration: number | null;
  responseText: string | null;
  /** False for a question an unfinished interview has not reached yet. */
  reached?: boolean;
}

/** The results page: each question, the time taken and the answer's word count. */
export function resultsTable(rows: ResultRow[], style: Style, timeLimitSeconds: number | null = null, maxWidth?: number): string {
  const over = (r: ResultRow) => timeLimitSeconds !== null && r.responseText !== null && (r.duration ?? 0) > timeLimitSeconds;
  const table = renderTable(
    ['#', 'Question', 'Time', 'Words'],
    rows.map((r) => [
      r.position,
      printable(r.questionText),
      r.responseText !== null
        ? over(r)
          ? style.yellow(`${formatDuration(r.duration)} !`)
          : formatDuration(r.duration)
        : r.reached === false
          ? '—'
          : style.dim('skipped'),
      r.responseText === null ? '—' : wordCount(r.responseText),
    ]),
    { style, numeric: [0, 2, 3], widths: [5, 60, 9, 7], maxWidth },
  );
  const note = rows.some(over) ? `\n${style.yellow(`! over the time limit of ${formatDuration(timeLimitSeconds)}`)}` : '';
  return table + note;
}
