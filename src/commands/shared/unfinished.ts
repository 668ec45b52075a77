import type { Context } from '../../context.js';
import { DatabaseUnavailableError, isDatabaseRefusal, UserError } from '../../errors.js';
import { belongsTo } from '../../journal/destination.js';
import { journalSessionFromDetail } from '../../journal/from-database.js';
import type { SessionJournal } from '../../journal/journal.js';
import { runningElsewhere, takeOver } from '../../journal/ownership.js';
import { pushSession } from '../../journal/replay.js';
import { formatDate, typeLabel } from '../../interview/text.js';
import type { SessionType, Store } from '../../store/store.js';
import { currentDestination } from './destination.js';

export interface Unfinished {
  id: string;
  interviewType: SessionType;
  customDomain: string | null;
  questionCount: number;
  answeredCount: number;
  startedAt: string;
  /** Another amplify process is running this interview right now. */
  runningPid: number | null;
}

/** Incomplete sessions from the journal and from the database (another machine's count), newest first. */
export async function findUnfinished(ctx: Context, store: Store | null): Promise<Unfinished[]> {
  const found = new Map<string, Unfinished>();
  const here = await currentDestination(ctx);
  if (store) {
    for (const s of await store.incompleteSessions()) found.set(s.id, { ...s, runningPid: null });
  }
  for (const entry of (await ctx.journal()).list()) {
    const s = entry.data;
    // Another database's interview is resumed, and sent, once the settings point there again.
    if (!belongsTo(s, here)) continue;
    if (s.completedAt !== null) {
      // Finished here but maybe not yet in the database (killed between the two): send it now.
      if (store && !s.completedInDb) await pushFinished(store, entry);
      found.delete(s.id);
      continue;
    }
    if (s.orphaned) continue;
    found.set(s.id, {
      id: s.id,
      interviewType: s.interviewType,
      customDomain: s.customDomain,
      questionCount: s.questions.length,
      answeredCount: s.responses.length,
      startedAt: s.startedAt,
      runningPid: runningElsewhere(s)?.pid ?? null,
    });
  }
  await warnAboutJournal(ctx);
  return [...found.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/** Best effort: what the database cannot take now stays in the journal for `amplify sync`. */
async function pushFinished(store: Store, entry: SessionJournal): Promise<void> {
  try {
    await pushSession(store, entry);
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError) && !isDatabaseRefusal(error)) throw error;
  }
}

export function unfinishedLabel(u: Unfinished, shownId = u.id.slice(0, 8)): string {
  const running = u.runningPid ? ` · running in another terminal (pid ${u.runningPid})` : '';
  return `${typeLabel(u.interviewType, u.customDomain)} · started ${formatDate(u.startedAt)} · ${u.answeredCount}/${u.questionCount} answered · ${shownId}${running}`;
}

/** Makes this process the one running the session, rebuilding its journal entry from the database if needed. */
export async function claimSession(ctx: Context, store: Store | null, sessionId: string): Promise<SessionJournal> {
  const entry = (await ctx.journal()).open(sessionId);
  const here = await currentDestination(ctx);
  if (entry && !belongsTo(entry.data, here)) throw otherDatabase(entry.data);
  if (entry) {
    if (entry.data.completedAt !== null) throw new UserError(`session ${sessionId.slice(0, 8)} is already complete`, `See it with \`amplify show ${sessionId.slice(0, 8)}\`.`);
    const running = runningElsewhere(entry.data);
    if (running) {
      throw new UserError(`session ${sessionId.slice(0, 8)} is running in another terminal (pid ${running.pid})`, 'Finish it there, or stop that process first.');
    }
    entry.update(takeOver);
    return entry;
  }
  if (!store) throw new DatabaseUnavailableError('the database is unreachable and this session is not in the local journal');
  const detail = await store.sessionDetail(sessionId);
  if (!detail) throw new UserError(`no session ${sessionId}`);
  if (detail.completedAt) throw new UserError(`session ${sessionId.slice(0, 8)} is already complete`, `See it with \`amplify show ${sessionId.slice(0, 8)}\`.`);
  return (await ctx.journal()).create(journalSessionFromDetail(detail, here));
}

/** An id that names only another database's session in this journal is refused as such. */
export async function refuseOtherDatabase(ctx: Context, idPrefix: string): Promise<void> {
  const here = await currentDestination(ctx);
  const other = (await ctx.journal()).list().find((e) => e.data.id.startsWith(idPrefix) && !belongsTo(e.data, here));
  if (other) throw otherDatabase(other.data);
}

function otherDatabase(session: SessionJournal['data']): UserError {
  return new UserError(
    `session ${session.id.slice(0, 8)} belongs to another database (${session.database})`,
    'Point amplify at that database again to resume it (`amplify config`, AMPLIFY_DATABASE_URL).',
  );
}

export async function discardSession(ctx: Context, store: Store | null, sessionId: string): Promise<void> {
  const entry = (await ctx.journal()).open(sessionId);
  const running = entry && runningElsewhere(entry.data);
  if (running) throw new UserError(`session ${sessionId.slice(0, 8)} is running in another terminal (pid ${running.pid})`);
  if (store) await store.discardSession(sessionId);
  else if (entry?.data.createdInDb) throw new DatabaseUnavailableError('the database is unreachable: the session cannot be discarded there now');
  entry?.remove();
}

export async function warnAboutJournal(ctx: Context): Promise<void> {
  const journal = await ctx.journal();
  for (const { file, movedTo, reason } of journal.problems.splice(0)) {
    ctx.stderr.write(
      ctx.stderr.style.yellow(
        movedTo
          ? `warning: a journal file was unreadable (${reason}) and has been moved aside: ${movedTo}\n`
          : `warning: a journal file cannot be read (${reason}) and is skipped: ${file}\n`,
      ),
    );
  }
}
