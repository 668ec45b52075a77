import { AuthError, DatabaseUnavailableError, isDatabaseRefusal, JournalWriteError } from '../errors.js';
import type { Rating, Store } from '../store/store.js';
import type { JournalResponse, SessionJournal } from './journal.js';
import { failpoint } from './failpoint.js';
import { pushSession } from './replay.js';

export type SaveOutcome = 'saved' | 'queued';

export interface RecorderOptions {
  entry: SessionJournal;
  openStore: () => Promise<Store>;
  /** Called once, the first time the database cannot take a write (unreachable, refusing it, or the sign-in lapsed). */
  onOffline: (error: Error) => void;
  /** How long a retry may wait once the database is known to be unreachable. */
  offlineRetryMs?: number;
  /** The caller already found the database unreachable and said so. */
  knownOffline?: boolean;
}

/**
 * The save order of every step of an interview: journal (durable), then the database,
 * then the acknowledgement in the journal. A database that is unreachable or refuses a
 * write never fails the interview: the step stays queued in the journal. A journal that
 * cannot be written fails it at once (JournalWriteError): nothing may be shown as saved.
 * Anything else is a bug and is thrown, once the step is safe in the journal.
 */
export class Recorder {
  private store: Store | null = null;
  private offline: boolean;
  private told: boolean;
  /** Set when the sign-in was refused: the answers wait in the journal for `amplify login`. */
  authFailure: AuthError | null = null;

  constructor(private readonly options: RecorderOptions) {
    this.offline = this.told = options.knownOffline ?? false;
  }

  get entry(): SessionJournal {
    return this.options.entry;
  }

  /** Creates the session in the database (the journal entry exists already). */
  begin(): Promise<SaveOutcome> {
    return this.flush();
  }

  saveAnswer(position: number, response: Omit<JournalResponse, 'acked'>, activeMs: number): Promise<SaveOutcome> {
    try {
      this.entry.update((s) => {
        s.responses = s.responses.filter((r) => r.questionId !== response.questionId);
        s.responses.push({ ...response, acked: false });
        s.position = Math.max(s.position, position + 1);
        s.activeMs = activeMs;
      });
    } catch (error) {
      // The answer exists only in memory now: it travels with the error, to be handed back.
      if (error instanceof JournalWriteError) error.unsavedAnswer = response.responseText;
      throw error;
    }
    failpoint('answer-journaled');
    return this.flush();
  }

  /** Adds the person's rating to an answer already recorded, and sends the answer again with it. */
  rate(questionId: string, rating: Rating): Promise<SaveOutcome> {
    this.entry.update((s) => {
      for (const r of s.responses) {
        if (r.questionId === questionId) Object.assign(r, { rating, acked: false });
      }
    });
    return this.flush();
  }

  skip(position: number, activeMs: number): Promise<SaveOutcome> {
    this.entry.update((s) => {
      const question = s.questions[position];
      if (question && !s.skipped.includes(question.questionId)) s.skipped.push(question.questionId);
      s.position = Math.max(s.position, position + 1);
      s.activeMs = activeMs;
    });
    return this.flush();
  }

  /**
   * Records where the interview paused, so that a resume has the true time spent. Called on
   * the way out, also after a failed journal write: a journal that cannot take this either
   * loses only the time since the last save, and the error that ended the interview is the
   * one to report.
   */
  pause(activeMs: number): void {
    try {
      this.entry.update((s) => {
        s.activeMs = activeMs;
        s.owner = null;
        s.pid = null;
      });
    } catch (error) {
      if (!(error instanceof JournalWriteError)) throw error;
    }
  }

  complete(completedAt: string, activeMs: number): Promise<SaveOutcome> {
    this.entry.update((s) => {
      s.activeMs = activeMs;
      s.completedAt = completedAt;
      s.duration = Math.round(activeMs / 1000);
      s.position = s.questions.length;
      s.owner = null;
      s.pid = null;
    });
    failpoint('completion-journaled');
    return this.flush();
  }

  /**
   * Deletes a session nobody answered (its input had ended), from the database when it got
   * there and then from the journal. If the database cannot be reached the entry stays, to be
   * sent and seen like any other unfinished interview.
   */
  async discard(): Promise<void> {
    if (this.entry.data.createdInDb) {
      try {
        const store = await this.withDeadline(this.connect());
        await this.withDeadline(store.discardSession(this.entry.data.id));
      } catch (error) {
        if (error instanceof DatabaseUnavailableError) return;
        throw error;
      }
    }
    this.entry.remove();
  }

  async close(): Promise<void> {
    await this.store?.close();
    this.store = null;
  }

  /** Pushes everything this session has queued; an unreachable or refusing database leaves it queued. */
  async flush(): Promise<SaveOutcome> {
    try {
      const store = await this.withDeadline(this.connect());
      await this.withDeadline(pushSession(store, this.entry));
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError) && !(error instanceof AuthError) && !isDatabaseRefusal(error)) throw error;
      // The step is in the journal: the interview goes on, and sync sends it later.
      if (error instanceof AuthError) this.authFailure = error;
      this.offline = true;
      await this.close();
      if (!this.told) {
        this.told = true;
        this.options.onOffline(error);
      }
      return 'queued';
    }
    this.offline = false;
    this.authFailure = null;
    return 'saved';
  }

  private async connect(): Promise<Store> {
    try {
      this.store ??= await this.options.openStore();
    } catch (error) {
      // The operating system refusing what opening the database needs (its directory, socket
      // or process: a syscall error) is the database being unavailable, not a bug in amplify.
      if (error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string') {
        throw new DatabaseUnavailableError(`the database cannot be opened (${error.message})`, { cause: error });
      }
      throw error;
    }
    return this.store;
  }

  private withDeadline<T>(work: Promise<T>): Promise<T> {
    if (!this.offline) return work;
    const ms = this.options.offlineRetryMs ?? 1000;
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new DatabaseUnavailableError(`still unreachable after ${ms} ms`)), ms);
      }),
    ]).finally(() => clearTimeout(timer));
  }
}
