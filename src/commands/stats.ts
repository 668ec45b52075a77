import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { parseSince } from '../interview/period.js';
import { normaliseDomain } from '../interview/selection.js';
import { formatDate, formatDuration, plural, typeLabel } from '../interview/text.js';
import type { AnswerReport, InterviewType, ProgressPeriod, ProgressQuery, ProgressReport } from '../store/store.js';
import { barChart } from '../ui/chart.js';
import { renderTable } from '../ui/table.js';
import { answersJson, progressJson, statsJson, writeJson } from './shared/json.js';

export interface StatsOptions {
  json?: boolean;
  since?: string;
  until?: string;
  type?: InterviewType;
  domain?: string;
  by?: ProgressPeriod;
  allUsers?: boolean;
}

function when(value: string | undefined, flag: string, now: Date): string | null {
  if (value === undefined) return null;
  const at = parseSince(value, now);
  if (!at) throw new UsageError(`${flag}: '${value}' is not a date or a span`, 'e.g. 2026-01-15, or 7d (days), 4w (weeks), 3m (months) back from now');
  return at.toISOString();
}

export async function runStats(options: StatsOptions, ctx: Context): Promise<void> {
  const now = ctx.now();
  const query: ProgressQuery = {
    today: now.toISOString().slice(0, 10),
    since: when(options.since, '--since', now),
    until: when(options.until, '--until', now),
    interviewType: options.domain ? 'custom' : (options.type ?? null),
    customDomain: options.domain === undefined ? null : normaliseDomain(options.domain),
    by: options.by ?? 'week',
  };
  if (options.domain && options.type && options.type !== 'custom') throw new UsageError('--domain goes with --type custom (or alone)');
  const store = options.allUsers
    ? await (await import('../store/open-store.js')).openTeamStore({ paths: ctx.paths, config: await ctx.config(), env: ctx.env, backendFlag: ctx.backendFlag })
    : await ctx.openStore();
  try {
    const { reports, progress, answers } = options.allUsers
      ? await store.allUsersReports({ ...query, allUsers: true })
      : { reports: await store.reports(), progress: await store.progress(query), answers: await store.answerReport(query) };
    if (options.json) {
      return writeJson(ctx.stdout, {
        ...statsJson(reports),
        progress: progressJson(progress, query),
        answers: answersJson(answers),
        allUsers: Boolean(options.allUsers),
        users: options.allUsers ? progress.users : 1,
      });
    }
    // The last sessions are one person's: a team report has no such chart.
    const recent = options.allUsers ? [] : (await store.history({ limit: 10 })).filter((s) => s.completedAt !== null).reverse();

    const { style } = ctx.stdout;
    const { completion, averageDurationByType, responseTimes } = reports;
    const fmt = (n: number | null) => (n === null ? '—' : n.toFixed(2));
    const out = [
      ...(options.allUsers ? [style.bold(`Every user of this database (${plural(progress.users, 'user')} in the chosen time)`), ''] : []),
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
    out.push('', ...progressSection(progress, query, ctx), ...answersSection(answers, query, ctx));
    ctx.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await store.close();
  }
}

const PERIOD_NAMES: Record<ProgressPeriod, string> = { day: 'Day', week: 'Week of', month: 'Month' };

/** Practice per period as a table with a chart of it, the streak, and the types practised least. */
function progressSection(progress: ProgressReport, query: ProgressQuery, ctx: Context): string[] {
  const { style } = ctx.stdout;
  const narrowed = [
    query.interviewType ? typeLabel(query.interviewType, query.customDomain) : null,
    query.since ? `since ${query.since.slice(0, 10)}` : null,
    query.until ? `until ${query.until.slice(0, 10)}` : null,
  ].filter(Boolean);
  const out = [style.bold(`Progress by ${query.by}${narrowed.length ? ` (${narrowed.join(', ')})` : ''}`)];
  if (progress.periods.length === 0) out.push(style.dim('No sessions in that time.'));
  else {
    const label = (period: string) => (query.by === 'month' ? period.slice(0, 7) : period);
    const n = (v: number | null, digits = 0) => (v === null ? '—' : v.toFixed(digits));
    // The charts a person reads at a glance, and the table with every figure beneath them.
    out.push(style.dim('Sessions started'), barChart(progress.periods.map((p) => ({ label: label(p.period), value: p.sessionsStarted })), 40, ctx.stdout.columns));
    if (progress.periods.some((p) => p.avgAnswerWords !== null)) {
      out.push(
        '',
        style.dim('Words per answer'),
        barChart(progress.periods.map((p) => ({ label: label(p.period), value: p.avgAnswerWords ?? 0, caption: n(p.avgAnswerWords) })), 40, ctx.stdout.columns),
      );
    }
    out.push(
      '',
      renderTable(
        [PERIOD_NAMES[query.by], 'Started', 'Completed', 'Rate', 'Avg session', 'Avg answer', 'Words/answer'],
        progress.periods.map((p) => [
          label(p.period),
          p.sessionsStarted,
          p.sessionsCompleted,
          p.completionRate === null ? '—' : `${n(p.completionRate)} %`,
          formatDuration(p.avgSessionSeconds),
          formatDuration(p.avgAnswerSeconds),
          n(p.avgAnswerWords),
        ]),
        { style, numeric: [1, 2, 3, 4, 5, 6], maxWidth: ctx.stdout.columns },
      ),
    );
  }
  out.push('', `${plural(progress.streakDays, 'day')} in a row · ${plural(progress.sessionsThisMonth, 'session')} this month`);
  const least = leastPractised(progress, query);
  if (least) out.push(style.dim(`Practised least: ${least}`));
  return out;
}

/** The standard types with the fewest sessions (none counts), when no type was chosen. */
function leastPractised(progress: ProgressReport, query: ProgressQuery): string | null {
  if (query.interviewType) return null;
  const counts = (['behavioral', 'technical', 'system_design'] as const).map((t) => ({ type: t, sessions: progress.byType.find((b) => b.interviewType === t)?.sessions ?? 0 }));
  const fewest = Math.min(...counts.map((c) => c.sessions));
  if (counts.every((c) => c.sessions === fewest)) return null;
  return counts
    .filter((c) => c.sessions === fewest)
    .map((c) => `${typeLabel(c.type, null)} (${plural(c.sessions, 'session')})`)
    .join(', ');
}

/** The feedback score's trend per type, charted on a 0–100 scale, and how answers' time was spent. */
function answersSection(report: AnswerReport, query: ProgressQuery, ctx: Context): string[] {
  const { style } = ctx.stdout;
  const out: string[] = [];
  const types = [...new Set(report.scoreTrend.map((t) => t.interviewType))];
  if (types.length > 0) {
    out.push('', style.bold(`Feedback score by ${query.by} (average, 0–100)`));
    for (const type of types) {
      const points = report.scoreTrend.filter((t) => t.interviewType === type);
      const label = (period: string) => (query.by === 'month' ? period.slice(0, 7) : period);
      out.push(
        style.dim(typeLabel(type, null)),
        barChart(points.map((p) => ({ label: label(p.period), value: p.avgScore, caption: `${p.avgScore.toFixed(0)} (${plural(p.answers, 'answer')})` })), 40, ctx.stdout.columns, 100),
      );
    }
  }
  const timed = report.timing.filter((t) => t.timedAnswers > 0 || t.limitedAnswers > 0);
  if (timed.length > 0) {
    const time = (ms: number | null) => (ms === null ? '—' : formatDuration(ms / 1000));
    out.push(
      '',
      style.bold('Time per answer (median / 90th percentile)'),
      renderTable(
        ['Type', 'Thinking', 'Writing', 'Over the limit'],
        timed.map((t) => [
          typeLabel(t.interviewType, null),
          `${time(t.thinkingMedianMs)} / ${time(t.thinkingP90Ms)}`,
          `${time(t.writingMedianMs)} / ${time(t.writingP90Ms)}`,
          t.limitedAnswers === 0 ? '—' : `${t.overruns} of ${t.limitedAnswers} (${(t.overrunRate ?? 0).toFixed(0)} %)`,
        ]),
        { style, numeric: [1, 2, 3], maxWidth: ctx.stdout.columns },
      ),
    );
  }
  return out;
}
