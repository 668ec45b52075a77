import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Context } from '../context.js';
import { fileError } from './shared/file-error.js';
import { UsageError } from '../errors.js';
import type { ExportFormatName } from '../interview/export-format-names.js';
import { exportFormat } from '../interview/export-formats.js';
import { parseSince } from '../interview/period.js';
import { plural } from '../interview/text.js';
import type { ExportCursor, ExportedSession } from '../store/store.js';
import { openWithProgress } from './shared/open-store.js';
import { resolveSessionId, sessionIdPrefix } from './shared/session-id.js';

export interface ExportOptions {
  all?: boolean;
  since?: string;
  format: ExportFormatName;
  out?: string;
}

/** Sessions read per page: a page is the most an export holds in memory. */
const PAGE = 100;

/** Where the export goes: standard output, waiting for a slow reader, or a file made whole at the end. */
interface Sink {
  write(text: string): Promise<void>;
  finish(): Promise<void>;
  abandon(): void;
}

function stdoutSink(ctx: Context): Sink {
  return {
    write: async (text) => {
      ctx.stdout.write(text);
      await ctx.stdout.room();
    },
    finish: async () => {},
    abandon: () => {},
  };
}

/** A file written beside its final name and renamed into place when complete: never half an export. */
async function fileSink(path: string): Promise<Sink> {
  const partial = `${path}.partial-${process.pid}`;
  const stream = createWriteStream(partial, { mode: 0o600 });
  try {
    await once(stream, 'open');
  } catch (error) {
    throw fileError(error, 'write', path);
  }
  return {
    write: async (text) => {
      if (!stream.write(text)) await once(stream, 'drain');
    },
    finish: async () => {
      stream.end();
      await once(stream, 'close');
      renameSync(partial, path);
    },
    abandon: () => {
      stream.destroy();
      rmSync(partial, { force: true });
    },
  };
}

/**
 * Writes sessions with their questions and answers as JSON (complete, versioned: what
 * `amplify import` reads), CSV (a row per answer) or Markdown (a transcript), page by page.
 */
export async function runExport(ids: string[], options: ExportOptions, ctx: Context): Promise<void> {
  if (ids.length === 0 && !options.all && options.since === undefined) {
    throw new UsageError('name the sessions to export, or --all, or --since', 'e.g. amplify export 3f2a 9c1e · amplify export --all --format csv --out answers.csv');
  }
  if (ids.length > 0 && options.all) throw new UsageError('name sessions or give --all, not both');
  ids.forEach(sessionIdPrefix);
  const since = options.since === undefined ? null : parseSince(options.since, ctx.now());
  if (options.since !== undefined && !since) {
    throw new UsageError(`'${options.since}' is not a date or a span`, 'e.g. --since 2026-01-15, or --since 7d (days), 4w (weeks), 3m (months)');
  }
  const store = await openWithProgress(ctx);
  let sink: Sink | null = null;
  try {
    const chosen = ids.length > 0 ? [...new Set(await Promise.all(ids.map((id) => resolveSessionId(store, id))))] : undefined;
    sink = options.out && options.out !== '-' ? await fileSink(options.out) : stdoutSink(ctx);
    const format = exportFormat(options.format);
    await sink.write(format.head(ctx.now().toISOString()));
    let sessions = 0;
    let answers = 0;
    // From `since` on: (started_at, id) after (since, the smallest id) is started_at ≥ since.
    let after: ExportCursor | null = since ? { startedAt: since.toISOString(), id: '00000000-0000-0000-0000-000000000000' } : null;
    for (;;) {
      const page: ExportedSession[] = await store.exportSessions({ after, limit: PAGE, ids: chosen });
      if (page.length === 0) break;
      for (const session of page) {
        await sink.write(format.session(session, sessions === 0));
        sessions++;
        answers += session.responses.length;
      }
      const last = page.at(-1) as ExportedSession;
      after = { startedAt: last.session.startedAt, id: last.session.id };
    }
    await sink.write(format.tail());
    await sink.finish();
    const where = options.out && options.out !== '-' ? ` to ${options.out}` : '';
    ctx.stderr.write(`${ctx.stderr.style.green('✓')} Exported ${plural(sessions, 'session')} and ${plural(answers, 'answer')}${where}.\n`);
    sink = null;
  } finally {
    sink?.abandon();
    await store.close();
  }
}
