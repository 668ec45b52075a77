import type { Context } from '../context.js';
import { UsageError, UserError } from '../errors.js';
import { pickQuestions } from '../interview/selection.js';
import { formatDate, formatDuration, plural, printable, typeLabel } from '../interview/text.js';
import { serializeQuestionFile } from '../questions/serialize.js';
import { LIBRARY, type BankQuestion } from '../store/library.js';
import type { InterviewType } from '../store/store.js';
import { renderTable } from '../ui/table.js';
import { writeJson } from './shared/json.js';
import { openWithProgress } from './shared/open-store.js';
import { draftOf, fileFormat, importQuestionFile, libraryCall, writeOutput, type FileFormatName, type ImportOptions } from './shared/question-files.js';
import { resolveSessionId } from './shared/session-id.js';
import { typeFilter } from './shared/type-filter.js';

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new UsageError(`'${name}' is not a template name`, 'A name is 1 to 64 letters, digits, ".", "-" or "_", e.g. acme-onsite.');
  return name;
}

export interface SaveOptions {
  fromSession?: string;
  type?: InterviewType;
  domain?: string;
  tag?: string;
  difficulty?: 'easy' | 'medium' | 'hard';
  count?: number;
  description?: string;
  replace?: boolean;
}

/** `template save NAME`: the questions of a past session, or those a filter picks (at random, up to --count). */
export async function runTemplateSave(name: string, options: SaveOptions, ctx: Context, random: () => number = Math.random): Promise<void> {
  checkName(name);
  const filtered = options.type || options.domain || options.tag || options.difficulty || options.count !== undefined;
  if (options.fromSession && filtered) throw new UsageError('--from-session takes the questions of that session: the filters do not go with it');
  if (!options.fromSession && !filtered) throw new UsageError('say which questions: --from-session ID, or a filter (--type, --domain, --tag, --difficulty, --count)', 'e.g. amplify template save acme --type behavioral --tag leadership --count 5');
  const filter = typeFilter(options);
  const store = await openWithProgress(ctx);
  try {
    let ids: string[];
    if (options.fromSession) {
      const detail = await store.sessionDetail(await resolveSessionId(store, options.fromSession));
      ids = detail?.questions.map((q) => q.questionId) ?? [];
    } else {
      const candidates = (await libraryCall(store, LIBRARY.bankQuestions({ ...filter, tag: options.tag?.trim().toLowerCase() ?? null })))
        .filter((q) => q.active && !q.disabled && (!options.difficulty || q.difficulty === options.difficulty));
      if (candidates.length === 0) throw new UserError('no question matches those filters', 'See what there is with: amplify questions list');
      ids = pickQuestions(candidates, Math.min(options.count ?? candidates.length, 500), random).map((q) => q.questionId);
    }
    const created = await libraryCall(store, LIBRARY.saveTemplate({ name, description: options.description ?? null, questionIds: ids, replace: options.replace ?? false })).catch((error: unknown) => {
      if (error instanceof UserError && /exists/.test(error.message)) throw new UserError(error.message, `Replace it with --replace, or choose another name.`);
      throw error;
    });
    ctx.stderr.write(`${ctx.stderr.style.green('✓')} ${created ? 'Saved' : 'Replaced'} template ${name}: ${plural(ids.length, 'question')}. Start it with: amplify start --template ${name}\n`);
  } finally {
    await store.close();
  }
}

export async function runTemplateList(options: { json?: boolean }, ctx: Context): Promise<void> {
  const store = await ctx.openStore();
  try {
    const templates = await libraryCall(store, LIBRARY.templates());
    if (options.json) return writeJson(ctx.stdout, templates);
    if (templates.length === 0) return void ctx.stderr.write('No templates yet. Save one with `amplify template save NAME --from-session ID` or a filter.\n');
    const rows = templates.map((t) => [t.name, t.questionCount, t.interviewTypes.map((type) => typeLabel(type, null)).join(', '), formatDate(t.updatedAt), printable(t.description ?? '')]);
    ctx.stdout.write(`${renderTable(['Name', 'Questions', 'Types', 'Updated', 'Description'], rows, { style: ctx.stdout.style, numeric: [1], maxWidth: ctx.stdout.columns })}\n`);
  } finally {
    await store.close();
  }
}

async function findTemplate(ctx: Context, name: string) {
  const store = await ctx.openStore();
  try {
    const template = await libraryCall(store, LIBRARY.template(checkName(name)));
    if (!template) throw new UserError(`no template named '${name}'`, 'See them with: amplify template list');
    return template;
  } finally {
    await store.close();
  }
}

export async function runTemplateShow(name: string, options: { json?: boolean }, ctx: Context): Promise<void> {
  const template = await findTemplate(ctx, name);
  if (options.json) return writeJson(ctx.stdout, template);
  const { style } = ctx.stdout;
  ctx.stdout.write(`${style.bold(template.name)}${template.description ? ` · ${printable(template.description)}` : ''}\n`);
  const row = (q: BankQuestion, i: number) => [i + 1, q.questionId, typeLabel(q.interviewType, q.customDomain), q.timeLimitSeconds ? formatDuration(q.timeLimitSeconds) : '', `${printable(q.questionText)}${q.disabled ? style.yellow(' (disabled)') : ''}`];
  ctx.stdout.write(`${renderTable(['#', 'ID', 'Type', 'Limit', 'Question'], template.questions.map(row), { style, numeric: [0], maxWidth: ctx.stdout.columns })}\n`);
}

export async function runTemplateDelete(name: string, ctx: Context): Promise<void> {
  const store = await openWithProgress(ctx);
  try {
    if (!(await libraryCall(store, LIBRARY.deleteTemplate(checkName(name))))) throw new UserError(`no template named '${name}'`, 'See them with: amplify template list');
    ctx.stderr.write(`${ctx.stderr.style.green('✓')} Deleted template ${name}. Its questions stay in the bank.\n`);
  } finally {
    await store.close();
  }
}

/** A template as a question file (with its header): what `questions import` brings back. */
export async function runTemplateExport(name: string, options: { format: FileFormatName; out?: string }, ctx: Context): Promise<void> {
  if (options.format === 'csv') throw new UsageError('a template exports as md or json: CSV has no place for its name');
  const template = await findTemplate(ctx, name);
  const file = { template: { name: template.name, description: template.description }, questions: template.questions.map(draftOf) };
  await writeOutput(ctx, serializeQuestionFile(file, fileFormat(options.format)), options.out);
}

export async function runTemplateImport(path: string, options: ImportOptions, ctx: Context): Promise<void> {
  await importQuestionFile(path, { ...options, templateOnly: true }, ctx);
}
