import type { Context } from '../context.js';
import { UsageError, UserError } from '../errors.js';
import { plural } from '../interview/text.js';
import { openStore } from '../store/open-store.js';
import { storeSettings } from '../store/store-settings.js';
import type { BackendName, ExportCursor, ExportedSession, Store } from '../store/store.js';
import { bar, showProgress } from '../ui/progress.js';
import { LIBRARY } from '../store/library.js';
import { planSession } from './shared/copy-plan.js';
import { draftOf, inputOf, libraryCall } from './shared/question-files.js';
import { copyJson, writeJson } from './shared/json.js';
import { countSessions, writeSessions, type WriteReport } from './shared/write-sessions.js';

export interface CopyOptions {
  to: BackendName;
  from?: BackendName;
  dryRun?: boolean;
  json?: boolean;
}

export interface CopyReport extends WriteReport {
  from: BackendName;
  to: BackendName;
  dryRun: boolean;
  /** What the target held already, as it is here: not sent again. */
  alreadyThere: { sessions: number; responses: number };
  /** The person's own questions and templates sent (or, in a dry run, that would be), and questions disabled there. */
  library: { questions: number; templates: number; disabled: number };
}

/** Sessions read per page of the source (and looked up on the target). */
const PAGE = 200;

/**
 * Copies every session of this user, with its answers, from one backend to another: page by
 * page from the source, each page looked up on the target in one read, and what the target
 * lacks sent in one sync call per batch. Sessions keep their ids and answers are upserts, so
 * a second run sends nothing; what the target refuses is named and the rest is copied.
 */
export async function runDbCopy(options: CopyOptions, ctx: Context): Promise<void> {
  const config = await ctx.config();
  const from = options.from ?? storeSettings(config, ctx.env, ctx.backendFlag).backend;
  if (from === options.to) throw new UsageError(`the source and the target are both ${from}`, 'Name another one with --to (and --from, when the source is not the current backend).');
  const open = (backend: BackendName) => openStore({ paths: ctx.paths, config, env: ctx.env, backendFlag: backend });
  const report: CopyReport = { from, to: options.to, dryRun: Boolean(options.dryRun), sessions: 0, responses: 0, alreadyThere: { sessions: 0, responses: 0 }, library: { questions: 0, templates: 0, disabled: 0 }, refused: [] };
  const source = await open(from);
  let target: Store | null = null;
  try {
    // A dry run reads the target too: what would be copied is what it lacks.
    target = await open(options.to);
    // The person's own questions first: sessions that asked them are then not refused.
    report.library = await copyLibrary(source, target, report.dryRun);
    const total = (await source.reports()).completion.total;
    const doing = `${options.dryRun ? 'Comparing' : 'Copying'} ${plural(total, 'session')} from ${from} to ${options.to}`;
    const progress = showProgress(ctx.stderr, ctx.stderr.isTTY, `${doing}…`);
    /** The question ids of each refused session, to say which ones the target lacks. */
    const refusedQuestions = new Map<string, string[]>();
    try {
      let done = 0;
      for (let after: ExportCursor | null = null; ; ) {
        const page = await source.exportSessions({ after, limit: PAGE });
        if (page.length === 0) break;
        await copyPage(page, target, report, refusedQuestions);
        done += page.length;
        const last = page.at(-1) as ExportedSession;
        after = { startedAt: last.session.startedAt, id: last.session.id };
        progress.update(`${doing} ${bar(done, total)}`);
      }
    } finally {
      progress.stop();
    }
    if (report.refused.length > 0) await explainRefusals(report, refusedQuestions, target);
  } finally {
    await Promise.all([source.close(), target?.close()]);
  }
  if (options.json) writeJson(ctx.stdout, copyJson(report));
  else ctx.stderr.write(summary(report, ctx.stderr.style));
  if (report.refused.length > 0) {
    throw new UserError(`${options.to} refused ${plural(report.refused.length, 'session')}; everything else was copied`, 'See the lines above, or `--json`.');
  }
}

/**
 * The person's own questions (added or updated where they differ), templates (saved where
 * they differ) and disabled questions, copied to the target. A second run writes nothing.
 */
async function copyLibrary(source: Store, target: Store, dryRun: boolean): Promise<CopyReport['library']> {
  const mine = await libraryCall(source, LIBRARY.bankQuestions({}));
  const theirs = new Map((await libraryCall(target, LIBRARY.bankQuestions({}))).map((q) => [q.questionId, q]));
  const same = (a: object, b: object | undefined) => JSON.stringify(a) === JSON.stringify(b);
  const own = mine.filter((q) => q.own && !same({ ...q, disabled: false }, theirs.has(q.questionId) ? { ...theirs.get(q.questionId), disabled: false } : undefined));
  const disabled = mine.filter((q) => q.disabled && !theirs.get(q.questionId)?.disabled).map((q) => q.questionId);
  const templates = [];
  for (const t of await libraryCall(source, LIBRARY.templates())) {
    const here = await libraryCall(source, LIBRARY.template(t.name));
    const there = await libraryCall(target, LIBRARY.template(t.name));
    const ids = here?.questions.map((q) => q.questionId) ?? [];
    if (here && !(there && there.description === here.description && same(ids, there.questions.map((q) => q.questionId)))) templates.push({ name: t.name, description: here.description, questionIds: ids });
  }
  if (!dryRun) {
    if (own.length > 0) {
      await libraryCall(target, LIBRARY.saveOwnQuestions(own.map((q) => inputOf(draftOf(q)))));
    }
    if (disabled.length > 0) await libraryCall(target, LIBRARY.setDisabled(disabled, true));
    for (const t of templates) await libraryCall(target, LIBRARY.saveTemplate({ ...t, replace: true }));
  }
  return { questions: own.length, templates: templates.length, disabled: disabled.length };
}

/** One read of the target for the page's ids, then what it lacks, written (or only counted, in a dry run). */
async function copyPage(page: ExportedSession[], target: Store, report: CopyReport, refusedQuestions: Map<string, string[]>): Promise<void> {
  const theirs = await target.exportSessions({ after: null, limit: page.length, ids: page.map((s) => s.session.id) });
  const byId = new Map(theirs.map((s) => [s.session.id, s]));
  const toSend: ExportedSession[] = [];
  for (const session of page) {
    const plan = planSession(session, byId.get(session.session.id));
    report.alreadyThere.responses += plan.answersThere;
    if (plan.send) toSend.push(plan.send);
    else report.alreadyThere.sessions++;
  }
  const refusedBefore = report.refused.length;
  if (report.dryRun) countSessions(toSend, report);
  else await writeSessions(target, toSend, report);
  for (const refused of report.refused.slice(refusedBefore)) {
    refusedQuestions.set(refused.id, page.find((s) => s.session.id === refused.id)?.session.questionIds ?? []);
  }
}

/** A session refused for naming questions the target's bank lacks says which. */
async function explainRefusals(report: CopyReport, refusedQuestions: Map<string, string[]>, target: Store): Promise<void> {
  const bank = await target.questionBank();
  const lists = await Promise.all(bank.map((entry) => target.listQuestions(entry.interviewType, entry.customDomain)));
  const known = new Set(lists.flat().map((q) => q.questionId));
  for (const refused of report.refused) {
    // sync_interview_sessions says only this much; an inactive question there still counts as known.
    if (refused.reason !== 'unknown question id in session') continue;
    const missing = (refusedQuestions.get(refused.id) ?? []).filter((id) => !known.has(id));
    if (missing.length > 0) refused.reason = `the question bank there lacks ${missing.join(', ')}`;
  }
}

function summary(report: CopyReport, style: Context['stderr']['style']): string {
  const { from, to, alreadyThere } = report;
  const copied = `${plural(report.sessions, 'session')} and ${plural(report.responses, 'answer')}`;
  const there = alreadyThere.sessions > 0 ? `; ${plural(alreadyThere.sessions, 'session')} ${alreadyThere.sessions === 1 ? 'was' : 'were'} there already` : '';
  const lines: string[] = [];
  const { questions, templates, disabled } = report.library;
  if (questions + templates + disabled > 0) {
    const parts = [plural(questions, 'question'), plural(templates, 'template'), `${disabled} disabled`].filter((p) => !p.startsWith('0 '));
    lines.push(`${report.dryRun ? 'Would copy' : `${style.green('✓')} Copied`} your ${parts.join(', ')} from ${from} to ${to}.`);
  }
  if (report.dryRun) lines.push(`Would copy ${copied} from ${from} to ${to}${there}.`);
  else if (report.sessions === 0 && report.refused.length === 0) lines.push(`Nothing to copy: ${to} has every session of ${from} already (${plural(alreadyThere.sessions, 'session')}).`);
  else lines.push(`${style.green('✓')} Copied ${copied} from ${from} to ${to}${there}.`);
  for (const r of report.refused) lines.push(style.red(`✗ ${r.id.slice(0, 8)} was refused by ${to}: ${r.reason}`));
  return `${lines.join('\n')}\n`;
}
