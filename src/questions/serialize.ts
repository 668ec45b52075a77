import type { QuestionFile, QuestionFileFormat } from './draft.js';
import { serializeCsv } from './csv.js';
import { serializeJson } from './json-format.js';
import { serializeMarkdown } from './markdown.js';

/** Writes a question file that parseQuestionFile reads back to the same questions. CSV takes no template. */
export function serializeQuestionFile(file: QuestionFile, format: QuestionFileFormat): string {
  return format === 'json' ? serializeJson(file) : format === 'csv' ? serializeCsv(file) : serializeMarkdown(file);
}
