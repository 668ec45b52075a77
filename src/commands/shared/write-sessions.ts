import { isDatabaseRefusal } from '../../errors.js';
import { inBatches } from '../../store/batches.js';
import type { ExportedSession, Store } from '../../store/store.js';

/** What writing whole sessions did: how many went in, and which the target refused and why. */
export interface WriteReport {
  sessions: number;
  responses: number;
  refused: { id: string; reason: string }[];
}

/**
 * Writes whole sessions (`db copy`, `import`): one sync call per batch, each part idempotent,
 * so a second run duplicates nothing. A session the target refuses is named in the report and
 * blocks no other.
 */
export async function writeSessions(target: Store, sessions: ExportedSession[], report: WriteReport): Promise<void> {
  for (const batch of inBatches(sessions, (s) => s.responses)) await send(target, batch, report);
}

export function countSessions(sessions: ExportedSession[], report: WriteReport): void {
  report.sessions += sessions.length;
  report.responses += sessions.reduce((n, s) => n + s.responses.length, 0);
}

/**
 * One call for the batch; if the target refuses it, each half again, down to the session it
 * refuses: one bad session among n costs about 2·log2(n) more calls instead of n, and blocks
 * no other.
 */
async function send(target: Store, batch: ExportedSession[], report: WriteReport): Promise<void> {
  let outcomes;
  try {
    outcomes = await target.syncSessions(batch.map((s) => ({ ...s, create: true })));
  } catch (error) {
    if (!isDatabaseRefusal(error)) throw error;
    if (batch.length === 1) return void report.refused.push({ id: (batch[0] as ExportedSession).session.id, reason: (error as Error).message });
    const half = Math.ceil(batch.length / 2);
    await send(target, batch.slice(0, half), report);
    await send(target, batch.slice(half), report);
    return;
  }
  const missing = new Set(outcomes.filter((o) => o.outcome === 'missing').map((o) => o.sessionId));
  for (const session of batch) {
    if (missing.has(session.session.id)) report.refused.push({ id: session.session.id, reason: 'a session with this id belongs to another account there' });
    else countSessions([session], report);
  }
}
