import { canPrompt, type Context } from '../../context.js';
import { AuthError, DatabaseUnavailableError, JournalWriteError, UsageError } from '../../errors.js';
import type { SessionJournal } from '../../journal/journal.js';
import { Recorder, type SaveOutcome } from '../../journal/recorder.js';
import { runInterview, type QuestionTurn } from '../../interview/runner.js';
import { formatDuration, printable, typeLabel, wordCount, plural } from '../../interview/text.js';
import { ANSWER_HELP, PAUSE_HELP, RATE_PROMPT } from '../../ui/prompter.js';
import type { AiEndpoint } from '../../feedback/ai-client.js';
import { AiFeedbackQueue, aiTimeoutMs } from '../../feedback/ai-queue.js';
import { feedbackDocument, shownFeedback } from '../../feedback/document.js';
import type { Store } from '../../store/store.js';
import { feedbackLines, timingLine } from '../../ui/feedback-view.js';
import { resultsTable } from '../../ui/results.js';

/**
 * Runs the interview of a journal entry this process owns, drawing each turn on stderr and
 * the results on stdout. Shared by `start` and `resume`.
 */
export async function conductInterview(
  ctx: Context,
  entry: SessionJournal,
  options: {
    editor: boolean;
    offline?: boolean;
    /** Created by this command: nobody has seen it yet. */ fresh?: boolean;
    /** No feedback block after each answer (it is stored all the same). */ quiet?: boolean;
    /** Where a model's feedback is asked for, when the person chose it. */ ai?: AiEndpoint | null;
    /** Ask for a one-key rating after each answer (only in a terminal). */ rate?: boolean;
  },
): Promise<void> {
  const { stderr } = ctx;
  const style = stderr.style;
  const ai = options.ai ? modelFeedback(ctx, options.ai) : null;
  const recorder = new Recorder({
    entry,
    openStore: () => ctx.openStore(),
    knownOffline: options.offline,
    onOffline: (error) =>
      stderr.write(
        style.yellow(
          error instanceof AuthError
            ? `! The sign-in is no longer valid (${error.message}). Answers are kept in the journal: run \`amplify login\`, then \`amplify sync\`.\n`
            : `! ${error instanceof DatabaseUnavailableError ? 'The database is unreachable' : 'The database refused a save'} (${error.message}). ` +
                'Answers are kept in the journal and sent when it is back, or with `amplify sync`.\n',
        ),
      ),
  });
  const hint = `amplify resume ${entry.data.id.slice(0, 8)}`;
  const activeBefore = entry.data.activeMs;
  const runStart = ctx.clock();
  ctx.onInterrupt = () => {
    // The time spent since the last save is all the journal lacks.
    recorder.pause(activeBefore + (ctx.clock() - runStart));
    stderr.write(`\n${style.yellow('Interview paused.')} Every answer given is saved. Continue with: ${hint}\n`);
  };

  let interrupted = false;
  const mark = (outcome: SaveOutcome) => (outcome === 'saved' ? style.green('✓ Saved') : style.yellow('◌ Saved locally'));
  const total = entry.data.questions.length;
  stderr.write(`\n${style.bold(`${typeLabel(entry.data.interviewType, entry.data.customDomain)} interview`)} · ${plural(total, 'question')} · ${style.dim(entry.data.id.slice(0, 8))}\n`);
  try {
    // The session reaches the database before its first question, so history shows it even if
    // the interview ends there.
    if (!entry.data.createdInDb) await recorder.begin();
    const end = await runInterview(
      recorder,
      {
        ask: (turn: QuestionTurn, clock) => {
          const limit = turn.timeLimitSeconds ? ` · limit ${formatDuration(turn.timeLimitSeconds)}` : '';
          stderr.write(
            `\n${style.cyan(`Question ${turn.index + 1} of ${turn.total}`)} ${style.dim(`· ${formatDuration(turn.elapsedSeconds)} elapsed${limit}`)}\n` +
              `${style.bold(printable(turn.question.questionText))}\n` +
              (options.editor ? '' : `${style.dim(ANSWER_HELP)}\n`) +
              (options.editor || !ctx.stdin.isTTY || turn.index > 0 ? '' : `${style.dim(PAUSE_HELP)}\n`),
          );
          return ctx.prompter.answer({ editor: options.editor, clock });
        },
        answered: (turn, result) => {
          const over = result.overLimit ? style.yellow(' · over the time limit') : '';
          const words = wordCount(result.responseText);
          const where = result.outcome === 'queued' ? style.dim(' (will sync)') : '';
          stderr.write(`${mark(result.outcome)}${where} · ${formatDuration(result.duration)} · ${plural(words, 'word')}${over}\n`);
          if (!options.quiet) {
            const timing = timingLine(result.timing, result.duration, turn.timeLimitSeconds, style);
            const feedback = shownFeedback(feedbackDocument(result.feedback));
            stderr.write(`${[...(timing ? [style.dim(timing)] : []), ...(feedback ? feedbackLines(feedback, style) : [])].join('\n')}\n`);
          }
          ai?.queue.add(result.responseId, {
            questionText: turn.question.questionText,
            interviewType: turn.question.interviewType ?? entry.data.interviewType,
            customDomain: turn.question.interviewType ? (turn.question.customDomain ?? null) : entry.data.customDomain,
            answerText: result.responseText,
          });
        },
        skipped: (_turn, outcome) => {
          stderr.write(`${style.dim('Skipped.')}${outcome === 'queued' ? style.dim(' (kept locally)') : ''}\n`);
        },
        ...(options.rate && canPrompt(ctx) ? { rate: () => ctx.prompter.rate(RATE_PROMPT) } : {}),
      },
      ctx.clock,
      ctx.now,
    );
    ctx.onInterrupt = null;
    if (end.status === 'stopped' && end.inputEnded && end.answeredNow === 0) {
      // `start … </dev/null`: nobody is there to answer. A session made for nothing is not kept.
      if (options.fresh) await recorder.discard();
      throw new UsageError(
        `standard input ended before the first answer${options.fresh ? ': no interview was started' : ''}`,
        options.fresh
          ? 'Pipe the answers in, each ending with a line holding only ".", or run amplify in a terminal.'
          : `Pipe the answers in, or continue in a terminal with: ${hint}`,
      );
    }
    if (end.status === 'stopped') {
      stderr.write(`\n${style.yellow('Interview stopped.')} Your answers are saved. Continue later with: ${hint}\n`);
      if (recorder.authFailure) throw recorder.authFailure;
      return;
    }
    const session = end.session;
    const byQuestion = new Map(session.responses.map((r) => [r.questionId, r]));
    stderr.write(
      `\n${style.green('Interview complete')} in ${formatDuration(session.duration)}.${end.outcome === 'queued' ? style.yellow(' Queued locally: run `amplify sync` when the database is back.') : ''}\n\n`,
    );
    ctx.stdout.write(
      `${resultsTable(
        session.questions.map((q, i) => {
          const r = byQuestion.get(q.questionId);
          return { position: i + 1, questionText: q.questionText, duration: r?.duration ?? null, responseText: r?.responseText ?? null };
        }),
        ctx.stdout.style,
        typeof session.config.timeLimitSeconds === 'number' ? session.config.timeLimitSeconds : null,
        ctx.stdout.columns,
      )}\n`,
    );
    if (end.outcome === 'saved') stderr.write(style.dim(`See it again with: amplify show ${session.id.slice(0, 8)}\n`));
    // Complete, and safe in the journal, but not sent: the exit code says a sign-in is needed.
    if (recorder.authFailure) throw recorder.authFailure;
  } catch (error) {
    ctx.onInterrupt = null;
    interrupted = (error as Error).name === 'CancelledError';
    if ((error as Error).name === 'CancelledError') stderr.write(`\n${style.yellow('Interview paused.')} Every answer given is saved. Continue with: ${hint}\n`);
    if (error instanceof JournalWriteError) {
      // Typed work is never dropped: what could not be written is handed back on the screen.
      if (error.unsavedAnswer !== undefined) {
        stderr.write(`\n${style.red('✗ This answer could not be saved.')} Here it is, so that it is not lost:\n${style.dim('───')}\n${error.unsavedAnswer}\n${style.dim('───')}\n`);
      }
      stderr.write(`\n${style.yellow('Interview paused.')} The answers saved before are in the journal. Once it can be written again, continue with: ${hint}\n`);
    }
    throw error;
  } finally {
    ctx.prompter.release();
    await recorder.close();
    // Ctrl+C is leaving now: the model's feedback still on its way is abandoned, not awaited.
    if (ai) await ai.finish(entry.data.id, { wait: !interrupted });
  }
}

/** Waits for the model's feedback still on its way, up to the timeout, and says what did not arrive. */
function modelFeedback(ctx: Context, endpoint: AiEndpoint) {
  const timeoutMs = aiTimeoutMs(ctx.env);
  let store: Store | null = null;
  const queue = new AiFeedbackQueue(
    endpoint,
    async (responseId, feedback) => {
      store ??= await ctx.openStore();
      return store.saveAiFeedback(responseId, feedback);
    },
    { timeoutMs, now: ctx.now },
  );
  return {
    queue,
    async finish(sessionId: string, { wait }: { wait: boolean }) {
      const { style } = ctx.stderr;
      if (wait && queue.pending > 0) ctx.stderr.write(style.dim(`Waiting for the model's feedback on ${plural(queue.pending, 'answer')} (${endpoint.model})…\n`));
      const outcomes = await queue.settle(wait ? timeoutMs : 0);
      await (store as Store | null)?.close();
      const failed = outcomes.filter((o) => o.failure !== null);
      const stored = outcomes.length - failed.length;
      if (stored > 0) ctx.stderr.write(`${style.green('✓')} The model's feedback on ${plural(stored, 'answer')} is stored: amplify show ${sessionId.slice(0, 8)}\n`);
      if (failed.length > 0) {
        ctx.stderr.write(
          style.yellow(`! The model's feedback on ${plural(failed.length, 'answer')} did not arrive (${failed[0]?.failure}). Ask again with: amplify feedback ${sessionId.slice(0, 8)} --feedback ai\n`),
        );
      }
    },
  };
}
