import type { Context } from '../context.js';
import { reviewCalendar } from '../interview/review-calendar.js';
import { formatDate, headline, plural, typeLabel } from '../interview/text.js';
import { LIBRARY } from '../store/library.js';
import type { InterviewType } from '../store/store.js';
import { barChart } from '../ui/chart.js';
import { renderTable } from '../ui/table.js';
import { writeJson } from './shared/json.js';
import { libraryCall } from './shared/question-files.js';
import { typeFilter } from './shared/type-filter.js';

export interface ReviewOptions {
  type?: InterviewType;
  domain?: string;
  /** Every question with a review state, not only those due within a week. */
  all?: boolean;
  json?: boolean;
}

/** `amplify review`: what is due and when, a calendar of the next two weeks. */
export async function runReview(options: ReviewOptions, ctx: Context): Promise<void> {
  const filter = typeFilter(options);
  const store = await ctx.openStore();
  let reviews;
  let questions;
  try {
    reviews = await libraryCall(store, LIBRARY.reviewStates(filter));
    questions = new Map((await libraryCall(store, LIBRARY.bankQuestions({ ...filter, ids: reviews.map((r) => r.questionId) }))).map((q) => [q.questionId, q]));
  } finally {
    await store.close();
  }
  const now = ctx.now();
  const calendar = reviewCalendar(reviews, now);
  if (options.json) {
    return writeJson(ctx.stdout, {
      now: now.toISOString(),
      summary: calendar.summary,
      days: calendar.days,
      questions: calendar.ordered.map((r) => ({ ...r, due: Date.parse(r.dueAt) <= now.getTime(), text: questions.get(r.questionId)?.questionText ?? null })),
    });
  }
  if (reviews.length === 0) return void ctx.stderr.write('Nothing to review yet: answer some questions with `amplify start`, and the ones to practise again appear here.\n');
  const { style } = ctx.stdout;
  const { summary } = calendar;
  ctx.stdout.write(
    `${style.bold('Due now')} ${summary.dueNow}${summary.overdue ? style.yellow(` (${summary.overdue} from before today)`) : ''} · ` +
      `later today ${summary.laterToday} · this week ${summary.thisWeek} · later ${summary.later}\n\n`,
  );
  const shown = options.all ? calendar.ordered : calendar.ordered.filter((r) => Date.parse(r.dueAt) < now.getTime() + 7 * 86_400_000);
  if (shown.length > 0) {
    const rows = shown.map((r) => {
      const q = questions.get(r.questionId);
      const due = Date.parse(r.dueAt) <= now.getTime();
      return [
        r.questionId,
        q ? typeLabel(q.interviewType, q.customDomain) : '',
        r.box,
        r.lastOutcome,
        due ? style.yellow('now') : formatDate(r.dueAt),
        headline(q?.questionText ?? '', 60),
      ];
    });
    ctx.stdout.write(`${renderTable(['ID', 'Type', 'Box', 'Last', 'Due', 'Question'], rows, { style, numeric: [2], maxWidth: ctx.stdout.columns })}\n`);
  }
  const later = calendar.ordered.length - shown.length;
  if (later > 0) ctx.stdout.write(style.dim(`${plural(later, 'more question')} due later than a week from now (--all lists them).\n`));
  ctx.stdout.write(`\n${style.bold('The next two weeks')}\n${barChart(calendar.days.map((d) => ({ label: d.label, value: d.due })), 30, ctx.stdout.columns)}\n`);
  if (summary.dueNow > 0) ctx.stderr.write(style.dim('Practise them with: amplify start --focus weak\n'));
}
