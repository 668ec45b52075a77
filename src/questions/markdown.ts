/**
 * The Markdown question format: one question per `## ` section, readable and diffable in git.
 *
 *     # Template: acme-onsite            (a template file only; a paragraph under it describes it)
 *
 *     ## Tell me about a time you disagreed with your manager.
 *     More lines of the question, when it has them.
 *
 *     - id: acme-disagree               (optional)
 *     - type: behavioral
 *     - domain: frontend                (type custom only)
 *     - difficulty: medium
 *     - tags: conflict, leadership
 *     - time limit: 5m
 *     - key points:
 *       - what was at stake
 *       - how you raised it
 *
 * The heading is the question's first line; the lines under it, up to its first field, are
 * the rest of it. A line of the text that would read as a heading, a field or a comment is
 * written with a `\` before it. HTML comments (`<!-- … -->`) are ignored.
 */
import { checkTemplate, formatDuration, type RawQuestion } from './check.js';
import type { FileProblem, QuestionDraft, QuestionFile } from './draft.js';

const FIELDS = ['id', 'type', 'domain', 'difficulty', 'tags', 'time limit', 'key points'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_KEYS = { id: 'id', type: 'type', domain: 'domain', difficulty: 'difficulty', tags: 'tags', 'time limit': 'timeLimit', 'key points': 'keyPoints' } as const;

function fieldName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/** The closest field name, when a typo is one or two edits away. */
function didYouMean(name: string): string {
  const distance = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let diagonal = row[0] as number;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const next = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
        diagonal = row[j] as number;
        row[j] = next;
      }
    }
    return row[b.length] as number;
  };
  const best = FIELDS.map((f) => ({ f, d: distance(name, f) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= 2 ? `; did you mean "${best.f}"?` : '';
}

interface Section {
  raw: RawQuestion;
  text: string[];
  /** Once a field is seen, the text is over. */
  inFields: boolean;
  /** The key points' indented items follow. */
  inKeyPoints: boolean;
}

const unescape = (line: string) => (line.startsWith('\\') ? line.slice(1) : line);

export function parseMarkdown(text: string): { file: QuestionFile; raws: RawQuestion[]; problems: FileProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: FileProblem[] = [];
  const raws: RawQuestion[] = [];
  let template: QuestionFile['template'] = null;
  let templateLine = 0;
  let description: string[] | null = null;
  let section: Section | null = null;
  /** The line of a comment not closed yet. */
  let commentLine = 0;

  const close = () => {
    if (!section) return;
    section.raw.text = section.text.join('\n');
    raws.push(section.raw);
    section = null;
  };

  lines.forEach((line, index) => {
    const n = index + 1;
    if (commentLine) {
      if (line.includes('-->')) commentLine = 0;
      return;
    }
    // Only at the start of a line: an indented `- <!-- …` is a key point that says so.
    if (line.startsWith('<!--')) {
      if (!line.includes('-->', 4)) commentLine = n;
      return;
    }
    const heading = /^(#{1,2})(?:\s+(.*?))?\s*$/s.exec(line);
    if (heading?.[1] === '##') {
      close();
      section = { raw: { line: n }, text: [heading[2] ?? ''], inFields: false, inKeyPoints: false };
      return;
    }
    if (heading?.[1] === '#') {
      const named = /^template:\s*(.*)$/is.exec(heading[2] ?? '');
      if (!named || section || raws.length > 0 || template || templateLine) {
        problems.push({ line: n, message: named ? 'a template header goes first, once' : 'a "# " heading is only a template header ("# Template: NAME"); a question starts with "## "' });
        return;
      }
      templateLine = n;
      const checked = checkTemplate(named[1] ?? '', null, n);
      if ('problem' in checked) problems.push(checked.problem);
      else template = checked.header;
      description = [];
      return;
    }
    const current = section as Section | null;
    if (!current) {
      if (line.trim() === '') return void description?.push('');
      if (description) return void description.push(unescape(line));
      problems.push({ line: n, message: 'text outside a question (a question starts with "## ")' });
      return;
    }
    const item = /^\s+[-*]\s+(.*)$/s.exec(line);
    if (current.inKeyPoints && item) {
      current.raw.keyPoints = [...(current.raw.keyPoints ?? []), item[1] ?? ''];
      return;
    }
    const field = /^[-*]\s+([^:]+):(.*)$/s.exec(line);
    if (field) {
      current.inFields = true;
      current.inKeyPoints = false;
      const name = fieldName(field[1] ?? '');
      const value = (field[2] ?? '').trim();
      if (!(FIELDS as readonly string[]).includes(name)) {
        problems.push({ line: n, message: `unknown field "${(field[1] ?? '').trim()}" (${FIELDS.join(', ')})${didYouMean(name)}` });
        return;
      }
      const key = FIELD_KEYS[name as Field];
      const earlier = current.raw.fieldLines?.[key];
      if (earlier !== undefined) {
        problems.push({ line: n, message: `"${name}" is given twice (also line ${earlier})` });
        return;
      }
      current.raw.fieldLines = { ...current.raw.fieldLines, [key]: n };
      if (key === 'keyPoints') {
        // Its items follow, indented; a value on the field's own line is a first item.
        current.inKeyPoints = true;
        if (value) current.raw.keyPoints = [...(current.raw.keyPoints ?? []), value];
      } else {
        current.raw[key] = value;
      }
      return;
    }
    if (line.trim() === '') {
      if (!current.inFields) current.text.push('');
      return;
    }
    if (current.inFields) {
      problems.push({ line: n, message: 'expected a field ("- name: value") or a key point ("  - …") after the fields began' });
      return;
    }
    current.text.push(unescape(line));
  });
  close();
  if (commentLine) problems.push({ line: commentLine, message: 'a comment is never closed ("-->"): everything after it was left out' });
  if (description !== null && template) (template as { description: string | null }).description = (description as string[]).join('\n').trim() || null;
  if (template) {
    const checked = checkTemplate((template as { name: string }).name, (template as { description: string | null }).description, templateLine);
    if ('problem' in checked) problems.push(checked.problem);
    else template = checked.header;
  }
  return { file: { template, questions: [] }, raws, problems };
}

/** A text line that the parser would read as something else gets a `\` before it. */
function escapeLine(line: string): string {
  return /^(\s*[-*]\s|#|\\|<!--)/.test(line) ? `\\${line}` : line;
}

export function serializeMarkdown(file: QuestionFile): string {
  const parts: string[] = [];
  if (file.template) {
    parts.push(`# Template: ${file.template.name}`);
    if (file.template.description) parts.push(file.template.description.split('\n').map(escapeLine).join('\n'));
  }
  for (const q of file.questions) parts.push(section(q));
  return `${parts.join('\n\n')}\n`;
}

function section(q: QuestionDraft): string {
  const [first = '', ...rest] = q.text.split('\n');
  const lines = [`## ${first}`, ...rest.map(escapeLine), ''];
  if (q.id) lines.push(`- id: ${q.id}`);
  lines.push(`- type: ${q.interviewType}`);
  if (q.customDomain) lines.push(`- domain: ${q.customDomain}`);
  lines.push(`- difficulty: ${q.difficulty}`);
  if (q.tags.length > 0) lines.push(`- tags: ${q.tags.join(', ')}`);
  if (q.timeLimitSeconds) lines.push(`- time limit: ${formatDuration(q.timeLimitSeconds)}`);
  if (q.keyPoints.length > 0) lines.push('- key points:', ...q.keyPoints.map((k) => `  - ${k}`));
  return lines.join('\n');
}
