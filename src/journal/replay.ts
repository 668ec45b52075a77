import { isDatabaseRefusal } from '../errors.js';
import { BATCH_LIMITS, inBatches, type BatchLimits } from '../store/batches.js';
import type { SessionSync, Store } from '../store/store.js';
import { failpoint } from './failpoint.js';
import type { JournalSession, SessionJournal } from './journal.js';

export interface PushResult {
  created: boolean;
  responses: number;
  completed: boolean;
  pruned: boolean;
}

/**
 * Sends what the database has not acknowledged yet of the running interview, in the
 * journal's order: the session, its answers, its position, its completion. Every call is
 * idempotent, so a push interrupted anywhere is simply pushed again.
 */
export async function pushSession(store: Store, entry: SessionJournal): Promise<PushResult> {
  const session = entry.data;
  const result: PushResult = { created: false, responses: 0, completed: false, pruned: false };
  if (!session.createdInDb) {
    await store.createSession(toNewSession(session));
    failpoint('session-stored');
    result.created = true;
  }
  const pending = session.responses.filter((r) => !r.acked);
  if (pending.length > 0) {
    await store.saveResponses(pending.map((r) => ({ ...r, sessionId: session.id })));
    failpoint('answer-stored');
    result.responses = pending.length;
  }
  // Saving answers moves the position past them; only skips need a call of their own.
  const answeredUpTo = Math.max(0, ...pending.map((r) => session.questions.findIndex((q) => q.questionId === r.questionId) + 1));
  if (session.completedAt === null && session.position > Math.max(session.positionInDb, answeredUpTo)) {
    await store.advanceSession(session.id, session.position);
  }
  if (session.completedAt !== null && !session.completedInDb) {
    await store.completeSession(session.id, session.completedAt, session.duration ?? 0);
    failpoint('completion-stored');
    result.completed = true;
  }
  result.pruned = acknowledge(entry, session);
  return result;
}

export interface SyncResult {
  sessions: number;
  responses: number;
  completed: number;
  missing: SessionJournal[];
  /** Sessions the database refused (say, a question it does not know): kept, with the reason. */
  refused: { entry: SessionJournal; reason: string }[];
}

/** `amplify sync`: many sessions per call, in batches of a bounded size. */
export async function syncEntries(
  store: Store,
  entries: SessionJournal[],
  onProgress: (sentResponses: number) => void = () => {},
  limits: BatchLimits = BATCH_LIMITS,
): Promise<SyncResult> {
  const result: SyncResult = { sessions: 0, responses: 0, completed: 0, missing: [], refused: [] };
  for (const batch of inBatches(entries, (entry) => entry.data.responses.filter((r) => !r.acked), limits)) {
    await sendBatch(store, batch, result);
    onProgress(result.responses);
  }
  return result;
}

/** One call for the batch; if the database refuses it, each session alone, so one bad entry blocks no other. */
async function sendBatch(store: Store, batch: SessionJournal[], result: SyncResult): Promise<void> {
  const snapshots = batch.map((entry) => entry.data);
  let outcomes;
  try {
    outcomes = await store.syncSessions(snapshots.map(toSync));
  } catch (error) {
    // Unreachable, or a bug: not this batch's fault, so no session is blamed for it.
    if (!isDatabaseRefusal(error)) throw error;
    if (batch.length === 1) return void result.refused.push({ entry: batch[0] as SessionJournal, reason: (error as Error).message });
    for (const entry of batch) await sendBatch(store, [entry], result);
    return;
  }
  const missing = new Set(outcomes.filter((o) => o.outcome === 'missing').map((o) => o.sessionId));
  batch.forEach((entry, i) => {
    const session = snapshots[i] as JournalSession;
    if (missing.has(session.id)) return void result.missing.push(entry);
    result.sessions++;
    result.responses += session.responses.filter((r) => !r.acked).length;
    if (session.completedAt !== null && !session.completedInDb) result.completed++;
    acknowledge(entry, session);
  });
}

/**
 * Marks what was sent from `sent` as acknowledged; an entry whose session is complete and
 * fully acknowledged is removed. Returns whether it was removed.
 */
function acknowledge(entry: SessionJournal, sent: JournalSession): boolean {
  const sentResponses = new Set(sent.responses.map((r) => `${r.id}@${r.answeredAt}`));
  if (sent.completedAt !== null && entry.data.responses.every((r) => sentResponses.has(`${r.id}@${r.answeredAt}`))) {
    // The database holds all of it: removing the entry is the acknowledgement.
    entry.remove();
    failpoint('journal-pruned');
    return true;
  }
  const updated = entry.update((s) => {
    s.createdInDb = true;
    s.positionInDb = Math.max(s.positionInDb, sent.position);
    if (sent.completedAt !== null) s.completedInDb = true;
    for (const r of s.responses) if (sentResponses.has(`${r.id}@${r.answeredAt}`)) r.acked = true;
  });
  failpoint('acknowledged');
  if (updated.completedInDb && updated.responses.every((r) => r.acked)) {
    entry.remove();
    failpoint('journal-pruned');
    return true;
  }
  return false;
}

function toNewSession(session: JournalSession) {
  return {
    id: session.id,
    interviewType: session.interviewType,
    customDomain: session.customDomain,
    questionIds: session.questions.map((q) => q.questionId),
    config: session.config,
    startedAt: session.startedAt,
  };
}

function toSync(session: JournalSession): SessionSync {
  return {
    session: toNewSession(session),
    create: !session.createdInDb,
    responses: session.responses.filter((r) => !r.acked).map((r) => ({ ...r, sessionId: session.id })),
    position: session.position,
    completedAt: session.completedAt,
    duration: session.duration,
  };
}
