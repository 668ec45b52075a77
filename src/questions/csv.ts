/**
 * The CSV question format (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes,
 * CRLF or LF). A header row names the columns, in any order: id, type, domain, text,
 * difficulty, tags, key_points, time_limit_seconds (type and text required). Tags are
 * separated by commas or line breaks, key points by line breaks, inside their cell. A cell
 * written with a leading `'` before `=`, `+`, `-` or `@` (so that a spreadsheet never runs
 * it) is read without it. CSV has no template header: templates go as Markdown or JSON.
 */
import type { RawQuestion } from './check.js';
import type { FileProblem, QuestionFile } from './draft.js';

const COLUMNS = ['id', 'type', 'domain', 'text', 'difficulty', 'tags', 'key_points', 'time_limit_seconds'] as const;

/** Records with the physical line each starts on. */
function records(text: string, problems: FileProblem[]): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  let line = 1;
  let start = 1;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '' && !wasQuoted)) out.push({ line: start, cells });
    cells = [];
    cell = '';
    wasQuoted = false;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      i++;
      continue;
    }
    if (c === '"') {
      if (cell.trim() !== '') problems.push({ line, message: 'a quote inside an unquoted cell (quote the whole cell, doubling quotes in it)' });
      quoted = true;
      wasQuoted = true;
      cell = '';
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += c;
    i++;
  }
  if (quoted) problems.push({ line: start, message: 'a quoted cell is never closed' });
  if (cell !== '' || cells.length > 0 || wasQuoted) endRecord();
  return out;
}

/** The `'` a spreadsheet-safe export put before a formula character. */
const unguard = (cell: string) => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell);

export function parseCsv(text: string): { file: QuestionFile; raws: RawQuestion[]; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const rows = records(text.replace(/^\uFEFF/, ''), problems);
  const raws: RawQuestion[] = [];
  const [head, ...body] = rows;
  const result = { file: { template: null, questions: [] }, raws, problems };
  if (!head) return result;
  const before = problems.length;
  const names = head.cells.map((c) => c.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) problems.push({ line: head.line, message: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} (${COLUMNS.join(', ')})` });
  for (const required of ['type', 'text']) if (!names.includes(required)) problems.push({ line: head.line, message: `the header row has no "${required}" column` });
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) problems.push({ line: head.line, message: `column "${repeated[0]}" twice` });
  // Without the right columns no row can be read.
  if (problems.length > before) return result;
  for (const row of body) {
    if (row.cells.length !== names.length) {
      problems.push({ line: row.line, message: `${row.cells.length} cells where the header has ${names.length}` });
      continue;
    }
    const get = (name: string) => {
      const index = names.indexOf(name);
      return index < 0 ? undefined : unguard(row.cells[index] as string);
    };
    raws.push({
      line: row.line,
      id: get('id'),
      type: get('type'),
      domain: get('domain'),
      text: get('text'),
      difficulty: get('difficulty'),
      tags: get('tags'),
      keyPoints: get('key_points')?.split(/\r?\n/),
      timeLimit: get('time_limit_seconds'),
    });
  }
  return result;
}

function cell(value: string): string {
  const guarded = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

export function serializeCsv(file: QuestionFile): string {
  if (file.template) throw new Error('a template has no place in CSV: write it as Markdown or JSON');
  const rows = file.questions.map((q) =>
    [q.id ?? '', q.interviewType, q.customDomain ?? '', q.text, q.difficulty, q.tags.join(', '), q.keyPoints.join('\n'), q.timeLimitSeconds ? String(q.timeLimitSeconds) : ''].map(cell).join(','),
  );
  return `${[COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
