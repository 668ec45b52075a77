import type { Context } from '../context.js';
import type { FeedbackMode } from '../config.js';
import { UsageError, UserError } from '../errors.js';
import { analyseAnswer, ANALYSER_VERSION } from '../feedback/analyse.js';
import { AiFeedbackQueue, aiTimeoutMs } from '../feedback/ai-queue.js';
import { feedbackDocument, shownFeedback } from '../feedback/document.js';
import { plural, printable } from '../interview/text.js';
import type { FeedbackDocument, SessionDetail, Store } from '../store/store.js';
import { aiFeedbackLines, feedbackLines } from '../ui/feedback-view.js';
import { showProgress } from '../ui/progress.js';
import { aiEndpointForRun } from './shared/ai-consent.js';
import { writeJson } from './shared/json.js';
import { openWithProgress } from './shared/open-store.js';
import { resolveSessionId, sessionIdPrefix } from './shared/session-id.js';

export interface FeedbackOptions {
  rescore?: boolean;
  all?: boolean;
  feedback?: FeedbackMode;
  json?: boolean;
}

/** Answers read and written per call when re-scoring. */
const RESCORE_PAGE = 500;

export async function runFeedback(id: string | undefined, options: FeedbackOptions, ctx: Context): Promise<void> {
  if (options.rescore && id !== undefined) throw new UsageError('--rescore re-scores every answer of yours: give no session id with it');
  if (!options.rescore && id === undefined) throw new UsageError('give a session id, or --rescore', 'e.g. amplify feedback 3f2a, or amplify feedback --rescore');
  if (options.all && !options.rescore) throw new UsageError('--all goes with --rescore');
  if (id !== undefined) sessionIdPrefix(id);
  const ai = options.rescore ? null : await aiEndpointForRun(ctx, options.feedback);
  const store = await openWithProgress(ctx);
  try {
    if (options.rescore) return await rescore(store, options, ctx);
    const sessionId = await resolveSessionId(store, id as string);
    let detail = await store.sessionDetail(sessionId);
    if (!detail) throw new UserError(`session ${sessionId} not found`);
    if (ai) {
      const missing = detail.questions.filter((q) => q.responseId !== null && q.responseText !== null && q.aiFeedback === null);
      if (missing.length > 0) {
        const timeoutMs = aiTimeoutMs(ctx.env);
        const queue = new AiFeedbackQueue(ai, (responseId, feedback) => store.saveAiFeedback(responseId, feedback), { timeoutMs, now: ctx.now });
        for (const q of missing) {
          queue.add(q.responseId as string, { questionText: q.questionText, interviewType: detail.interviewType, customDomain: detail.customDomain, answerText: q.responseText as string });
        }
        const progress = showProgress(ctx.stderr, ctx.stderr.isTTY, `Asking ${ai.model} for feedback on ${plural(missing.length, 'answer')}…`);
        const outcomes = await queue.settle(timeoutMs).finally(() => progress.stop());
        const failed = outcomes.filter((o) => o.failure !== null);
        if (failed.length > 0) ctx.stderr.write(ctx.stderr.style.yellow(`! The model's feedback on ${plural(failed.length, 'answer')} did not arrive: ${failed[0]?.failure}\n`));
        detail = (await store.sessionDetail(sessionId)) ?? detail;
      }
    }
    if (options.json) return writeJson(ctx.stdout, feedbackJson(detail));
    ctx.stdout.write(`${feedbackText(detail, ctx).join('\n')}\n`);
  } finally {
    await store.close();
  }
}

function feedbackJson(detail: SessionDetail) {
  return {
    sessionId: detail.id,
    answers: detail.questions
      .filter((q) => q.responseText !== null)
      .map((q) => ({ position: q.position, questionId: q.questionId, responseId: q.responseId, feedback: q.feedback, aiFeedback: q.aiFeedback })),
  };
}

function feedbackText(detail: SessionDetail, ctx: Context): string[] {
  const { style } = ctx.stdout;
  const lines: string[] = [];
  for (const q of detail.questions) {
    if (q.responseText === null) continue;
    lines.push(style.bold(`${q.position}. ${printable(q.questionText)}`));
    const feedback = shownFeedback(q.feedback);
    lines.push(...(feedback ? feedbackLines(feedback, style, '   ') : [style.dim('   No feedback stored: run amplify feedback --rescore')]));
    if (q.aiFeedback) lines.push(...aiFeedbackLines(q.aiFeedback, style, '   '));
    lines.push('');
  }
  if (lines.length === 0) lines.push(style.dim('No answers in this session yet.'));
  return lines;
}

/**
 * Re-scores the caller's answers whose feedback is missing or from an older analyser (every
 * answer with --all), a page at a time: one read and one write per page.
 */
async function rescore(store: Store, options: FeedbackOptions, ctx: Context): Promise<void> {
  const below = options.all ? ANALYSER_VERSION + 1 : ANALYSER_VERSION;
  const progress = showProgress(ctx.stderr, ctx.stderr.isTTY, 'Re-scoring answers…');
  let rescored = 0;
  try {
    for (let after: string | null = null; ; ) {
      const page = await store.answersToRescore(below, after, RESCORE_PAGE);
      if (page.length === 0) break;
      const items: { responseId: string; feedback: FeedbackDocument }[] = page.map((a) => ({
        responseId: a.responseId,
        feedback: feedbackDocument(
          analyseAnswer({
            questionText: a.questionText,
            interviewType: a.interviewType,
            customDomain: a.customDomain,
            difficulty: a.difficulty,
            keyPoints: a.keyPoints,
            answerText: a.responseText,
            writingSeconds: a.writingMs === null ? null : a.writingMs / 1000,
          }),
        ),
      }));
      rescored += await store.saveFeedback(items);
      after = page.at(-1)?.responseId ?? null;
      progress.update(`Re-scoring answers… ${rescored}`);
    }
  } finally {
    progress.stop();
  }
  if (options.json) return writeJson(ctx.stdout, { rescored, analyserVersion: ANALYSER_VERSION });
  ctx.stdout.write(rescored === 0 ? `Every answer's feedback is already from analyser version ${ANALYSER_VERSION}.\n` : `Re-scored ${plural(rescored, 'answer')} with analyser version ${ANALYSER_VERSION}.\n`);
}
