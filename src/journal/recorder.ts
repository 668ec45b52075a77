import { DatabaseUnavailableError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { JournalResponse, SessionJournal } from './journal.js';
import { pushSession } from './replay.js';

export type SaveOutcome = 'saved' | 'queued';

export interface RecorderOptions {
  entry: SessionJournal;
  openStore: () => Promise<Store>;
  /** Called once, the first time the database cannot take a write. */
  onOffline: (error: Error) => void;
  /** How long a retry may wait once the database is known to be unreachable. */
  offlineRetryMs?: number;
  /** The caller already found the database unreachable and said so. */
  knownOffline?: boolean;
}

/**
 * The save order of every step of an interview: journal (durable), then the database,
 * then the acknowledgement in the journal. A database failure never fails the interview.
 */
export class Recorder {
  private store: Store | null = null;
  private offline: boolean;
  private told: boolean;

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
    this.entry.update((s) => {
      s.responses = s.responses.filter((r) => r.questionId !== response.questionId);
      s.responses.push({ ...response, acked: false });
      s.position = Math.max(s.position, position + 1);
      s.activeMs = activeMs;
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

  /** Records where the interview paused, so that a resume has the true time spent. */
  pause(activeMs: number): void {
    this.entry.update((s) => {
      s.activeMs = activeMs;
      s.pid = null;
    });
  }

  complete(completedAt: string, activeMs: number): Promise<SaveOutcome> {
    this.entry.update((s) => {
      s.activeMs = activeMs;
      s.completedAt = completedAt;
      s.duration = Math.round(activeMs / 1000);
      s.position = s.questions.length;
      s.pid = null;
    });
    return this.flush();
  }

  async close(): Promise<void> {
    await this.store?.close();
    this.store = null;
  }

  /** Pushes everything this session has queued; a failure leaves it queued. */
  async flush(): Promise<SaveOutcome> {
    try {
      const store = await this.withDeadline(this.connect());
      await this.withDeadline(pushSession(store, this.entry));
      this.offline = false;
      return 'saved';
    } catch (error) {
      // Whatever the database said, the answer is in the journal: the interview goes on.
      this.offline = true;
      await this.close().catch(() => {});
      if (!this.told) {
        this.told = true;
        this.options.onOffline(error as Error);
      }
      return 'queued';
    }
  }

  private async connect(): Promise<Store> {
    this.store ??= await this.options.openStore();
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
