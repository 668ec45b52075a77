import type { ExportedSession, ResponseRecord } from '../../store/store.js';

/** What a copy sends of one session: only what the target lacks; null when it has it all. */
export interface SessionPlan {
  /** The session with only the answers to send; null when there is nothing to send. */
  send: ExportedSession | null;
  /** Whether the target had the session already (before this copy). */
  existed: boolean;
  /** Answers the target already holds as they are here, or holds a later answer to the same question. */
  answersThere: number;
}

/**
 * Compares a session with the target's copy of it (undefined when the target has none of this
 * user's), as sync_interview_sessions would merge them: an answer is sent when the target has
 * none to that question, or an older or equally old different one (a later one there wins
 * anyway); the position when it is further here; the completion when only this side has it.
 * What the merge would leave unchanged is not sent, so a second copy writes nothing.
 */
export function planSession(session: ExportedSession, there: ExportedSession | undefined): SessionPlan {
  if (!there) return { send: session, existed: false, answersThere: 0 };
  const theirs = new Map(there.responses.map((r) => [r.questionId, r]));
  const responses = session.responses.filter((r) => {
    const t = theirs.get(r.questionId);
    return !t || (!sameAnswer(t, r) && t.answeredAt <= r.answeredAt);
  });
  const behind = there.completedAt === null && (session.completedAt !== null || session.position > there.position);
  return {
    send: responses.length > 0 || behind ? { ...session, responses } : null,
    existed: true,
    answersThere: session.responses.length - responses.length,
  };
}

/** The same answer as far as the target can tell: the response id stays the target's own on an upsert. */
function sameAnswer(a: ResponseRecord, b: ResponseRecord): boolean {
  return a.responseText === b.responseText && a.duration === b.duration && a.answeredAt === b.answeredAt;
}
