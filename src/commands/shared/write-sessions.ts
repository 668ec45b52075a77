import { isDatabaseRefusal } from '../../errors.js';
import type { ExportedSession, Store } from '../../store/store.js';

/** What writing whole sessions did: how many went in, and which the target refused and why. */
export interface WriteReport {
  sessions: number;
  responses: number;
  refused: { id: string; reason: string }[];
}

/** What one write may carry, as sync's batches: answers, and bytes (an API gateway limits a body). */
const BATCH = { responses: 5000, bytes: 4 * 1024 * 1024 };

/**
 * Writes whole sessions (`db copy`, `import`): one sync call per batch, each part idempotent,
 * so a second run duplicates nothing. A session the target refuses is named in the report and
 * blocks no other.
 */
export async function writeSessions(target: Store, sessions: ExportedSession[], report: WriteReport): Promise<void> {
  for (const batch of batches(sessions)) await send(target, batch, report);
}

export function countSessions(sessions: ExportedSession[], report: WriteReport): void {
  report.sessions += sessions.length;
  report.responses += sessions.reduce((n, s) => n + s.responses.length, 0);
}

function batches(page: ExportedSession[]): ExportedSession[][] {
  const out: ExportedSession[][] = [[]];
  let responses = 0;
  let bytes = 0;
  for (const session of page) {
    const size = session.responses.reduce((n, r) => n + Buffer.byteLength(r.responseText) + 200, 0);
    const current = out.at(-1) as ExportedSession[];
    if (current.length > 0 && (responses + session.responses.length > BATCH.responses || bytes + size > BATCH.bytes)) {
      out.push([]);
      responses = 0;
      bytes = 0;
    }
    (out.at(-1) as ExportedSession[]).push(session);
    responses += session.responses.length;
    bytes += size;
  }
  return out;
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
