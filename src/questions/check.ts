import { MAX_TIME_LIMIT_SECONDS, normaliseDomain, normaliseType } from '../interview/selection.js';
import type { FileProblem, QuestionDraft, TemplateHeader } from './draft.js';

/** A question as a format read it, before any checking: every value as written. */
export interface RawQuestion {
  line: number;
  /** Where each field was written, when the format knows (Markdown): its problems are named there. */
  fieldLines?: Partial<Record<QuestionField, number>>;
  id?: string;
  type?: string;
  domain?: string;
  text?: string;
  difficulty?: string;
  /** A list, or one text of comma- or newline-separated tags. */
  tags?: string[] | string;
  keyPoints?: string[];
  timeLimit?: string | number;
}

export type QuestionField = 'id' | 'type' | 'domain' | 'text' | 'difficulty' | 'tags' | 'keyPoints' | 'timeLimit';

export const LIMITS = { text: 5000, tag: 40, tags: 20, keyPoint: 300, keyPoints: 12, name: 64, description: 2000 } as const;
const ID = /^[A-Za-z0-9._-]{1,64}$/;
const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;

/** `90`, `90s`, `5m`, `1m30s`, `4:30`, `1h`: seconds, or null when it is none of those. */
export function parseDuration(value: string | number): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  const text = value.trim().toLowerCase();
  if (/^\d{1,6}$/.test(text)) return Number(text);
  const clock = /^(?:(\d{1,3}):)?(\d{1,4}):([0-5]\d)$/.exec(text);
  if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  const units = /^(?:(\d{1,3})h)?\s*(?:(\d{1,4})m)?\s*(?:(\d{1,6})s)?$/.exec(text);
  if (units && (units[1] || units[2] || units[3])) return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  return null;
}

/** The compact form: `90s`, `5m`, `1m30s`, `1h`. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || seconds === 0 ? `${s}s` : ''}`;
}

/** Trailing spaces of each line and blank lines around the text go; the rest is the person's. */
export function normaliseText(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}

const hasNul = (value: string) => value.includes('\u0000');

/** A checked draft, or the problems of the question (each a message without its line). */
export function checkQuestion(raw: RawQuestion): { draft: QuestionDraft } | { problems: { field: QuestionField | null; message: string }[] } {
  const problems: { field: QuestionField | null; message: string }[] = [];
  const problem = (field: QuestionField | null) => (message: string) => problems.push({ field, message });
  const at = {
    id: problem('id'),
    type: problem('type'),
    domain: problem('domain'),
    text: problem('text'),
    difficulty: problem('difficulty'),
    tags: problem('tags'),
    keyPoints: problem('keyPoints'),
    timeLimit: problem('timeLimit'),
    question: problem(null),
  };
  const id = raw.id?.trim() ? raw.id.trim() : null;
  if (id !== null && !ID.test(id)) at.id(`id "${id}" is not an id (1–64 letters, digits, ".", "-" or "_")`);
  const domain = raw.domain?.trim() ? normaliseDomain(raw.domain) : null;
  let type = raw.type?.trim() ? normaliseType(raw.type) : domain ? 'custom' : null;
  if (raw.type?.trim() && !type) at.type(`unknown type "${raw.type.trim()}" (behavioral, technical, system design, custom)`);
  if (!raw.type?.trim() && !domain) at.question('the type is missing (behavioral, technical, system design, custom)');
  if (type === 'custom' && !domain) at.type('type custom needs a domain');
  if (type && type !== 'custom' && domain) at.domain(`a domain goes with type custom, not ${type}`);
  const text = normaliseText(raw.text ?? '');
  if (text === '') at.text('the question text is missing');
  else if ([...text].length > LIMITS.text) at.text(`the question is ${[...text].length} characters long (at most ${LIMITS.text})`);
  const difficulty = raw.difficulty?.trim() ? raw.difficulty.trim().toLowerCase() : 'medium';
  if (!(DIFFICULTIES as readonly string[]).includes(difficulty)) at.difficulty(`unknown difficulty "${raw.difficulty?.trim()}" (easy, medium, hard)`);
  const tagList = typeof raw.tags === 'string' ? raw.tags.split(/[,\n]/) : (raw.tags ?? []);
  const tags = [...new Set(tagList.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  for (const tag of tags) if ([...tag].length > LIMITS.tag) at.tags(`tag "${tag.slice(0, 20)}…" is over ${LIMITS.tag} characters`);
  // Markdown and CSV separate tags by commas: a tag holding one could not travel back.
  if (Array.isArray(raw.tags) && raw.tags.some((t) => /[,\n]/.test(t))) at.tags('a tag cannot hold a comma or a line break');
  if (tags.length > LIMITS.tags) at.tags(`${tags.length} tags (at most ${LIMITS.tags})`);
  const keyPoints = (raw.keyPoints ?? []).map((k) => k.trim()).filter(Boolean);
  for (const point of keyPoints) {
    if ([...point].length > LIMITS.keyPoint) at.keyPoints(`a key point is ${[...point].length} characters long (at most ${LIMITS.keyPoint})`);
    if (point.includes('\n')) at.keyPoints('a key point must fit on one line');
  }
  if (keyPoints.length > LIMITS.keyPoints) at.keyPoints(`${keyPoints.length} key points (at most ${LIMITS.keyPoints})`);
  let timeLimitSeconds: number | null = null;
  const limit = raw.timeLimit;
  if (limit !== undefined && String(limit).trim() !== '' && String(limit).trim().toLowerCase() !== 'none') {
    const seconds = parseDuration(limit);
    if (seconds === null) at.timeLimit(`time limit "${String(limit).trim()}" is not a duration (e.g. 90s, 5m, 1m30s, 4:30)`);
    else if (seconds > MAX_TIME_LIMIT_SECONDS) at.timeLimit(`time limit ${formatDuration(seconds)} is over a day`);
    else if (seconds > 0) timeLimitSeconds = seconds;
  }
  const texts = [raw.id, raw.type, raw.domain, raw.text, raw.difficulty, ...tagList, ...keyPoints, typeof limit === 'string' ? limit : ''];
  if (texts.some((t) => t !== undefined && hasNul(t))) at.question('a NUL character (U+0000), which no text may hold');
  if (problems.length > 0 || !type) return { problems };
  return {
    draft: { id, interviewType: type, customDomain: type === 'custom' ? domain : null, text, difficulty: difficulty as QuestionDraft['difficulty'], tags, keyPoints, timeLimitSeconds, line: raw.line },
  };
}

export function checkTemplate(name: string, description: string | null, line: number): { header: TemplateHeader } | { problem: FileProblem } {
  const trimmed = name.trim();
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(trimmed)) return { problem: { line, message: `template name "${trimmed}" is not a name (1–64 letters, digits, ".", "-" or "_")` } };
  const text = description === null ? null : normaliseText(description) || null;
  if (text !== null && [...text].length > LIMITS.description) return { problem: { line, message: `the template's description is over ${LIMITS.description} characters` } };
  if (text !== null && hasNul(text)) return { problem: { line, message: 'a NUL character (U+0000), which no text may hold' } };
  return { header: { name: trimmed, description: text } };
}

/** Checks every raw question, then finds the same id or the same question twice. */
export function checkAll(raws: RawQuestion[], problems: FileProblem[]): QuestionDraft[] {
  const drafts: QuestionDraft[] = [];
  const ids = new Map<string, number>();
  const texts = new Map<string, number>();
  for (const raw of raws) {
    const checked = checkQuestion(raw);
    if ('problems' in checked) {
      for (const p of checked.problems) problems.push({ line: (p.field && raw.fieldLines?.[p.field]) || raw.line, message: p.message });
      continue;
    }
    const { draft } = checked;
    const key = `${draft.interviewType}/${draft.customDomain ?? ''}/${draft.text.toLowerCase().replace(/\s+/g, ' ')}`;
    const sameId = draft.id === null ? undefined : ids.get(draft.id);
    const sameText = texts.get(key);
    if (sameId !== undefined) problems.push({ line: raw.line, message: `duplicate id "${draft.id}" (also line ${sameId})` });
    else if (sameText !== undefined) problems.push({ line: raw.line, message: `duplicate question: the same text as line ${sameText}` });
    else {
      if (draft.id !== null) ids.set(draft.id, raw.line);
      texts.set(key, raw.line);
      drafts.push(draft);
    }
  }
  return drafts;
}
