import type { Context } from '../context.js';
import { UserError } from '../errors.js';
import { shownFeedback } from '../feedback/document.js';
import { formatDate, formatDuration, plural, printable, typeLabel, wordCount } from '../interview/text.js';
import { wordDiff } from '../interview/word-diff.js';
import type { PreviousAnswer, SessionQuestion } from '../store/store.js';
import { aiFeedbackLines, feedbackLines, timingLine } from '../ui/feedback-view.js';
import { resultsTable } from '../ui/results.js';
import { resolveSessionId, sessionIdPrefix } from './shared/session-id.js';
import { sessionJson, writeJson, type PreviousAnswerJson } from './shared/json.js';

export async function runShow(id: string, options: { json?: boolean; compare?: boolean }, ctx: Context): Promise<void> {
  sessionIdPrefix(id);
  const store = await ctx.openStore();
  try {
    const sessionId = await resolveSessionId(store, id);
    const detail = await store.sessionDetail(sessionId);
    if (!detail) throw new UserError(`session ${sessionId} not found`);
    const previous = options.compare ? new Map((await store.previousAnswers(sessionId)).map((p) => [p.questionId, p])) : null;
    if (options.json) {
      const json = sessionJson(detail);
      if (previous) json.questions.forEach((q, i) => (q.previous = previousJson(detail.questions[i] as SessionQuestion, previous.get(q.questionId))));
      return writeJson(ctx.stdout, json);
    }

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
      if (q.responseText === null) {
        lines.push(style.dim(q.position <= detail.currentIndex || detail.completedAt ? '   (skipped)' : '   (not reached yet)'), '');
        continue;
      }
      lines.push(...printable(q.responseText).split('\n').map((l) => `   ${l}`));
      const timing = timingLine(q.timing, q.duration, q.timeLimitSeconds, style);
      lines.push(style.dim(`   ${formatDuration(q.duration)} · ${plural(wordCount(q.responseText), 'word')}`) + (timing ? style.dim(` · ${timing}`) : ''));
      const feedback = shownFeedback(q.feedback);
      if (feedback) lines.push(...feedbackLines(feedback, style, '   '));
      if (q.aiFeedback) lines.push(...aiFeedbackLines(q.aiFeedback, style, '   '));
      if (previous) lines.push(...comparison(q, previous.get(q.questionId), style));
      lines.push('');
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

function scoreChange(q: SessionQuestion, before: PreviousAnswer): number | null {
  const now = shownFeedback(q.feedback)?.score;
  return now === undefined || before.feedbackScore === null ? null : now - before.feedbackScore;
}

function previousJson(q: SessionQuestion, before: PreviousAnswer | undefined): PreviousAnswerJson | null {
  if (!before || q.responseText === null) return null;
  return {
    sessionId: before.sessionId,
    responseText: before.responseText,
    duration: before.duration,
    answeredAt: before.answeredAt,
    feedbackScore: before.feedbackScore,
    scoreChange: scoreChange(q, before),
    diff: wordDiff(before.responseText, q.responseText),
  };
}

/** The earlier answer as a word diff into this one ([-removed-] {+added+}, as `git diff --word-diff` marks them), with both scores. */
function comparison(q: SessionQuestion, before: PreviousAnswer | undefined, style: Context['stdout']['style']): string[] {
  if (!before || q.responseText === null) return [style.dim('   Compared: no earlier answer to this question.')];
  const now = shownFeedback(q.feedback)?.score;
  const change = scoreChange(q, before);
  const scores =
    change === null
      ? ''
      : ` · score ${before.feedbackScore} → ${now} (${change > 0 ? style.green(`+${change}`) : change < 0 ? style.red(String(change)) : '±0'})`;
  const diff = wordDiff(before.responseText, q.responseText)
    .map((run) => {
      const text = printable(run.text);
      if (run.op === 'removed') return style.red(`[-${text}-]`);
      if (run.op === 'added') return style.green(`{+${text}+}`);
      return text;
    })
    .join(' ');
  return [
    style.dim(`   Compared with ${formatDate(before.answeredAt)} (session ${before.sessionId.slice(0, 8)}): ${formatDuration(before.duration)} → ${formatDuration(q.duration)}`) + scores,
    ...diff.split('\n').map((l) => `   ${l}`),
  ];
}
