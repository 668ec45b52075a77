import type { Context } from '../context.js';
import { formatDate, formatDuration, typeLabel } from '../interview/text.js';
import { barChart } from '../ui/chart.js';
import { renderTable } from '../ui/table.js';
import { statsJson, writeJson } from './shared/json.js';

export async function runStats(options: { json?: boolean }, ctx: Context): Promise<void> {
  const store = await ctx.openStore();
  try {
    const reports = await store.reports();
    if (options.json) return writeJson(ctx.stdout, statsJson(reports));
    const recent = (await store.history({ limit: 10 })).filter((s) => s.completedAt !== null).reverse();

    const { style } = ctx.stdout;
    const { completion, averageDurationByType, responseTimes } = reports;
    const fmt = (n: number | null) => (n === null ? '—' : n.toFixed(2));
    const out = [
      style.bold('Session completion'),
      renderTable(['Completed', 'Total', 'Rate'], [[completion.completed, completion.total, completion.completionRate === null ? '—' : `${fmt(completion.completionRate)} %`]], { style, numeric: [0, 1, 2], maxWidth: ctx.stdout.columns }),
      '',
      style.bold('Average duration by interview type (completed sessions)'),
    ];
    if (averageDurationByType.length === 0) out.push(style.dim('No completed sessions yet.'));
    else {
      out.push(
        renderTable(
          ['Type', 'Average (s)', 'Average'],
          averageDurationByType.map((r) => [typeLabel(r.interviewType, null), fmt(r.avgDurationSeconds), formatDuration(r.avgDurationSeconds)]),
          { style, numeric: [1, 2], maxWidth: ctx.stdout.columns },
        ),
        barChart(
          averageDurationByType.map((r) => ({ label: typeLabel(r.interviewType, null), value: r.avgDurationSeconds, caption: formatDuration(r.avgDurationSeconds) })),
          40,
          ctx.stdout.columns,
        ),
      );
    }
    out.push(
      '',
      style.bold('Response time (seconds per answer)'),
      renderTable(['Average', 'Minimum', 'Maximum'], [[fmt(responseTimes.avgResponseTime), responseTimes.minResponseTime ?? '—', responseTimes.maxResponseTime ?? '—']], { style, numeric: [0, 1, 2], maxWidth: ctx.stdout.columns }),
    );
    if (recent.length > 1) {
      out.push(
        '',
        style.bold('Duration of your last completed sessions'),
        barChart(
          recent.map((s) => ({ label: formatDate(s.startedAt), value: s.duration ?? 0, caption: formatDuration(s.duration) })),
          40,
          ctx.stdout.columns,
        ),
      );
    }
    ctx.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await store.close();
  }
}
