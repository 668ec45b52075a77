/**
 * The JSON question format: `{"format": "amplify-questions", "version": 1, "template"?:
 * {"name", "description"}, "questions": [{"id"?, "type", "domain"?, "text", "difficulty"?,
 * "tags"?, "keyPoints"?, "timeLimitSeconds"?}]}`. Problems name the line where each question
 * object starts.
 */
import { jsonErrorPosition } from '../interview/json-position.js';
import { checkTemplate, type RawQuestion } from './check.js';
import type { FileProblem, QuestionFile } from './draft.js';

export const QUESTIONS_FORMAT = 'amplify-questions';
export const QUESTIONS_VERSION = 1;
const KEYS = ['id', 'type', 'domain', 'text', 'difficulty', 'tags', 'keyPoints', 'timeLimitSeconds'];

/** The line of each object in the top-level `questions` array, in order, from one pass over the text. */
function questionLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let lastString = '';
  let current = '';
  let key = '';
  let inQuestions = false;
  for (const c of text) {
    if (c === '\n') line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') {
        inString = false;
        lastString = current;
      } else current += c;
      continue;
    }
    if (c === '"') {
      inString = true;
      current = '';
    } else if (c === ':' && depth === 1) key = lastString;
    else if (c === '{' || c === '[') {
      depth++;
      if (c === '[' && depth === 2 && key === 'questions') inQuestions = true;
      if (c === '{' && depth === 3 && inQuestions) lines.push(line);
    } else if (c === '}' || c === ']') {
      if (depth === 2 && inQuestions) inQuestions = false;
      depth--;
    }
  }
  return lines;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseJson(text: string): { file: QuestionFile; raws: RawQuestion[]; problems: FileProblem[] } {
  const source = text.replace(/^\uFEFF/, '');
  const problems: FileProblem[] = [];
  const empty = { file: { template: null, questions: [] }, raws: [], problems };
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const at = jsonErrorPosition(source);
    problems.push({ line: at?.line ?? 0, message: `not JSON: ${(error as Error).message}${at ? ` (column ${at.column})` : ''}` });
    return empty;
  }
  if (!isObject(value) || value.format !== QUESTIONS_FORMAT) {
    problems.push({ line: 1, message: `not a question file: expected {"format": "${QUESTIONS_FORMAT}", "version": ${QUESTIONS_VERSION}, "questions": [...]}` });
    return empty;
  }
  if (value.version !== QUESTIONS_VERSION) {
    problems.push({ line: 1, message: `version ${JSON.stringify(value.version)} of the format: this amplify reads version ${QUESTIONS_VERSION}` });
    return empty;
  }
  if (!Array.isArray(value.questions)) {
    problems.push({ line: 1, message: '"questions" must be a list' });
    return empty;
  }
  let template: QuestionFile['template'] = null;
  if (value.template !== undefined && value.template !== null) {
    const t = value.template;
    if (!isObject(t) || typeof t.name !== 'string' || (t.description !== undefined && t.description !== null && typeof t.description !== 'string')) {
      problems.push({ line: 1, message: '"template" must be {"name": "…", "description": "…"}' });
    } else {
      const checked = checkTemplate(t.name, (t.description as string | null | undefined) ?? null, 1);
      if ('problem' in checked) problems.push(checked.problem);
      else template = checked.header;
    }
  }
  const lines = questionLines(source);
  const raws: RawQuestion[] = [];
  value.questions.forEach((q: unknown, i: number) => {
    const line = lines[i] ?? 0;
    if (!isObject(q)) return void problems.push({ line, message: `questions[${i}] is not an object` });
    const unknown = Object.keys(q).filter((k) => !KEYS.includes(k));
    if (unknown.length > 0) problems.push({ line, message: `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (${KEYS.join(', ')})` });
    const wrong = (name: string, what: string) => problems.push({ line, message: `"${name}" must be ${what}` });
    const text = (name: string): string | undefined => {
      const v = q[name];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'string') return void wrong(name, 'a string');
      return v;
    };
    const list = (name: string): string[] | undefined => {
      const v = q[name];
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return void wrong(name, 'a list of strings');
      return v as string[];
    };
    const limit = q.timeLimitSeconds;
    if (limit !== undefined && limit !== null && typeof limit !== 'number' && typeof limit !== 'string') wrong('timeLimitSeconds', 'a number of seconds');
    raws.push({
      line,
      id: text('id'),
      type: text('type'),
      domain: text('domain'),
      text: text('text'),
      difficulty: text('difficulty'),
      tags: list('tags'),
      keyPoints: list('keyPoints'),
      timeLimit: typeof limit === 'number' || typeof limit === 'string' ? limit : undefined,
    });
  });
  return { file: { template, questions: [] }, raws, problems };
}

export function serializeJson(file: QuestionFile): string {
  const questions = file.questions.map((q) => ({
    ...(q.id ? { id: q.id } : {}),
    type: q.interviewType,
    ...(q.customDomain ? { domain: q.customDomain } : {}),
    text: q.text,
    difficulty: q.difficulty,
    tags: q.tags,
    keyPoints: q.keyPoints,
    ...(q.timeLimitSeconds ? { timeLimitSeconds: q.timeLimitSeconds } : {}),
  }));
  return `${JSON.stringify({ format: QUESTIONS_FORMAT, version: QUESTIONS_VERSION, ...(file.template ? { template: file.template } : {}), questions }, null, 2)}\n`;
}
