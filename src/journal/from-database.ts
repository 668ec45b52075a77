import type { SessionDetail } from '../store/store.js';
import type { Destination } from './destination.js';
import { newJournalSession, type JournalSession } from './journal.js';

/**
 * The journal entry of a session known only to the database (started on another machine, or
 * before this journal existed), so that this process can run the rest of it: everything
 * answered is marked acknowledged, and questions passed without an answer count as skipped.
 */
export function journalSessionFromDetail(detail: SessionDetail, destination: Destination): JournalSession {
  const answered = detail.questions.filter((q) => q.responseText !== null);
  return newJournalSession({
    id: detail.id,
    interviewType: detail.interviewType,
    customDomain: detail.customDomain,
    config: detail.config,
    questions: detail.questions.map((q) => ({
      questionId: q.questionId,
      questionText: q.questionText,
      difficulty: q.difficulty,
      keyPoints: q.keyPoints,
      ...(q.questionType ? { interviewType: q.questionType, customDomain: q.questionDomain ?? null } : {}),
      ...(q.questionTimeLimitSeconds ? { timeLimitSeconds: q.questionTimeLimitSeconds } : {}),
    })),
    startedAt: detail.startedAt,
    position: detail.currentIndex,
    skipped: detail.questions.slice(0, detail.currentIndex).filter((q) => q.responseText === null).map((q) => q.questionId),
    // Another machine's idle time is unknown: the answers' own durations are the time spent.
    activeMs: answered.reduce((sum, q) => sum + (q.duration ?? 0), 0) * 1000,
    responses: answered.map((q) => ({
      id: q.responseId as string,
      questionId: q.questionId,
      responseText: q.responseText as string,
      duration: q.duration ?? 0,
      answeredAt: q.answeredAt as string,
      timing: q.timing,
      timeLimitSeconds: q.timeLimitSeconds,
      rating: q.rating,
      feedback: q.feedback,
      acked: true,
    })),
    ...destination,
    createdInDb: true,
    positionInDb: detail.currentIndex,
  });
}
