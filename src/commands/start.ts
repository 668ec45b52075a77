import { randomUUID } from 'node:crypto';
import { canPrompt, type Context } from '../context.js';
import { DatabaseUnavailableError, UsageError, UserError } from '../errors.js';
import type { Destination } from '../journal/destination.js';
import { newJournalSession, type JournalQuestion, type SessionJournal } from '../journal/journal.js';
import { LocalQuestionBank, type QuestionSource } from '../journal/question-bank.js';
import { availableCount, domainsIn, MAX_TIME_LIMIT_SECONDS, normaliseDomain, pickQuestions } from '../interview/selection.js';
import { formatDate, plural, typeLabel } from '../interview/text.js';
import type { BankEntry, InterviewType, Question, Store } from '../store/store.js';
import { LIBRARY, type BankQuestion } from '../store/library.js';
import { chooseWeak, sessionTypeOf } from '../interview/weak-selection.js';
import type { FeedbackMode } from '../config.js';
import { aiEndpointForRun } from './shared/ai-consent.js';
import { conductInterview } from './shared/conduct.js';
import { currentDestination } from './shared/destination.js';
import { openWithProgress } from './shared/open-store.js';
import { claimSession, discardSession, findUnfinished, unfinishedLabel, warnAboutJournal } from './shared/unfinished.js';
import { typeFilter } from './shared/type-filter.js';

export interface StartOptions {
  /** Already validated by the flag's parser. */
  type?: InterviewType;
  domain?: string;
  count?: number;
  timeLimit?: number;
  editor?: boolean;
  new?: boolean;
  quiet?: boolean;
  feedback?: FeedbackMode;
  /** False with --no-rate. */
  rate?: boolean;
  template?: string;
  focus?: 'weak';
}

const SCRIPTED = 'amplify start --type <type> [--domain <domain>] --count <n> [--time-limit <s>]';

export async function runStart(options: StartOptions, ctx: Context): Promise<void> {
  const { settings } = await ctx.config();
  const editor = options.editor ?? settings.editor;
  const rate = options.rate !== false && settings.rate;
  if (options.template && options.focus) throw new UsageError('--template and --focus are alternatives: choose one');
  if (options.template && (options.type || options.domain)) throw new UsageError('--template chooses the questions: --type and --domain do not go with it');
  const ai = await aiEndpointForRun(ctx, options.feedback);
  // Offline, the interview still starts from this machine's copy of the question bank.
  let unreachable = '';
  const store = await openWithProgress(ctx).catch((error: unknown) => {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    unreachable = ` (${error.message})`;
    return null;
  });
  let entry;
  let resumed = false;
  try {
    if (!options.new) {
      const offered = await offerUnfinished(ctx, store);
      if (offered) {
        entry = offered;
        resumed = true;
      }
    } else {
      // A forced new start still reads the journal, so that a broken file is reported now.
      (await ctx.journal()).list();
      await warnAboutJournal(ctx);
    }
    if (!entry && (options.template || options.focus)) {
      if (!store) throw new DatabaseUnavailableError(`${options.template ? 'templates' : 'review states'} live in the database, which is unreachable${unreachable}`);
      entry = await (options.template ? sessionFromTemplate(options.template, options, store, ctx) : weakSession(options, store, ctx));
    }
    if (!entry) {
      const destination = await currentDestination(ctx);
      const bankCopy = new LocalQuestionBank(ctx.paths.config, destination.database);
      const source = await bankCopy.source(store, ctx.now).finally(() => {
        for (const { file, kind, detail } of bankCopy.problems) {
          const what = kind === 'damaged' ? `was damaged (${detail}) and is ${store ? 'rebuilt' : 'not used'}` : `could not be saved (${detail})`;
          ctx.stderr.write(ctx.stderr.style.yellow(`warning: this machine's copy of the question bank ${what}: ${file}\n`));
        }
      });
      if (source.savedAt) {
        ctx.stderr.write(
          ctx.stderr.style.yellow(
            `! The database is unreachable${unreachable}: the questions come from this machine's copy (saved ${formatDate(source.savedAt)}), and answers wait in the journal for \`amplify sync\`.\n`,
          ),
        );
      }
      entry = await setUpSession(options, source, destination, ctx);
    }
  } finally {
    await store?.close();
  }
  await conductInterview(ctx, entry, { editor, offline: store === null, fresh: !resumed, quiet: options.quiet, ai, rate });
}

/** The spec's "offers to resume or start fresh": resume, discard, or leave it for later. */
async function offerUnfinished(ctx: Context, store: Store | null): Promise<SessionJournal | null> {
  // An interview running in another terminal is not offered: it is not waiting.
  const [latest, ...others] = (await findUnfinished(ctx, store)).filter((u) => u.runningPid === null);
  if (!latest) return null;
  if (!canPrompt(ctx)) {
    ctx.stderr.write(ctx.stderr.style.dim(`Note: an unfinished interview is waiting (${unfinishedLabel(latest)}); \`amplify resume\` continues it.\n`));
    return null;
  }
  const more = others.length > 0 ? ` (and ${others.length} more: see \`amplify resume\`)` : '';
  const choice = await ctx.prompter.select<'resume' | 'discard' | 'new'>(`You have an unfinished interview: ${unfinishedLabel(latest)}${more}`, [
    { name: 'Resume it', value: 'resume' },
    { name: 'Discard it and start a new one', value: 'discard' },
    { name: 'Start a new one, keep it for later', value: 'new' },
  ]);
  if (choice === 'resume') return claimSession(ctx, store, latest.id);
  if (choice === 'discard') await discardSession(ctx, store, latest.id);
  return null;
}

async function setUpSession(options: StartOptions, source: QuestionSource, destination: Destination, ctx: Context): Promise<SessionJournal> {
  const { bank } = source;
  const interviewType = await chooseType(options, bank, ctx);
  const customDomain = interviewType === 'custom' ? await chooseDomain(options, bank, ctx) : null;
  const available = availableCount(bank, interviewType, customDomain);
  if (available === 0) throw new UserError(`the question bank has no ${typeLabel(interviewType, customDomain)} questions`);
  const count = await chooseCount(options, available, ctx);
  const askedSetup = (!options.type && !options.domain) || options.count === undefined;
  const timeLimitSeconds = await chooseTimeLimit(options, askedSetup, ctx);

  const questions = pickQuestions(await source.list(interviewType, customDomain), count);
  const session = newJournalSession({
    id: randomUUID(),
    interviewType,
    customDomain,
    config: { questionCount: count, timeLimitSeconds },
    questions: questions.map((q) => journalQuestion({ ...q, interviewType, customDomain })),
    startedAt: ctx.now().toISOString(),
    ...destination,
  });
  return (await ctx.journal()).create(session);
}

function journalQuestion(q: Question & { interviewType: InterviewType; customDomain: string | null }): JournalQuestion {
  return {
    questionId: q.questionId,
    questionText: q.questionText,
    difficulty: q.difficulty,
    keyPoints: q.keyPoints,
    interviewType: q.interviewType,
    customDomain: q.customDomain,
    ...(q.timeLimitSeconds ? { timeLimitSeconds: q.timeLimitSeconds } : {}),
  };
}

/** A session of library questions (a template's, or those due for review): needs no prompt. */
async function librarySession(questions: BankQuestion[], options: StartOptions, config: Record<string, unknown>, ctx: Context): Promise<SessionJournal> {
  const session = newJournalSession({
    id: randomUUID(),
    ...sessionTypeOf(questions),
    config: { questionCount: questions.length, timeLimitSeconds: options.timeLimit && options.timeLimit > 0 ? options.timeLimit : null, ...config },
    questions: questions.map(journalQuestion),
    startedAt: ctx.now().toISOString(),
    ...(await currentDestination(ctx)),
  });
  return (await ctx.journal()).create(session);
}

async function sessionFromTemplate(name: string, options: StartOptions, store: Store, ctx: Context): Promise<SessionJournal> {
  const template = await store.run(LIBRARY.template(name));
  if (!template) throw new UserError(`no template named '${name}'`, 'See them with: amplify template list');
  const usable = template.questions.filter((q) => !q.disabled);
  const left = template.questions.length - usable.length;
  if (usable.length === 0) throw new UserError(`every question of template '${name}' is disabled`, 'Enable one with: amplify questions enable <id>');
  if (left > 0) ctx.stderr.write(ctx.stderr.style.dim(`${plural(left, 'disabled question')} of the template left out.\n`));
  return librarySession(usable.slice(0, options.count ?? usable.length), options, { template: name }, ctx);
}

/** The default size of a `--focus weak` interview. */
const WEAK_COUNT = 5;

async function weakSession(options: StartOptions, store: Store, ctx: Context): Promise<SessionJournal> {
  const filter = typeFilter(options);
  const [reviews, candidates] = [await store.run(LIBRARY.reviewStates(filter)), await store.run(LIBRARY.bankQuestions(filter))];
  const chosen = chooseWeak(reviews, candidates, ctx.now(), options.count ?? WEAK_COUNT);
  if (chosen.questions.length === 0) {
    throw new UserError('nothing is due for review, and every question has been asked before', 'See when questions come back with: amplify review');
  }
  ctx.stderr.write(ctx.stderr.style.dim(`${plural(chosen.due, 'question')} due for review, ${chosen.fresh} new.\n`));
  return librarySession(chosen.questions, options, { focus: 'weak' }, ctx);
}

async function chooseType(options: StartOptions, bank: BankEntry[], ctx: Context): Promise<InterviewType> {
  if (options.domain && !options.type) return 'custom';
  if (options.type) {
    const type = options.type;
    if (options.domain && type !== 'custom') throw new UsageError('--domain goes with --type custom');
    return type;
  }
  requireTerminal(ctx, '--type');
  const count = (type: InterviewType) => bank.filter((e) => e.interviewType === type).reduce((n, e) => n + e.questionCount, 0);
  return ctx.prompter.select<InterviewType>('Which interview?', [
    { name: 'Behavioral', value: 'behavioral', description: `${count('behavioral')} questions about how you work with people` },
    { name: 'Technical', value: 'technical', description: `${count('technical')} questions on fundamentals` },
    { name: 'System design', value: 'system_design', description: `${count('system_design')} design problems` },
    { name: 'Custom domain', value: 'custom', description: `${domainsIn(bank).length} domains: ${domainsIn(bank).join(', ').replace(/_/g, ' ')}` },
  ]);
}

async function chooseDomain(options: StartOptions, bank: BankEntry[], ctx: Context): Promise<string> {
  const domains = domainsIn(bank);
  if (options.domain) {
    const domain = normaliseDomain(options.domain);
    if (!domains.includes(domain)) throw new UsageError(`unknown domain '${options.domain}'`, `Domains: ${domains.join(', ')}.`);
    return domain;
  }
  requireTerminal(ctx, '--domain');
  return ctx.prompter.select<string>(
    'Which domain?',
    domains.map((d) => ({ name: d.replace(/_/g, ' '), value: d, description: `${availableCount(bank, 'custom', d)} questions` })),
  );
}

async function chooseCount(options: StartOptions, available: number, ctx: Context): Promise<number> {
  if (options.count !== undefined) {
    if (options.count > available) throw new UsageError(`--count ${options.count} is more than the ${available} questions available`, `Choose 1 to ${available}.`);
    return options.count;
  }
  requireTerminal(ctx, '--count');
  return ctx.prompter.number(`How many questions? (1–${available})`, { min: 1, max: available, default: Math.min(5, available) });
}

/** Asked only as part of an interactive setup: a scripted start without the flag has no limit. */
async function chooseTimeLimit(options: StartOptions, askedSetup: boolean, ctx: Context): Promise<number | null> {
  if (options.timeLimit !== undefined) return options.timeLimit > 0 ? options.timeLimit : null;
  if (!askedSetup || !canPrompt(ctx)) return null;
  const seconds = await ctx.prompter.number('Time limit per question in seconds (0 for none)', { min: 0, max: MAX_TIME_LIMIT_SECONDS, default: 0 });
  return seconds > 0 ? seconds : null;
}

function requireTerminal(ctx: Context, flag: string): void {
  if (!canPrompt(ctx)) {
    throw new UsageError(`${flag} is needed: there is no terminal to ask on`, `To script it: ${SCRIPTED}`);
  }
}
