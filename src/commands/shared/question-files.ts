import type { Context } from '../../context.js';
import { fileError } from './file-error.js';
import { isDatabaseRefusal, UsageError, UserError } from '../../errors.js';
import { plural } from '../../interview/text.js';
import { LIBRARY } from '../../store/library.js';
import { writeJson } from './json.js';
import { openWithProgress } from './open-store.js';
import { writeFileAtomically } from '../../json-files.js';
import type { QuestionDraft, QuestionFile, QuestionFileFormat, FileProblem } from '../../questions/draft.js';
import { formatOfPath, parseQuestionFile } from '../../questions/parse.js';
import type { BankQuestion, FunctionCall, OwnQuestionInput } from '../../store/library.js';
import type { Store } from '../../store/store.js';

/** The largest question file read: far beyond any bank a person writes, small enough to hold. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

export const FILE_FORMATS = ['md', 'json', 'csv'] as const;
export type FileFormatName = (typeof FILE_FORMATS)[number];

export function fileFormat(name: FileFormatName): QuestionFileFormat {
  return name === 'md' ? 'markdown' : name;
}

/** A question file read and checked: every problem with its line, none thrown. */
export function readQuestionFile(path: string, flag: FileFormatName | undefined): { file: QuestionFile; problems: FileProblem[] } {
  const format = flag ? fileFormat(flag) : formatOfPath(path);
  if (!format) throw new UsageError(`cannot tell the format of ${path}`, 'Name it .md, .json or .csv, or say which with --format md|json|csv.');
  const { readFileSync, statSync } = process.getBuiltinModule('node:fs');
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) throw new UserError(`${path} is over ${MAX_FILE_BYTES / 1024 / 1024} MB: not a question file`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw fileError(error, 'read', path);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { file: { template: null, questions: [] }, problems: [{ line: 0, message: 'not UTF-8 text' }] };
  }
  return parseQuestionFile(text, format);
}

/** `file:line: message`, one per problem, as compilers print them. */
export function reportProblems(ctx: Context, path: string, problems: FileProblem[]): void {
  for (const p of problems) ctx.stderr.write(`${path}${p.line > 0 ? `:${p.line}` : ''}: ${p.message}\n`);
}

export function draftOf(q: BankQuestion): QuestionDraft {
  return {
    id: q.questionId,
    interviewType: q.interviewType,
    customDomain: q.customDomain,
    text: q.questionText,
    difficulty: q.difficulty,
    tags: q.tags,
    keyPoints: q.keyPoints,
    timeLimitSeconds: q.timeLimitSeconds,
    line: 0,
  };
}

export function inputOf({ line: _line, ...input }: QuestionDraft): OwnQuestionInput {
  return input;
}

/** Standard output, or a file made whole at the end (never half a bank). */
export async function writeOutput(ctx: Context, text: string, out: string | undefined): Promise<void> {
  if (!out || out === '-') {
    ctx.stdout.write(text);
    await ctx.stdout.room();
    return;
  }
  try {
    writeFileAtomically(out, text, { durable: true });
  } catch (error) {
    throw fileError(error, 'write', out);
  }
}

/** One library call; what the database refuses as invalid (a taken id, a name in use) is the person's to fix. */
export async function libraryCall<T>(store: Store, call: FunctionCall<T>): Promise<T> {
  try {
    return await store.run(call);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (isDatabaseRefusal(error) && typeof code === 'string' && /^2[23]/.test(code)) throw new UserError(error.message);
    throw error;
  }
}

export interface ImportOptions {
  format?: FileFormatName;
  dryRun?: boolean;
  json?: boolean;
}

/**
 * Imports a question file, all or nothing: nothing at all when any question has a problem,
 * and the questions in one call. A file with a template header saves that template too.
 */
export async function importQuestionFile(path: string, options: ImportOptions & { templateOnly?: boolean }, ctx: Context): Promise<void> {
  const { file, problems } = readQuestionFile(path, options.format);
  if (options.templateOnly && problems.length === 0 && !file.template) problems.push({ line: 1, message: 'no template header (a first line like "# Template: acme-onsite")' });
  if (problems.length > 0) {
    reportProblems(ctx, path, problems);
    throw new UserError(`${path} has ${plural(problems.length, 'problem')}: nothing was imported`, 'Fix them and import again; `amplify questions check` lists them without importing.');
  }
  if (options.dryRun) {
    if (options.json) return writeJson(ctx.stdout, { questions: file.questions.length, template: file.template?.name ?? null, dryRun: true });
    return void ctx.stderr.write(`${path}: ${plural(file.questions.length, 'question')}${file.template ? ` in template ${file.template.name}` : ''}, no problems. Nothing was imported (--dry-run).\n`);
  }
  const store = await openWithProgress(ctx);
  try {
    const outcome = await libraryCall(store, LIBRARY.saveOwnQuestions(file.questions.map(inputOf)));
    const template = file.template;
    if (template) await libraryCall(store, LIBRARY.saveTemplate({ name: template.name, description: template.description, questionIds: outcome.ids, replace: true }));
    if (options.json) return writeJson(ctx.stdout, { ...outcome, template: template?.name ?? null });
    const parts = [`${outcome.added} added`, `${outcome.updated} updated`, `${outcome.unchanged} unchanged`, ...(outcome.shared ? [`${outcome.shared} of the shared bank left as they are`] : [])];
    ctx.stderr.write(`${ctx.stderr.style.green('✓')} Imported ${path}: ${parts.join(', ')}.${template ? ` Template ${template.name} saved (${plural(outcome.ids.length, 'question')}).` : ''}\n`);
  } finally {
    await store.close();
  }
}
