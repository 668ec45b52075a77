import type { Context } from '../context.js';
import type { InterviewType } from '../store/store.js';
import { distinctPrefixes, formatDate, formatDuration, typeLabel } from '../interview/text.js';
import { renderTable } from '../ui/table.js';
import { historyItemJson, writeJson } from './shared/json.js';

export interface HistoryOptions {
  limit: number;
  type?: InterviewType;
  json?: boolean;
}

export async function runHistory(options: HistoryOptions, ctx: Context): Promise<void> {
  const store = await ctx.openStore();
  try {
    const interviewType = options.type;
    const sessions = await store.history({ limit: options.limit, interviewType });
    if (options.json) return writeJson(ctx.stdout, sessions.map(historyItemJson));
    if (sessions.length === 0) {
      const kind = interviewType ? `${typeLabel(interviewType, null)} interviews` : 'interviews';
      return ctx.stderr.write(`No ${kind} yet. Start one with \`amplify start\`.\n`);
    }
    const { style } = ctx.stdout;
    const shown = distinctPrefixes(sessions.map((s) => s.id));
    const table = renderTable(
      ['ID', 'Type', 'Started', 'Answered', 'Duration', 'Status'],
      sessions.map((s) => [
        shown.get(s.id) ?? s.id,
        typeLabel(s.interviewType, s.customDomain),
        formatDate(s.startedAt),
        `${s.answeredCount}/${s.questionCount}`,
        formatDuration(s.duration),
        s.completedAt ? style.green('completed') : style.yellow('incomplete'),
      ]),
      { style, numeric: [3, 4], maxWidth: ctx.stdout.columns },
    );
    ctx.stdout.write(`${table}\n`);
  } finally {
    await store.close();
  }
}
