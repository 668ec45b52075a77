import type { Context } from '../context.js';
import { DatabaseUnavailableError } from '../errors.js';
import { pendingWork, type SessionJournal } from '../journal/journal.js';
import { pushSession } from '../journal/replay.js';
import { isAlive } from '../store/embedded/lock.js';
import { showProgress } from '../ui/progress.js';
import { openWithProgress } from './start.js';
import { warnAboutJournal } from './unfinished.js';

export interface SyncReport {
  sessions: number;
  responses: number;
  completed: number;
  /** Sessions the database no longer has: kept in the journal, never dropped. */
  orphaned: { id: string; journal: string; reason: string }[];
  /** Sessions another amplify process is running; it sends them itself. */
  running: string[];
}

/** Errors that mean the session is gone from the database (or is someone else's). */
const GONE = new Set(['42501', 'P0002', '23503']);

export async function runSync(options: { json?: boolean }, ctx: Context): Promise<void> {
  const report: SyncReport = { sessions: 0, responses: 0, completed: 0, orphaned: [], running: [] };
  const queued: SessionJournal[] = [];
  for (const entry of (await ctx.journal()).list()) {
    const { pid } = entry.data;
    const work = pendingWork(entry.data);
    if (pid !== null && pid !== process.pid && isAlive(pid)) report.running.push(entry.data.id);
    else if (work.needsCreate || work.responses > 0 || work.needsComplete || entry.data.completedInDb) queued.push(entry);
  }
  await warnAboutJournal(ctx);

  if (queued.length > 0) {
    const store = await openWithProgress(ctx);
    const total = queued.reduce((n, e) => n + pendingWork(e.data).responses, 0);
    const stop = showProgress(ctx.stderr, ctx.stderr.isTTY, `Sending ${total} response${total === 1 ? '' : 's'} from ${queued.length} session${queued.length === 1 ? '' : 's'}…`);
    try {
      for (const entry of queued) {
        try {
          const pushed = await pushSession(store, entry);
          if (pushed.created || pushed.responses > 0 || pushed.completed) report.sessions++;
          report.responses += pushed.responses;
          if (pushed.completed) report.completed++;
        } catch (error) {
          if (error instanceof DatabaseUnavailableError) throw error;
          const code = (error as { code?: string }).code ?? '';
          if (!GONE.has(code)) throw error;
          entry.update((s) => {
            s.orphaned = true;
          });
          report.orphaned.push({ id: entry.data.id, journal: entry.path, reason: (error as Error).message });
        }
      }
    } finally {
      stop();
      await store.close();
    }
  }
  for (const entry of (await ctx.journal()).list()) {
    if (entry.data.orphaned && !report.orphaned.some((o) => o.id === entry.data.id)) {
      report.orphaned.push({ id: entry.data.id, journal: entry.path, reason: 'no longer in the database' });
    }
  }

  if (options.json) return ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const { style } = ctx.stderr;
  if (report.sessions === 0 && report.orphaned.length === 0 && report.running.length === 0) ctx.stderr.write('Nothing to sync: everything is in the database.\n');
  else if (report.sessions > 0) {
    const completed = report.completed > 0 ? `, completed ${report.completed}` : '';
    ctx.stderr.write(`${style.green('✓')} Sent ${report.sessions} session${report.sessions === 1 ? '' : 's'} and ${report.responses} response${report.responses === 1 ? '' : 's'}${completed}.\n`);
  }
  for (const id of report.running) ctx.stderr.write(style.dim(`${id.slice(0, 8)} is running in another terminal; it sends its own answers.\n`));
  for (const o of report.orphaned) {
    ctx.stderr.write(style.yellow(`! ${o.id.slice(0, 8)} is no longer in the database (${o.reason}); its answers stay in ${o.journal}\n`));
  }
}
