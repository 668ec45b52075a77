import { randomUUID } from 'node:crypto';
import type { Recorder, SaveOutcome } from '../journal/recorder.js';
import type { JournalQuestion, JournalSession } from '../journal/journal.js';
import type { AnswerTiming, Rating } from '../store/store.js';
import { analyseAnswer, type Feedback } from '../feedback/analyse.js';
import { feedbackDocument } from '../feedback/document.js';
import { AnswerClock, countedSeconds } from './answer-clock.js';

/** `stop` is the person's `:stop`; `end` is their input ending (a pipe run dry, Ctrl+D). */
export type Answer = { kind: 'answer'; text: string } | { kind: 'skip' } | { kind: 'stop' } | { kind: 'end' };

export interface QuestionTurn {
  index: number;
  total: number;
  question: JournalQuestion;
  /** Seconds spent in the whole interview before this question. */
  elapsedSeconds: number;
  timeLimitSeconds: number | null;
}

export interface InterviewHooks {
  /** Asks the turn's question; the answer's clock is told of its first keystroke and pauses. */
  ask(turn: QuestionTurn, clock: AnswerClock): Promise<Answer>;
  answered(
    turn: QuestionTurn,
    result: { responseId: string; responseText: string; duration: number; timing: AnswerTiming; feedback: Feedback; outcome: SaveOutcome; overLimit: boolean },
  ): void;
  skipped(turn: QuestionTurn, outcome: SaveOutcome): void;
  /** The person's rating of the answer just saved; null when they skip it. Absent: not asked. */
  rate?(turn: QuestionTurn): Promise<Rating | null>;
}

export type InterviewEnd =
  | { status: 'completed'; outcome: SaveOutcome; session: JournalSession }
  | { status: 'stopped'; session: JournalSession; inputEnded: boolean; answeredNow: number };

/**
 * Asks every question from the journal's position on and records each step. Time is counted
 * only while this process runs: a resumed interview adds to what the journal already holds.
 */
export async function runInterview(recorder: Recorder, hooks: InterviewHooks, clock: () => number, now: () => Date): Promise<InterviewEnd> {
  const runStart = clock();
  const baseMs = recorder.entry.data.activeMs;
  // Paused time counts in no answer, and so in no session either.
  let pausedMs = 0;
  const activeMs = () => baseMs + (clock() - runStart) - pausedMs;
  const limit = recorder.entry.data.config.timeLimitSeconds;
  const sessionLimit = typeof limit === 'number' && limit > 0 ? limit : null;

  let answeredNow = 0;
  try {
    for (;;) {
      const session = recorder.entry.data;
      const index = session.position;
      const question = session.questions[index];
      if (!question) break;
      // A question's own limit is the one its author meant for it.
      const timeLimitSeconds = question.timeLimitSeconds ?? sessionLimit;
      const turn: QuestionTurn = {
        index,
        total: session.questions.length,
        question,
        elapsedSeconds: Math.round(activeMs() / 1000),
        timeLimitSeconds,
      };
      const answerClock = new AnswerClock(clock, timeLimitSeconds);
      const answer = await hooks.ask(turn, answerClock);
      const timing = answerClock.finish();
      pausedMs += timing.pausedMs;
      const duration = countedSeconds(timing);

      if (answer.kind === 'stop' || answer.kind === 'end') {
        recorder.pause(activeMs());
        return { status: 'stopped', session: recorder.entry.data, inputEnded: answer.kind === 'end', answeredNow };
      }
      answeredNow++;
      if (answer.kind === 'skip') {
        hooks.skipped(turn, await recorder.skip(index, activeMs()));
        continue;
      }
      // Postgres text cannot hold U+0000; a stray one must not make the answer unstorable.
      const responseText = answer.text.replaceAll('\u0000', '');
      const feedback = analyseAnswer({
        questionText: question.questionText,
        // In a mixed session each question is judged as its own type.
        interviewType: question.interviewType ?? (session.interviewType === 'mixed' ? 'technical' : session.interviewType),
        customDomain: question.interviewType ? (question.customDomain ?? null) : session.customDomain,
        difficulty: question.difficulty,
        keyPoints: question.keyPoints ?? [],
        answerText: responseText,
        writingSeconds: answerClock.sawInput ? timing.writingMs / 1000 : null,
      });
      const response = { id: randomUUID(), questionId: question.questionId, responseText, duration, answeredAt: now().toISOString(), timing, timeLimitSeconds, feedback: feedbackDocument(feedback) };
      const outcome = await recorder.saveAnswer(index, response, activeMs());
      hooks.answered(turn, { responseId: response.id, responseText, duration, timing, feedback, outcome, overLimit: timeLimitSeconds !== null && duration > timeLimitSeconds });
      // Asked once the answer is safe: leaving at this prompt loses nothing but the rating.
      const rating = hooks.rate ? await hooks.rate(turn) : null;
      if (rating) await recorder.rate(response.questionId, rating);
    }
  } catch (error) {
    recorder.pause(activeMs());
    throw error;
  }

  const outcome = await recorder.complete(now().toISOString(), activeMs());
  return { status: 'completed', outcome, session: recorder.entry.data };
}
