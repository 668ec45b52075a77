import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { JournalWriteError } from '../errors.js';
import type { ProcessIdentity } from '../process-identity.js';
import { anyObject, arrayOf, boolean, integer, nullable, number, object, oneOf, optional, problemOf, string, timestamp, type Schema } from '../schema.js';
import { INTERVIEW_TYPES, RATINGS, SESSION_TYPES, type AnswerTiming, type FeedbackDocument, type InterviewType, type Rating, type SessionType } from '../store/store.js';
import { moveAsideAsCorrupt, readJson, writeFileAtomically } from '../json-files.js';
import { ownerOfLegacyEntry, thisProcess } from './ownership.js';
import { failpoint } from './failpoint.js';

/** One answer as the journal holds it; `acked` once the database confirmed it. */
export interface JournalResponse {
  id: string;
  questionId: string;
  responseText: string;
  duration: number;
  answeredAt: string;
  acked: boolean;
  /** Absent in entries written before answers were timed and given feedback. */
  timing?: AnswerTiming | null;
  timeLimitSeconds?: number | null;
  feedback?: FeedbackDocument | null;
  /** The person's rating, asked after the answer was saved. */
  rating?: Rating | null;
}

export interface JournalQuestion {
  questionId: string;
  questionText: string;
  difficulty: string;
  /** For the feedback, offline too; absent in older entries. */
  keyPoints?: string[];
  /** The question's own type: what the feedback judges it as in a mixed session. Absent in older entries. */
  interviewType?: InterviewType;
  customDomain?: string | null;
  /** The question's own time limit, which its turn uses before the session's. */
  timeLimitSeconds?: number | null;
}

/** The write-ahead log of one interview session. */
export interface JournalSession {
  id: string;
  interviewType: SessionType;
  customDomain: string | null;
  config: Record<string, unknown>;
  questions: JournalQuestion[];
  startedAt: string;
  /** Index of the next question to ask. */
  position: number;
  skipped: string[];
  /** Time spent in the interview, summed over every process that ran it. */
  activeMs: number;
  responses: JournalResponse[];
  createdInDb: boolean;
  positionInDb: number;
  completedAt: string | null;
  duration: number | null;
  completedInDb: boolean;
  /** The process running the interview now; others leave the entry alone. See ownership.ts. */
  owner: ProcessIdentity | null;
  /** The owner's pid, as versions before `owner` recorded it: written for them, read only to convert. */
  pid: number | null;
  /** Set when sync found the session gone from the database: kept, reported, never dropped. */
  orphaned: boolean;
  /**
   * The database (`backendIdentity`) and user the answers go to. Null in entries written
   * before they were recorded: those go wherever the settings point. See destination.ts.
   */
  database: string | null;
  userId: string | null;
}

/** A session as the journal first holds it: nothing answered, nothing sent, run by this process. */
export function newJournalSession(
  fields: Pick<JournalSession, 'id' | 'interviewType' | 'customDomain' | 'config' | 'questions' | 'startedAt'> & Partial<JournalSession>,
): JournalSession {
  return {
    position: 0,
    skipped: [],
    activeMs: 0,
    responses: [],
    createdInDb: false,
    positionInDb: 0,
    completedAt: null,
    duration: null,
    completedInDb: false,
    owner: thisProcess(),
    pid: process.pid,
    orphaned: false,
    database: null,
    userId: null,
    ...fields,
  };
}

/** A session file that was not used: moved aside (bad content, kept for a person to read) or skipped (cannot be read at all). */
export interface JournalProblem {
  file: string;
  /** Where the file now is; null when it was left in place and skipped. */
  movedTo: string | null;
  /** What was wrong: an errno code, "not JSON", or the first field that does not fit. */
  reason: string;
}

const FILE_PREFIX = 'session-';
const SESSION_FILE = /^session-[0-9a-f-]{36}\.json$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The analyser's document is kept as it was written; its version and score are what the database checks.
const feedbackDocument = object({ version: integer(1), score: integer(0, 100) }) as unknown as Schema<FeedbackDocument>;

const journalSessionSchema = object({
  id: string(UUID, 'a session id'),
  interviewType: oneOf(SESSION_TYPES),
  customDomain: nullable(string()),
  config: anyObject,
  questions: arrayOf(
    object({
      questionId: string(),
      questionText: string(),
      difficulty: string(),
      keyPoints: optional(arrayOf(string())),
      interviewType: optional(oneOf(INTERVIEW_TYPES)),
      customDomain: optional(nullable(string())),
      timeLimitSeconds: optional(nullable(integer(1))),
    }),
  ),
  startedAt: timestamp,
  position: integer(0),
  skipped: arrayOf(string()),
  activeMs: number(0),
  responses: arrayOf(
    object({
      id: string(UUID, 'a response id'),
      questionId: string(),
      responseText: string(),
      duration: integer(0),
      answeredAt: timestamp,
      acked: boolean,
      timing: optional(nullable(object({ thinkingMs: integer(0), writingMs: integer(0), pausedMs: integer(0) }))),
      timeLimitSeconds: optional(nullable(integer(1))),
      feedback: optional(nullable(feedbackDocument)),
      rating: optional(nullable(oneOf(RATINGS))),
    }),
  ),
  createdInDb: boolean,
  positionInDb: integer(0),
  completedAt: nullable(timestamp),
  duration: nullable(integer(0)),
  completedInDb: boolean,
  owner: optional(nullable(object({ pid: integer(1), host: string(), bootId: optional(string()), startTicks: optional(integer(0)) }))),
  pid: nullable(integer(1)),
  orphaned: boolean,
  database: optional(nullable(string())),
  userId: optional(nullable(string())),
});
// The schema describes no more than the interface promises (the optional fields are filled in when absent).
const _schemaFitsType: Schema<
  Omit<JournalSession, 'owner' | 'database' | 'userId'> & { owner: ProcessIdentity | null | undefined; database: string | null | undefined; userId: string | null | undefined }
> = journalSessionSchema;

/** Why `value`, read from the file of session `id`, is not a journal entry amplify can use; null when it is. */
export function journalSessionProblem(value: unknown, id: string): string | null {
  const problem = problemOf(journalSessionSchema, value);
  if (problem) return problem;
  const session = value as JournalSession;
  if (session.id !== id) return `id: expected ${id}, the id in the file's name, got ${session.id}`;
  if (session.position > session.questions.length) return `position: expected at most ${session.questions.length}, the number of questions, got ${session.position}`;
  return null;
}

/**
 * A directory of small JSON files, one per session, so that two interviews never share a
 * file. Read directly and checked against the schema: a file that fails is moved aside (or,
 * when it cannot be read at all, skipped) and reported, never used and never fatal.
 */
export class Journal {
  readonly problems: JournalProblem[] = [];

  constructor(private readonly dir: string) {}

  create(session: JournalSession): SessionJournal {
    const file = this.fileOf(session.id);
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new JournalWriteError(file, { cause: error });
    }
    const entry = new SessionJournal(file, session);
    entry.update(() => {});
    failpoint('session-journaled');
    return entry;
  }

  open(sessionId: string): SessionJournal | null {
    return this.openFile(this.fileOf(sessionId), sessionId);
  }

  /** Every session in the journal, newest first. */
  list(): SessionJournal[] {
    let files: string[];
    try {
      files = readdirSync(this.dir).filter((f) => SESSION_FILE.test(f));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      if (code !== 'ENOENT') this.problems.push({ file: this.dir, movedTo: null, reason: code });
      return [];
    }
    return files
      .map((file) => this.openFile(join(this.dir, file), file.slice(FILE_PREFIX.length, -'.json'.length)))
      .filter((entry): entry is SessionJournal => entry !== null)
      .sort((a, b) => b.data.startedAt.localeCompare(a.data.startedAt));
  }

  /** Reads the file once. */
  private openFile(file: string, sessionId: string): SessionJournal | null {
    const read = readJson(file);
    if (!read.ok) {
      if (read.reason === 'missing') return null;
      // An I/O failure (a directory in its place, no permission) says nothing about the
      // content: the file stays where it is for a person to look at.
      if (read.reason === 'unreadable') this.problems.push({ file, movedTo: null, reason: read.detail });
      else this.moveAside(file, read.detail);
      return null;
    }
    const problem = journalSessionProblem(read.value, sessionId);
    if (problem) {
      this.moveAside(file, problem);
      return null;
    }
    const session = read.value as Omit<JournalSession, 'owner' | 'database' | 'userId'> & { owner?: ProcessIdentity | null; database?: string | null; userId?: string | null };
    session.database ??= null;
    session.userId ??= null;
    // Only an entry without the field is an older version's (null is "no process runs it").
    if (session.owner === undefined) {
      session.owner = session.pid === null ? null : ownerOfLegacyEntry(session.pid, file);
      // Written back so, an older version reading the entry does not take it for busy either.
      if (session.owner === null) session.pid = null;
    }
    return new SessionJournal(file, session as JournalSession);
  }

  private moveAside(file: string, reason: string): void {
    try {
      this.problems.push({ file, movedTo: moveAsideAsCorrupt(file), reason });
    } catch (error) {
      // Another process moved it first: it reports it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.problems.push({ file, movedTo: null, reason: `${reason}; could not be moved aside: ${(error as NodeJS.ErrnoException).code}` });
    }
  }

  private fileOf(sessionId: string): string {
    if (!UUID.test(sessionId)) throw new Error(`not a session id: ${sessionId}`);
    return join(this.dir, `${FILE_PREFIX}${sessionId}.json`);
  }
}

/** Every mutation is on disk (written whole, and synced) before it returns. */
export class SessionJournal {
  constructor(
    readonly path: string,
    private cached: JournalSession,
  ) {}

  get data(): JournalSession {
    return this.cached;
  }

  /** Applies `change` and writes the result; when the write fails, nothing changed, not even in memory. */
  update(change: (session: JournalSession) => void): JournalSession {
    const session = structuredClone(this.cached);
    change(session);
    try {
      writeFileAtomically(this.path, JSON.stringify(session), { durable: true });
    } catch (error) {
      throw new JournalWriteError(this.path, { cause: error });
    }
    this.cached = session;
    return session;
  }

  remove(): void {
    try {
      rmSync(this.path, { force: true });
    } catch (error) {
      throw new JournalWriteError(this.path, { cause: error });
    }
  }
}

export interface PendingWork {
  responses: number;
  needsCreate: boolean;
  needsPosition: boolean;
  needsComplete: boolean;
  /** Anything at all to send, or a finished entry waiting to be pruned. */
  any: boolean;
}

export function pendingWork(session: JournalSession): PendingWork {
  const responses = session.responses.filter((r) => !r.acked).length;
  const needsCreate = !session.createdInDb;
  const needsPosition = session.completedAt === null && session.position > session.positionInDb;
  const needsComplete = session.completedAt !== null && !session.completedInDb;
  return { responses, needsCreate, needsPosition, needsComplete, any: responses > 0 || needsCreate || needsPosition || needsComplete || session.completedInDb };
}
