import { describe, expect, test } from 'vitest';
import { parseDuration } from '../../src/questions/check.js';
import type { QuestionDraft, QuestionFile, QuestionFileFormat } from '../../src/questions/draft.js';
import { formatOfPath, parseQuestionFile } from '../../src/questions/parse.js';
import { serializeQuestionFile } from '../../src/questions/serialize.js';

const MD = `# Template: acme-onsite
Round one, with the hiring manager.

## Why do you want to work at Acme?

- id: acme-why
- type: custom
- domain: Acme Corp
- difficulty: easy
- tags: Motivation, culture
- time limit: 2m
- key points:
  - the product
  - the team, and why it matters

<!-- a note for myself -->
## Design Acme's checkout.
It must survive a sale day:
- ten times the usual traffic

- type: system design
- time limit: 1m30s
`;

const draft = (over: Partial<QuestionDraft>): QuestionDraft => ({
  id: null,
  interviewType: 'technical',
  customDomain: null,
  text: 'What is a B-tree?',
  difficulty: 'medium',
  tags: [],
  keyPoints: [],
  timeLimitSeconds: null,
  line: 0,
  ...over,
});

describe('reading a question file', () => {
  test('Markdown: a template header with its description, fields, key points, a text of several lines, comments', () => {
    const { file, problems } = parseQuestionFile(MD, 'markdown');
    expect(problems).toEqual([]);
    expect(file.template).toEqual({ name: 'acme-onsite', description: 'Round one, with the hiring manager.' });
    expect(file.questions).toEqual([
      draft({ id: 'acme-why', interviewType: 'custom', customDomain: 'acme_corp', text: 'Why do you want to work at Acme?', difficulty: 'easy', tags: ['motivation', 'culture'], keyPoints: ['the product', 'the team, and why it matters'], timeLimitSeconds: 120, line: 4 }),
      draft({ interviewType: 'system_design', text: "Design Acme's checkout.\nIt must survive a sale day:\n- ten times the usual traffic", timeLimitSeconds: 90, line: 17 }),
    ]);
  });

  test('CSV: a header in any order, quoted cells with commas, quotes and line breaks, CRLF, a BOM', () => {
    const csv = '\uFEFFtext,type,tags,key_points,time_limit_seconds,domain\r\n"Say ""hello"", then\nexplain",technical,"a, b","one, with a comma\r\ntwo; with a semicolon",4:30,\r\n\r\nWhy?,custom,,,,frontend\r\n';
    const { file, problems } = parseQuestionFile(csv, 'csv');
    expect(problems).toEqual([]);
    expect(file.questions).toEqual([
      draft({ text: 'Say "hello", then\nexplain', tags: ['a', 'b'], keyPoints: ['one, with a comma', 'two; with a semicolon'], timeLimitSeconds: 270, line: 2 }),
      draft({ interviewType: 'custom', customDomain: 'frontend', text: 'Why?', line: 6 }),
    ]);
  });

  test('JSON: each question knows its line', () => {
    const json = `{
  "format": "amplify-questions",
  "version": 1,
  "questions": [
    { "type": "behavioral", "text": "One?" },
    {
      "type": "technical",
      "text": "Two?",
      "timeLimitSeconds": 60
    }
  ]
}`;
    const { file, problems } = parseQuestionFile(json, 'json');
    expect(problems).toEqual([]);
    expect(file.questions.map((q) => [q.line, q.interviewType, q.timeLimitSeconds])).toEqual([
      [5, 'behavioral', null],
      [6, 'technical', 60],
    ]);
  });

  // Exact output: every problem, with its line, in the order of the file.
  test.each<[string, QuestionFileFormat, string, { line: number; message: string }[]]>([
    ['every problem of a Markdown file', 'markdown', `Some stray text.

## First?
- type: technical
- dificulty: hard

## 
- type: chess
- difficulty: medum
- time limit: 5 minutes

## Where?
- type: custom

## First?
- type: technical
- id: x
stray after the fields
`, [
      { line: 1, message: 'text outside a question (a question starts with "## ")' },
      { line: 5, message: 'unknown field "dificulty" (id, type, domain, difficulty, tags, time limit, key points); did you mean "difficulty"?' },
      { line: 7, message: 'the question text is missing' },
      { line: 8, message: 'unknown type "chess" (behavioral, technical, system design, custom)' },
      { line: 9, message: 'unknown difficulty "medum" (easy, medium, hard)' },
      { line: 10, message: 'time limit "5 minutes" is not a duration (e.g. 90s, 5m, 1m30s, 4:30)' },
      { line: 13, message: 'type custom needs a domain' },
      { line: 15, message: 'duplicate question: the same text as line 3' },
      { line: 18, message: 'expected a field ("- name: value") or a key point ("  - …") after the fields began' },
    ]],
    ['a template header in the wrong place', 'markdown', '## Q?\n- type: technical\n# Template: late\n', [{ line: 3, message: 'a template header goes first, once' }]],
    ['a bad template name', 'markdown', '# Template: my template\n## Q?\n- type: technical\n', [{ line: 1, message: 'template name "my template" is not a name (1–64 letters, digits, ".", "-" or "_")' }]],
    ['a template without questions', 'markdown', '# Template: empty\nNothing yet.\n', [{ line: 0, message: 'the template has no questions' }]],
    ['an empty file', 'markdown', '', [{ line: 0, message: 'no questions in the file' }]],
    ['a NUL in a question', 'markdown', '## Q\u0000?\n- type: technical\n', [{ line: 1, message: 'a NUL character (U+0000), which no text may hold' }]],
    ['a field twice', 'markdown', '## A?\n- type: technical\n- type: behavioral\n', [{ line: 3, message: '"type" is given twice (also line 2)' }]],
    ['a comment never closed', 'markdown', '## A?\n- type: technical\n\n<!-- draft\n## B?\n- type: technical\n', [{ line: 4, message: 'a comment is never closed ("-->"): everything after it was left out' }]],
    ['a JSON tag with a comma', 'json', '{"format": "amplify-questions", "version": 1, "questions": [\n{"type": "technical", "text": "A?", "tags": ["a, b"]}\n]}', [{ line: 2, message: 'a tag cannot hold a comma or a line break' }]],
    ['the same id twice', 'markdown', '## A?\n- id: x\n- type: technical\n\n## B?\n- id: x\n- type: technical\n', [{ line: 5, message: 'duplicate id "x" (also line 1)' }]],
    ['a bad id, a domain with another type, a long time limit', 'markdown', '## A?\n- id: has space\n- type: technical\n- domain: frontend\n- time limit: 25h\n', [
      { line: 2, message: 'id "has space" is not an id (1–64 letters, digits, ".", "-" or "_")' },
      { line: 4, message: 'a domain goes with type custom, not technical' },
      { line: 5, message: 'time limit 25h is over a day' },
    ]],
    ['CSV: unknown and missing columns', 'csv', 'question,kind\nA,b\n', [
      { line: 1, message: 'unknown columns "question", "kind" (id, type, domain, text, difficulty, tags, key_points, time_limit_seconds)' },
      { line: 1, message: 'the header row has no "type" column' },
      { line: 1, message: 'the header row has no "text" column' },
    ]],
    ['CSV: a short row and an unclosed quote', 'csv', 'type,text\ntechnical\ntechnical,"open\n', [
      { line: 2, message: '1 cells where the header has 2' },
      { line: 3, message: 'a quoted cell is never closed' },
    ]],
    ['JSON that is not JSON', 'json', '{\n  "format": "amplify-questions",\n  "questions": [\n    { "type": "technical", }\n  ]\n}', [
      { line: 4, message: expect.stringMatching(/^not JSON: .* \(column \d+\)$/) as unknown as string },
    ]],
    ['JSON of another format or version', 'json', '{"format": "amplify-export", "version": 1, "sessions": []}', [{ line: 1, message: 'not a question file: expected {"format": "amplify-questions", "version": 1, "questions": [...]}' }]],
    ['JSON of a newer version', 'json', '{"format": "amplify-questions", "version": 2, "questions": []}', [{ line: 1, message: 'version 2 of the format: this amplify reads version 1' }]],
    ['JSON fields of the wrong kind', 'json', '{"format": "amplify-questions", "version": 1, "questions": [\n{"type": "technical", "text": 5, "tags": "a", "colour": "red"}\n]}', [
      { line: 2, message: 'unknown field "colour" (id, type, domain, text, difficulty, tags, keyPoints, timeLimitSeconds)' },
      { line: 2, message: '"text" must be a string' },
      { line: 2, message: '"tags" must be a list of strings' },
      { line: 2, message: 'the question text is missing' },
    ]],
  ])('%s', (_name, format, text, expected) => {
    const { problems } = parseQuestionFile(text, format);
    expect(problems).toEqual(expected);
  });

  test('time limits: the forms people write', () => {
    expect(['90', '90s', '5m', '1m30s', '4:30', '1:04:30', '1h', '1h30m'].map(parseDuration)).toEqual([90, 90, 300, 90, 270, 3870, 3600, 5400]);
    expect(['5 minutes', '', 'm', '1:75', '-5'].map(parseDuration)).toEqual([null, null, null, null, null]);
  });

  test('formats by file name', () => {
    expect(['a.md', 'B.MARKDOWN', 'c.json', 'd.CSV', 'e.txt', 'f'].map(formatOfPath)).toEqual(['markdown', 'markdown', 'json', 'csv', null, null]);
  });
});

describe('writing a question file', () => {
  const tricky: QuestionDraft[] = [
    draft({ id: 'q.1', text: '# Not a heading\n- not a field: really\n\n\\ a backslash\n<!-- not a comment -->\n  - indented, not a key point\n> a quote\n\tand a tab', tags: ['x'], keyPoints: ['a, b; c | d', '"quoted" #hash', '- dash first', '<!-- comment first', '# hash first', '> quote first'] }),
    draft({ text: 'A line separator\u2028inside, and a nbsp\u00a0word; C:\\temp\\a.txt' }),
    draft({ interviewType: 'custom', customDomain: 'data_engineering', text: '=SUM(A1) starts like a formula, @ too', difficulty: 'hard', timeLimitSeconds: 86_400 }),
    draft({ interviewType: 'behavioral', text: 'مرحبا — שלום — 你好 👩🏽‍💻 e\u0301', tags: ['émoji', 'rtl'], timeLimitSeconds: 61 }),
    draft({ interviewType: 'system_design', text: "'); drop table interview_questions; --", keyPoints: ['<script>alert(1)</script>'] }),
  ];
  const file: QuestionFile = { template: null, questions: tricky };
  const withLines = (f: QuestionFile) => f.questions.map((q) => ({ ...q, line: 0 }));

  test.each<QuestionFileFormat>(['markdown', 'json', 'csv'])('%s reads back exactly what it wrote', (format) => {
    const text = serializeQuestionFile(file, format);
    const read = parseQuestionFile(text, format);
    expect(read.problems).toEqual([]);
    expect(withLines(read.file)).toEqual(tricky);
    expect(text.endsWith('\n')).toBe(true);
  });

  test.each<QuestionFileFormat>(['markdown', 'json'])('%s keeps a template with its description', (format) => {
    const template = { name: 'acme-onsite', description: 'Two lines:\n- with a dash' };
    const read = parseQuestionFile(serializeQuestionFile({ template, questions: tricky.slice(0, 1) }, format), format);
    expect(read.problems).toEqual([]);
    expect(read.file.template).toEqual(template);
  });

  test('CSV refuses a template, and guards formulas for spreadsheets', () => {
    expect(() => serializeQuestionFile({ template: { name: 't', description: null }, questions: tricky }, 'csv')).toThrow(/no place in CSV/);
    expect(serializeQuestionFile(file, 'csv')).toContain(`,"'=SUM(A1) starts like a formula, @ too",`);
  });

  test('a 10 MB file is read whole', () => {
    const section = (i: number) => `## Question number ${i}: ${'a long line of words '.repeat(20)}\n- type: technical\n- tags: t${i % 7}\n- key points:\n  - one\n  - two\n`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const s = section(i);
      parts.push(s);
      size += s.length;
    }
    const { file, problems } = parseQuestionFile(parts.join('\n'), 'markdown');
    expect(problems).toEqual([]);
    expect(file.questions).toHaveLength(parts.length);
  });
});
