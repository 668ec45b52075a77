import type { Context } from '../context.js';
import { AuthError } from '../errors.js';
import { pendingWork } from '../journal/journal.js';
import { belongsTo } from '../journal/destination.js';
import { runningElsewhere } from '../journal/ownership.js';
import { formatDate, typeLabel, plural } from '../interview/text.js';
import { redact } from '../store/connection-url.js';
import { renderTable } from '../ui/table.js';
import { currentDestination, currentSettings } from './shared/destination.js';
import { writeJson } from './shared/json.js';
import { warnAboutJournal } from './shared/unfinished.js';

export async function runStatus(options: { json?: boolean }, ctx: Context): Promise<void> {
  const settings = await currentSettings(ctx);
  const here = await currentDestination(ctx);
  const queue = (await ctx.journal())
    .list()
    .map((entry) => {
      const s = entry.data;
      const work = pendingWork(s);
      return {
        id: s.id,
        interviewType: s.interviewType,
        customDomain: s.customDomain,
        startedAt: s.startedAt,
        unsentResponses: work.responses,
        sessionUnsent: work.needsCreate,
        completionUnsent: work.needsComplete,
        running: runningElsewhere(s) !== null,
        orphaned: s.orphaned,
        /** The database it waits for, when that is not the one the settings point at. */
        otherDatabase: belongsTo(s, here) ? null : s.database,
        /** The account it waits for, when it is this database's but another user's (another sign-in). */
        otherUser: !belongsTo(s, here) && (s.database ?? here.database) === here.database ? s.userId : null,
      };
    })
    .filter((q) => q.unsentResponses > 0 || q.sessionUnsent || q.completionUnsent || q.orphaned);
  await warnAboutJournal(ctx);

  let reachable = true;
  let problem: string | null = null;
  let signInRefused = false;
  try {
    const store = await ctx.openStore();
    try {
      await store.questionBank();
    } finally {
      await store.close();
    }
  } catch (error) {
    reachable = false;
    problem = (error as Error).message;
    signInRefused = error instanceof AuthError;
  }

  const status = { backend: settings.backend, reachable, problem, queued: queue };
  if (options.json) return writeJson(ctx.stdout, status);
  const { style } = ctx.stdout;
  const where =
    settings.backend === 'embedded'
      ? `embedded (${ctx.paths.pgdata})`
      : settings.backend === 'postgres'
        ? `postgres (${redact(settings.databaseUrl)})`
        : `supabase (${settings.project.url})`;
  const lines = [`Database: ${where} · ${reachable ? style.green('reachable') : style.red(`${signInRefused ? 'sign-in needed' : 'unreachable'}: ${problem}`)}`];
  if (queue.length === 0) lines.push('Queue: empty, every answer is in the database.');
  else {
    const responses = queue.reduce((n, q) => n + q.unsentResponses, 0);
    lines.push(`Queue: ${plural(responses, 'response')} in ${plural(queue.length, 'session')} waiting for \`amplify sync\``);
    lines.push(
      renderTable(
        ['ID', 'Type', 'Started', 'Unsent', 'State'],
        queue.map((q) => [
          q.id.slice(0, 8),
          typeLabel(q.interviewType, q.customDomain),
          formatDate(q.startedAt),
          q.unsentResponses,
          q.otherUser ? `another account: ${q.otherUser}` : q.otherDatabase ? `another database: ${q.otherDatabase}` : q.orphaned ? style.yellow('not in the database') : q.running ? 'running' : [q.sessionUnsent && 'session', q.completionUnsent && 'completion'].filter(Boolean).join(', ') || 'answers',
        ]),
        { style, numeric: [3], maxWidth: ctx.stdout.columns },
      ),
    );
  }
  ctx.stdout.write(`${lines.join('\n')}\n`);
}
