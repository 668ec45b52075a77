import type { Context } from '../context.js';
import { UsageError, UserError } from '../errors.js';
import { plural } from '../interview/text.js';
import { openStore } from '../store/open-store.js';
import { storeSettings } from '../store/store-settings.js';
import type { BackendName, ExportCursor, ExportedSession, Store } from '../store/store.js';
import { bar, showProgress } from '../ui/progress.js';
import { planSession } from './shared/copy-plan.js';
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
  const report: CopyReport = { from, to: options.to, dryRun: Boolean(options.dryRun), sessions: 0, responses: 0, alreadyThere: { sessions: 0, responses: 0 }, refused: [] };
  const source = await open(from);
  let target: Store | null = null;
  try {
    // A dry run reads the target too: what would be copied is what it lacks.
    target = await open(options.to);
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
  if (report.dryRun) lines.push(`Would copy ${copied} from ${from} to ${to}${there}.`);
  else if (report.sessions === 0 && report.refused.length === 0) lines.push(`Nothing to copy: ${to} has every session of ${from} already (${plural(alreadyThere.sessions, 'session')}).`);
  else lines.push(`${style.green('✓')} Copied ${copied} from ${from} to ${to}${there}.`);
  for (const r of report.refused) lines.push(style.red(`✗ ${r.id.slice(0, 8)} was refused by ${to}: ${r.reason}`));
  return `${lines.join('\n')}\n`;
}
