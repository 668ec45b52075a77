import type { Context } from '../context.js';
import { UsageError, UserError } from '../errors.js';
import { plural } from '../interview/text.js';
import { openStore } from '../store/open-store.js';
import { storeSettings } from '../store/store-settings.js';
import type { BackendName, ExportCursor, ExportedSession, Store } from '../store/store.js';
import { bar, showProgress } from '../ui/progress.js';
import { writeJson } from './shared/json.js';
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
}

/** Sessions read per page of the source. */
const PAGE = 200;

/**
 * Copies every session of this user, with its answers, from one backend to another: page by
 * page from the source, one sync call per batch to the target. Sessions keep their ids and
 * answers are upserts, so a second run duplicates nothing; what the target refuses is named
 * and the rest is copied.
 */
export async function runDbCopy(options: CopyOptions, ctx: Context): Promise<void> {
  const config = await ctx.config();
  const from = options.from ?? storeSettings(config, ctx.env, ctx.backendFlag).backend;
  if (from === options.to) throw new UsageError(`the source and the target are both ${from}`, 'Name another one with --to (and --from, when the source is not the current backend).');
  const open = (backend: BackendName) => openStore({ paths: ctx.paths, config, env: ctx.env, backendFlag: backend });
  const source = await open(from);
  let target: Store | null = null;
  const report: CopyReport = { from, to: options.to, dryRun: Boolean(options.dryRun), sessions: 0, responses: 0, refused: [] };
  try {
    target = options.dryRun ? null : await open(options.to);
    const total = (await source.reports()).completion.total;
    const doing = `${options.dryRun ? 'Reading' : 'Copying'} ${plural(total, 'session')} from ${from} to ${options.to}`;
    const progress = showProgress(ctx.stderr, ctx.stderr.isTTY, `${doing}…`);
    try {
      for (let after: ExportCursor | null = null; ; ) {
        const page = await source.exportSessions({ after, limit: PAGE });
        if (page.length === 0) break;
        if (target) await writeSessions(target, page, report);
        else countSessions(page, report);
        const last = page.at(-1) as ExportedSession;
        after = { startedAt: last.session.startedAt, id: last.session.id };
        progress.update(`${doing} ${bar(report.sessions + report.refused.length, total)}`);
      }
    } finally {
      progress.stop();
    }
  } finally {
    await Promise.all([source.close(), target?.close()]);
  }
  if (options.json) writeJson(ctx.stdout, report);
  else {
    const { style } = ctx.stderr;
    const what = `${plural(report.sessions, 'session')} and ${plural(report.responses, 'answer')}`;
    ctx.stderr.write(
      options.dryRun
        ? `Would copy ${what} from ${from} to ${options.to}.\n`
        : `${style.green('✓')} Copied ${what} from ${from} to ${options.to}. Running it again copies nothing twice.\n`,
    );
    for (const r of report.refused) ctx.stderr.write(style.red(`✗ ${r.id.slice(0, 8)} was refused by ${options.to}: ${r.reason}\n`));
  }
  if (report.refused.length > 0) {
    throw new UserError(`${options.to} refused ${plural(report.refused.length, 'session')}; everything else was copied`, 'See the lines above, or `--json`.');
  }
}
