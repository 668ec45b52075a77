import type { Context } from '../context.js';
import { UserError } from '../errors.js';
import { pendingWork, type SessionJournal } from '../journal/journal.js';
import { belongsTo } from '../journal/destination.js';
import { runningElsewhere } from '../journal/ownership.js';
import { syncEntries } from '../journal/replay.js';
import { SyncBusyError, withSyncLock } from '../journal/sync-lock.js';
import { showProgress } from '../ui/progress.js';
import { currentDestination } from './shared/destination.js';
import { writeJson } from './shared/json.js';
import { openWithProgress } from './shared/open-store.js';
import { warnAboutJournal } from './shared/unfinished.js';
import { plural } from '../interview/text.js';

export interface SyncReport {
  sessions: number;
  responses: number;
  completed: number;
  /** Sessions the database no longer has: kept in the journal, never dropped. */
  orphaned: { id: string; journal: string }[];
  /** Sessions another amplify process is running; it sends them itself. */
  running: string[];
  /** Sessions the database refused; they stay in the journal. */
  refused: { id: string; journal: string; reason: string }[];
  /** Sessions of another database, or of another account of this one: sent once the settings point there again. */
  elsewhere: { id: string; database: string; userId: string | null; otherAccount: boolean }[];
}

export async function runSync(options: { json?: boolean }, ctx: Context): Promise<void> {
  const report = await withSyncLock(ctx.paths.journal, () => sendQueued(ctx), {
    waitMs: SYNC_WAIT_MS,
    onWait: () => ctx.stderr.write(ctx.stderr.style.dim('Another `amplify sync` is running; waiting for it to finish…\n')),
  }).catch((error: unknown) => {
    if (error instanceof SyncBusyError) throw new UserError(error.message, 'Let it finish, then run `amplify sync` again.');
    throw error;
  });
  const refused = report.refused.length > 0 ? new UserError(`the database refused ${plural(report.refused.length, 'session')}; ${report.refused.length === 1 ? 'it stays' : 'they stay'} in the journal`, 'See the lines above, or `amplify sync --json`.') : null;
  if (options.json) {
    writeJson(ctx.stdout, report);
    if (refused) throw refused;
    return;
  }
  const { style } = ctx.stderr;
  if (report.sessions === 0 && report.orphaned.length === 0 && report.running.length === 0 && !refused) {
    ctx.stderr.write(report.elsewhere.length === 0 ? 'Nothing to sync: everything is in the database.\n' : 'Nothing to sync to this database.\n');
  }
  else if (report.sessions > 0) {
    const completed = report.completed > 0 ? `, completed ${report.completed}` : '';
    ctx.stderr.write(`${style.green('✓')} Sent ${plural(report.sessions, 'session')} and ${plural(report.responses, 'response')}${completed}.\n`);
  }
  for (const id of report.running) ctx.stderr.write(style.dim(`${id.slice(0, 8)} is running in another terminal; it sends its own answers.\n`));
  for (const o of report.orphaned) {
    ctx.stderr.write(style.yellow(`! ${o.id.slice(0, 8)} is no longer in the database; its answers stay in ${o.journal}\n`));
  }
  for (const e of report.elsewhere) {
    const whose = e.otherAccount ? `another account (user ${e.userId})` : `another database (${e.database})`;
    ctx.stderr.write(style.dim(`${e.id.slice(0, 8)} belongs to ${whose}; it is sent when amplify points there again.\n`));
  }
  for (const r of report.refused) ctx.stderr.write(style.red(`✗ ${r.id.slice(0, 8)} was refused (${r.reason}); its answers stay in ${r.journal}\n`));
  if (refused) throw refused;
}

/** Another sync sends at most 5,000 answers a call; a wait this long means it is stuck. */
const SYNC_WAIT_MS = 60_000;

async function sendQueued(ctx: Context): Promise<SyncReport> {
  const report: SyncReport = { sessions: 0, responses: 0, completed: 0, orphaned: [], running: [], refused: [], elsewhere: [] };
  const queued: SessionJournal[] = [];
  const here = await currentDestination(ctx);
  for (const entry of (await ctx.journal()).list()) {
    if (entry.data.orphaned || !pendingWork(entry.data).any) continue;
    if (!belongsTo(entry.data, here)) {
      const database = entry.data.database ?? here.database;
      report.elsewhere.push({ id: entry.data.id, database, userId: entry.data.userId, otherAccount: database === here.database });
    }
    else if (runningElsewhere(entry.data)) report.running.push(entry.data.id);
    else queued.push(entry);
  }
  await warnAboutJournal(ctx);

  if (queued.length > 0) {
    const store = await openWithProgress(ctx);
    const total = queued.reduce((n, e) => n + pendingWork(e.data).responses, 0);
    const sending = `Sending ${plural(total, 'response')} from ${plural(queued.length, 'session')}`;
    const progress = showProgress(ctx.stderr, ctx.stderr.isTTY, `${sending}…`);
    try {
      const synced = await syncEntries(store, queued, (sent) => progress.update(`${sending}: ${sent} sent…`));
      report.sessions = synced.sessions;
      report.responses = synced.responses;
      report.completed = synced.completed;
      report.refused = synced.refused.map(({ entry, reason }) => ({ id: entry.data.id, journal: entry.path, reason }));
      for (const entry of synced.missing) {
        entry.update((s) => {
          s.orphaned = true;
        });
      }
    } finally {
      progress.stop();
      await store.close();
    }
  }
  for (const entry of (await ctx.journal()).list()) {
    if (entry.data.orphaned && belongsTo(entry.data, here)) report.orphaned.push({ id: entry.data.id, journal: entry.path });
  }

  return report;
}
