import { checkAll } from './check.js';
import type { FileProblem, QuestionFile, QuestionFileFormat } from './draft.js';
import { parseCsv } from './csv.js';
import { parseJson } from './json-format.js';
import { parseMarkdown } from './markdown.js';

export function formatOfPath(path: string): QuestionFileFormat | null {
  const extension = /\.([A-Za-z]+)$/.exec(path)?.[1]?.toLowerCase();
  if (extension === 'json') return 'json';
  if (extension === 'csv') return 'csv';
  if (extension === 'md' || extension === 'markdown') return 'markdown';
  return null;
}

/** Reads a question file and checks every question; never throws on what the file holds. */
export function parseQuestionFile(text: string, format: QuestionFileFormat): { file: QuestionFile; problems: FileProblem[] } {
  const read = format === 'json' ? parseJson(text) : format === 'csv' ? parseCsv(text) : parseMarkdown(text);
  const problems = [...read.problems];
  const questions = checkAll(read.raws, problems);
  if (read.raws.length === 0 && problems.length === 0) problems.push({ line: 0, message: read.file.template ? 'the template has no questions' : 'no questions in the file' });
  problems.sort((a, b) => a.line - b.line);
  return { file: { template: read.file.template, questions }, problems };
}
