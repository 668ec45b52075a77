import { canPrompt, type Context } from '../context.js';
import { UsageError, UserError } from '../errors.js';
import { MAX_TIME_LIMIT_SECONDS } from '../interview/selection.js';
import { formatDate, formatDuration, headline, plural, printable, typeLabel } from '../interview/text.js';
import type { QuestionDraft } from '../questions/draft.js';
import { parseQuestionFile } from '../questions/parse.js';
import { serializeQuestionFile } from '../questions/serialize.js';
import { LIBRARY, type BankQuestion, type QuestionFilter } from '../store/library.js';
import type { InterviewType, Store } from '../store/store.js';
import { renderTable } from '../ui/table.js';
import { writeJson } from './shared/json.js';
import { openWithProgress } from './shared/open-store.js';
import { draftOf, fileFormat, importQuestionFile, inputOf, libraryCall, readQuestionFile, reportProblems, writeOutput, type FileFormatName, type ImportOptions } from './shared/question-files.js';
import { typeFilter } from './shared/type-filter.js';

export interface ListOptions {
  type?: InterviewType;
  domain?: string;
  tag?: string;
  search?: string;
  mine?: boolean;
  json?: boolean;
}

function filterOf(options: { type?: InterviewType; domain?: string; tag?: string; search?: string }): QuestionFilter {
  return {
    ...typeFilter(options),
    tag: options.tag ? options.tag.trim().toLowerCase() : null,
    search: options.search?.trim() ? options.search.trim() : null,
  };
}

export function questionJson(q: BankQuestion) {
  return {
    id: q.questionId,
    type: q.interviewType,
    domain: q.customDomain,
    text: q.questionText,
    difficulty: q.difficulty,
    tags: q.tags,
    keyPoints: q.keyPoints,
    timeLimitSeconds: q.timeLimitSeconds,
    own: q.own,
    disabled: q.disabled,
  };
}

export async function runQuestionsList(options: ListOptions, ctx: Context): Promise<void> {
  const filter = filterOf(options);
  const store = await ctx.openStore();
  try {
    const questions = (await libraryCall(store, LIBRARY.bankQuestions(filter))).filter((q) => !options.mine || q.own);
    if (options.json) return writeJson(ctx.stdout, questions.map(questionJson));
    if (questions.length === 0) return void ctx.stderr.write('No questions match.\n');
    const { style } = ctx.stdout;
    const note = (q: BankQuestion) => [q.own ? 'yours' : '', q.disabled ? style.yellow('disabled') : ''].filter(Boolean).join(', ');
    // The column of notes only when some question has one.
    const noted = questions.some((q) => q.own || q.disabled);
    const rows = questions.map((q) => [q.questionId, typeLabel(q.interviewType, q.customDomain), q.difficulty, headline(q.questionText), ...(noted ? [note(q)] : [])]);
    ctx.stdout.write(`${renderTable(['ID', 'Type', 'Level', 'Question', ...(noted ? ['Note'] : [])], rows, { style, maxWidth: ctx.stdout.columns })}\n`);
    ctx.stderr.write(style.dim(`${plural(questions.length, 'question')}${questions.some((q) => q.own) ? `, ${questions.filter((q) => q.own).length} yours` : ''}.\n`));
  } finally {
    await store.close();
  }
}

async function findQuestion(store: Store, id: string): Promise<BankQuestion> {
  const [question] = await libraryCall(store, LIBRARY.bankQuestions({ ids: [id] }));
  if (!question) throw new UserError(`no question '${id}'`, 'Find one with: amplify questions list --search <text>');
  return question;
}

export async function runQuestionsShow(id: string, options: { json?: boolean }, ctx: Context): Promise<void> {
  const store = await ctx.openStore();
  try {
    const q = await findQuestion(store, id);
    const review = (await libraryCall(store, LIBRARY.reviewStates({ interviewType: q.interviewType, customDomain: q.customDomain }))).find((r) => r.questionId === q.questionId) ?? null;
    if (options.json) return writeJson(ctx.stdout, { ...questionJson(q), review });
    const { style } = ctx.stdout;
    const lines = [
      style.bold(printable(q.questionText)),
      '',
      `${style.dim('id')}          ${q.questionId}${q.own ? ' (yours)' : ' (shared bank)'}${q.disabled ? style.yellow(' · disabled') : ''}`,
      `${style.dim('type')}        ${typeLabel(q.interviewType, q.customDomain)}`,
      `${style.dim('difficulty')}  ${q.difficulty}`,
      ...(q.tags.length > 0 ? [`${style.dim('tags')}        ${q.tags.map(printable).join(', ')}`] : []),
      ...(q.timeLimitSeconds ? [`${style.dim('time limit')}  ${formatDuration(q.timeLimitSeconds)}`] : []),
      ...(q.keyPoints.length > 0 ? [`${style.dim('key points')}`, ...q.keyPoints.map((k) => `  - ${printable(k)}`)] : []),
      ...(review
        ? [`${style.dim('review')}      box ${review.box}, asked ${plural(review.timesAsked, 'time')}, last ${review.lastOutcome} on ${formatDate(review.lastAskedAt)}; due ${formatDate(review.dueAt)}`]
        : []),
    ];
    ctx.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await store.close();
  }
}

export interface AddOptions {
  id?: string;
  type?: InterviewType;
  domain?: string;
  text?: string;
  difficulty?: 'easy' | 'medium' | 'hard';
  tag?: string[];
  keyPoint?: string[];
  timeLimit?: number;
  json?: boolean;
}

const SCRIPTED_ADD = 'amplify questions add --type <type> [--domain <domain>] --text <text> [--difficulty …] [--tag …] [--key-point …] [--time-limit <s>]';

/** `questions add`: every field from a flag, or asked for in a terminal. Checked as a file's question is. */
export async function runQuestionsAdd(options: AddOptions, ctx: Context): Promise<void> {
  const terminal = canPrompt(ctx);
  if (!terminal && (!options.text || (!options.type && !options.domain))) {
    throw new UsageError(`--type and --text are needed: there is no terminal to ask on`, `To script it: ${SCRIPTED_ADD}`);
  }
  // Set up by hand when a flag that says what the question is was left out: then the optional fields are asked too.
  const ask = terminal && (!options.type && !options.domain || !options.text);
  const type = options.type ?? (options.domain ? 'custom' : await ctx.prompter.select<InterviewType>('Type of question', [
    { name: 'Behavioral', value: 'behavioral' },
    { name: 'Technical', value: 'technical' },
    { name: 'System design', value: 'system_design' },
    { name: 'Custom domain', value: 'custom' },
  ]));
  const domain = type === 'custom' && !options.domain && terminal ? await ctx.prompter.text('Domain (e.g. frontend)') : options.domain;
  const text = options.text ?? (await ctx.prompter.text('The question'));
  const difficulty = options.difficulty ?? (ask ? await ctx.prompter.select<'easy' | 'medium' | 'hard'>('Difficulty', [
    { name: 'medium', value: 'medium' },
    { name: 'easy', value: 'easy' },
    { name: 'hard', value: 'hard' },
  ]) : 'medium');
  const listed = async (flag: string[] | undefined, message: string) => flag ?? (ask ? splitList(await ctx.prompter.text(message), ';') : []);
  const tags = await listed(options.tag, 'Tags, separated by ";" (- for none)');
  const keyPoints = await listed(options.keyPoint, 'Key points a strong answer touches, separated by ";" (- for none)');
  const timeLimit = options.timeLimit ?? (ask ? await ctx.prompter.number('Time limit in seconds (0 for none)', { min: 0, max: MAX_TIME_LIMIT_SECONDS, default: 0 }) : 0);

  // Flags and answers go through the question files' own checks: one set of rules for every way in.
  const draft: QuestionDraft = { id: options.id ?? null, interviewType: type, customDomain: domain ?? null, text, difficulty, tags, keyPoints, timeLimitSeconds: timeLimit > 0 ? timeLimit : null, line: 0 };
  const checked = checkDraft(draft);
  const store = await openWithProgress(ctx);
  try {
    const outcome = await libraryCall(store, LIBRARY.saveOwnQuestions([inputOf(checked)]));
    const id = outcome.ids[0] as string;
    if (outcome.shared) throw new UserError(`'${id}' is a question of the shared bank`, 'Leave out --id, or choose an id of your own.');
    if (options.json) return writeJson(ctx.stdout, { id, added: outcome.added === 1 });
    ctx.stderr.write(outcome.added ? `${ctx.stderr.style.green('✓')} Added ${id}.\n` : `${id} was there already${outcome.updated ? ': updated' : ', unchanged'}.\n`);
    ctx.stdout.write(`${id}\n`);
  } finally {
    await store.close();
  }
}

function splitList(text: string, separator: string): string[] {
  return text.trim() === '-' ? [] : text.split(separator).map((s) => s.trim()).filter(Boolean);
}

/** A draft put through the file format's checks; its problems, each on a line, otherwise. */
function checkDraft(draft: QuestionDraft): QuestionDraft {
  const { file, problems } = parseQuestionFile(serializeQuestionFile({ template: null, questions: [draft] }, 'json'), 'json');
  const [checked] = file.questions;
  if (problems.length > 0 || !checked) throw new UsageError(problems.map((p) => p.message).join('; ') || 'the question is not valid');
  return checked;
}

/** `questions edit ID`: the question as a Markdown section in $EDITOR; saved when it changed and is valid. */
export async function runQuestionsEdit(id: string, ctx: Context): Promise<void> {
  const { editInEditor, EditorFailedError } = await import('../ui/editor.js');
  const store = await openWithProgress(ctx);
  try {
    const question = await findQuestion(store, id);
    if (!question.own) {
      throw new UserError(`'${id}' is a question of the shared bank: only your own questions can be edited`, `Add your own version with \`amplify questions add\`, and \`amplify questions disable ${id}\` to stop seeing this one.`);
    }
    const before = serializeQuestionFile({ template: null, questions: [draftOf(question)] }, 'markdown');
    let after: string;
    try {
      after = await editInEditor(before, ctx.env, { keyboard: Boolean(ctx.stdin.isTTY) });
    } catch (error) {
      if (error instanceof EditorFailedError) throw new UserError(`${error.message}: the question is unchanged`);
      throw error;
    }
    if (after === before) return void ctx.stderr.write('No change.\n');
    const { file, problems } = parseQuestionFile(after, 'markdown');
    if (problems.length === 0 && file.questions.length !== 1) problems.push({ line: 0, message: `expected one question, found ${file.questions.length}` });
    const [edited] = file.questions;
    if (problems.length === 0 && edited && edited.id !== null && edited.id !== question.questionId) problems.push({ line: edited.line, message: `the id cannot change (${question.questionId})` });
    if (problems.length > 0 || !edited) {
      const kept = keepEdit(ctx, id, after);
      reportProblems(ctx, kept, problems);
      throw new UserError(`the edit has ${plural(problems.length, 'problem')}: the question is unchanged`, `Your edit is kept in ${kept}; fix it and run: amplify questions import ${kept}`);
    }
    const outcome = await libraryCall(store, LIBRARY.saveOwnQuestions([inputOf({ ...edited, id: question.questionId })]));
    ctx.stderr.write(outcome.updated ? `${ctx.stderr.style.green('✓')} Saved ${question.questionId}. Sessions that asked it keep the text they asked.\n` : 'No change.\n');
  } finally {
    await store.close();
  }
}

/** A failed edit is the person's work: it goes to a file rather than away. */
function keepEdit(ctx: Context, id: string, text: string): string {
  const { join } = process.getBuiltinModule('node:path');
  const { mkdirSync, writeFileSync } = process.getBuiltinModule('node:fs');
  mkdirSync(ctx.paths.data, { recursive: true, mode: 0o700 });
  const file = join(ctx.paths.data, `question-${id.replace(/[^A-Za-z0-9._-]/g, '_')}.md`);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

export async function runQuestionsDisable(ids: string[], disabled: boolean, ctx: Context): Promise<void> {
  const store = await openWithProgress(ctx);
  try {
    const changed = await libraryCall(store, LIBRARY.setDisabled([...new Set(ids)], disabled));
    const verb = disabled ? 'Disabled' : 'Enabled';
    ctx.stderr.write(
      changed > 0
        ? `${ctx.stderr.style.green('✓')} ${verb} ${plural(changed, 'question')}.${disabled ? ' They are never picked again, nor brought back for review, until enabled.' : ''}\n`
        : `Nothing to do: ${ids.length === 1 ? 'it was' : 'they were'} ${disabled ? 'disabled' : 'enabled'} already.\n`,
    );
  } finally {
    await store.close();
  }
}

export async function runQuestionsImport(path: string, options: ImportOptions, ctx: Context): Promise<void> {
  await importQuestionFile(path, options, ctx);
}

export async function runQuestionsCheck(path: string, options: { format?: FileFormatName; json?: boolean }, ctx: Context): Promise<void> {
  const { file, problems } = readQuestionFile(path, options.format);
  if (options.json) writeJson(ctx.stdout, { file: path, questions: file.questions.length, template: file.template?.name ?? null, problems });
  else reportProblems(ctx, path, problems);
  if (problems.length > 0) throw new UserError(`${path} has ${plural(problems.length, 'problem')}`);
  if (!options.json) ctx.stderr.write(`${ctx.stderr.style.green('✓')} ${path}: ${plural(file.questions.length, 'question')}${file.template ? ` in template ${file.template.name}` : ''}, no problems.\n`);
}

export async function runQuestionsExport(options: { format: FileFormatName; out?: string; all?: boolean; type?: InterviewType; domain?: string; tag?: string; search?: string }, ctx: Context): Promise<void> {
  const filter = filterOf(options);
  const store = await ctx.openStore();
  try {
    const questions = (await libraryCall(store, LIBRARY.bankQuestions(filter))).filter((q) => options.all || q.own);
    await writeOutput(ctx, serializeQuestionFile({ template: null, questions: questions.map(draftOf) }, fileFormat(options.format)), options.out);
    ctx.stderr.write(`${ctx.stderr.style.green('✓')} Exported ${plural(questions.length, 'question')}${options.out && options.out !== '-' ? ` to ${options.out}` : ''}.${!options.all && questions.length === 0 ? ' (Only your own questions: --all adds the shared bank.)' : ''}\n`);
  } finally {
    await store.close();
  }
}
