import type { Context } from '../context.js';
import { UserError } from '../errors.js';
import { formatDate, formatDuration, plural, printable, typeLabel, wordCount } from '../interview/text.js';
import { resultsTable } from '../ui/results.js';
import { resolveSessionId, sessionIdPrefix } from './shared/session-id.js';
import { sessionJson, writeJson } from './shared/json.js';

export async function runShow(id: string, options: { json?: boolean }, ctx: Context): Promise<void> {
  sessionIdPrefix(id);
  const store = await ctx.openStore();
  try {
    const sessionId = await resolveSessionId(store, id);
    const detail = await store.sessionDetail(sessionId);
    if (!detail) throw new UserError(`session ${sessionId} not found`);
    if (options.json) return writeJson(ctx.stdout, sessionJson(detail));

    const { style } = ctx.stdout;
    const answered = detail.questions.filter((q) => q.responseText !== null);
    const lines = [
      style.bold(`${typeLabel(detail.interviewType, detail.customDomain)} interview · ${detail.id}`),
      `Started ${formatDate(detail.startedAt)} · ${
        detail.completedAt ? `completed in ${formatDuration(detail.duration)}` : style.yellow('incomplete')
      } · ${answered.length} of ${detail.questions.length} answered`,
      '',
    ];
    for (const q of detail.questions) {
      lines.push(style.bold(`${q.position}. ${printable(q.questionText)}`));
      if (q.responseText === null) lines.push(style.dim(q.position <= detail.currentIndex || detail.completedAt ? '   (skipped)' : '   (not reached yet)'), '');
      else {
        lines.push(...printable(q.responseText).split('\n').map((l) => `   ${l}`));
        lines.push(style.dim(`   ${formatDuration(q.duration)} · ${plural(wordCount(q.responseText), 'word')}`), '');
      }
    }
    const limit = detail.config.timeLimitSeconds;
    lines.push(
      resultsTable(
        detail.questions.map((q) => ({ ...q, reached: detail.completedAt !== null || q.position <= detail.currentIndex })),
        style,
        typeof limit === 'number' && limit > 0 ? limit : null,
        ctx.stdout.columns,
      ),
    );
    ctx.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await store.close();
  }
}
