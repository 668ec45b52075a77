import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import type { InterviewType } from '../store/store.js';

/** One answer as the journal holds it; `acked` once the database confirmed it. */
export interface JournalResponse {
  id: string;
  questionId: string;
  responseText: string;
  duration: number;
  answeredAt: string;
  acked: boolean;
}

export interface JournalQuestion {
  questionId: string;
  questionText: string;
  difficulty: string;
}

/** The write-ahead log of one interview session. */
export interface JournalSession {
  id: string;
  interviewType: InterviewType;
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
  /** The process running the interview now; others leave the entry alone. */
  pid: number | null;
  /** Set when sync found the session gone from the database: kept, reported, never dropped. */
  orphaned: boolean;
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
    pid: process.pid,
    orphaned: false,
    ...fields,
  };
}

export interface JournalProblem {
  file: string;
  movedTo: string;
}

const FILE_PREFIX = 'session-';
const SESSION_FILE = /^session-[0-9a-f-]{36}\.json$/;

/** A directory of small conf files, one per session, so that two interviews never share a file. */
export class Journal {
  readonly problems: JournalProblem[] = [];

  constructor(private readonly dir: string) {}

  create(session: JournalSession): SessionJournal {
    const entry = this.conf(session.id);
    entry.store = session;
    return new SessionJournal(entry, session);
  }

  open(sessionId: string): SessionJournal | null {
    if (!existsSync(join(this.dir, `${FILE_PREFIX}${sessionId}.json`))) return null;
    return this.openFile(`${FILE_PREFIX}${sessionId}.json`);
  }

  /** Every session in the journal, newest first. Corrupt files are moved aside and reported. */
  list(): SessionJournal[] {
    let files: string[];
    try {
      files = readdirSync(this.dir).filter((f) => SESSION_FILE.test(f));
    } catch {
      return [];
    }
    return files
      .map((file) => this.openFile(file))
      .filter((entry): entry is SessionJournal => entry !== null)
      .sort((a, b) => b.data.startedAt.localeCompare(a.data.startedAt));
  }

  /** Reads the file once; an empty object (a file conf has just created) is no session. */
  private openFile(file: string): SessionJournal | null {
    const name = file.replace(/\.json$/, '');
    try {
      const entry = this.conf(name.slice(FILE_PREFIX.length));
      const store: unknown = entry.store;
      if (Object.keys(store ?? {}).length === 0) return null;
      // Valid JSON that is not a session (a hand edit) is as unreadable as a torn write.
      if (!isJournalSession(store)) throw new SyntaxError('not a journal session');
      return new SessionJournal(entry, store);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      const path = join(this.dir, file);
      const movedTo = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      try {
        renameSync(path, movedTo);
        this.problems.push({ file: path, movedTo });
      } catch {
        // another process moved it first
      }
      return null;
    }
  }

  private conf(sessionId: string): Conf<JournalSession> {
    if (!/^[0-9a-f-]{36}$/.test(sessionId)) throw new Error(`not a session id: ${sessionId}`);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return new Conf<JournalSession>({
      cwd: this.dir,
      configName: `${FILE_PREFIX}${sessionId}`,
      serialize: (value) => JSON.stringify(value),
      configFileMode: 0o600,
    });
  }
}

/** Every mutation is written to disk (atomically, with fsync) before it returns. */
export class SessionJournal {
  constructor(
    private readonly entry: Conf<JournalSession>,
    private cached: JournalSession,
  ) {}

  get data(): JournalSession {
    return this.cached;
  }

  get path(): string {
    return this.entry.path;
  }

  update(change: (session: JournalSession) => void): JournalSession {
    const session = structuredClone(this.cached);
    change(session);
    this.entry.store = session;
    this.cached = session;
    return session;
  }

  remove(): void {
    rmSync(this.entry.path, { force: true });
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

function isJournalSession(value: unknown): value is JournalSession {
  const s = value as Partial<JournalSession> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    !Array.isArray(s) &&
    typeof s.id === 'string' &&
    typeof s.startedAt === 'string' &&
    Array.isArray(s.questions) &&
    Array.isArray(s.responses) &&
    Array.isArray(s.skipped)
  );
}
