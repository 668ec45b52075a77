import type { Context } from '../context.js';
import { pendingWork, type SessionJournal } from '../journal/journal.js';
import { syncEntries } from '../journal/replay.js';
import { isAlive } from '../store/embedded/lock.js';
import { showProgress } from '../ui/progress.js';
import { openWithProgress } from './start.js';
import { warnAboutJournal } from './unfinished.js';

export interface SyncReport {
  sessions: number;
  responses: number;
  completed: number;
  /** Sessions the database no longer has: kept in the journal, never dropped. */
  orphaned: { id: string; journal: string }[];
  /** Sessions another amplify process is running; it sends them itself. */
  running: string[];
}

export async function runSync(options: { json?: boolean }, ctx: Context): Promise<void> {
  const report: SyncReport = { sessions: 0, responses: 0, completed: 0, orphaned: [], running: [] };
  const queued: SessionJournal[] = [];
  for (const entry of (await ctx.journal()).list()) {
    const { pid } = entry.data;
    if (entry.data.orphaned || !pendingWork(entry.data).any) continue;
    if (pid !== null && pid !== process.pid && isAlive(pid)) report.running.push(entry.data.id);
    else queued.push(entry);
  }
  await warnAboutJournal(ctx);

  if (queued.length > 0) {
    const store = await openWithProgress(ctx);
    const total = queued.reduce((n, e) => n + pendingWork(e.data).responses, 0);
    const sending = `Sending ${total} response${total === 1 ? '' : 's'} from ${queued.length} session${queued.length === 1 ? '' : 's'}`;
    const progress = showProgress(ctx.stderr, ctx.stderr.isTTY, `${sending}…`);
    try {
      const synced = await syncEntries(store, queued, (sent) => progress.update(`${sending}: ${sent} sent…`));
      report.sessions = synced.sessions;
      report.responses = synced.responses;
      report.completed = synced.completed;
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
    if (entry.data.orphaned) report.orphaned.push({ id: entry.data.id, journal: entry.path });
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
    ctx.stderr.write(style.yellow(`! ${o.id.slice(0, 8)} is no longer in the database; its answers stay in ${o.journal}\n`));
  }
}
