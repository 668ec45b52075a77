import type { Store } from '../store/store.js';
import type { SessionJournal } from './journal.js';

export interface PushResult {
  created: boolean;
  responses: number;
  completed: boolean;
  pruned: boolean;
}

/**
 * Sends what the database has not acknowledged yet, in the journal's order: the session,
 * its answers (one batched call), its position, its completion. Every call is idempotent, so
 * a push interrupted anywhere is simply pushed again.
 */
export async function pushSession(store: Store, entry: SessionJournal): Promise<PushResult> {
  const result: PushResult = { created: false, responses: 0, completed: false, pruned: false };
  let session = entry.data;
  if (!session.createdInDb) {
    await store.createSession({
      id: session.id,
      interviewType: session.interviewType,
      customDomain: session.customDomain,
      questionIds: session.questions.map((q) => q.questionId),
      config: session.config,
      startedAt: session.startedAt,
    });
    session = entry.update((s) => {
      s.createdInDb = true;
    });
    result.created = true;
  }

  const pending = session.responses.filter((r) => !r.acked);
  if (pending.length > 0) {
    await store.saveResponses(
      pending.map((r) => ({
        id: r.id,
        sessionId: session.id,
        questionId: r.questionId,
        responseText: r.responseText,
        duration: r.duration,
        answeredAt: r.answeredAt,
      })),
    );
    const sent = new Set(pending.map((r) => `${r.id}@${r.answeredAt}`));
    session = entry.update((s) => {
      for (const r of s.responses) if (sent.has(`${r.id}@${r.answeredAt}`)) r.acked = true;
    });
    result.responses = pending.length;
  }

  if (session.completedAt === null && session.position > session.positionInDb) {
    const position = session.position;
    await store.advanceSession(session.id, position);
    session = entry.update((s) => {
      s.positionInDb = Math.max(s.positionInDb, position);
    });
  }

  if (session.completedAt !== null && !session.completedInDb) {
    await store.completeSession(session.id, session.completedAt, session.duration ?? 0);
    session = entry.update((s) => {
      s.completedInDb = true;
    });
    result.completed = true;
  }

  if (session.completedInDb && session.responses.every((r) => r.acked)) {
    entry.remove();
    result.pruned = true;
  }
  return result;
}
