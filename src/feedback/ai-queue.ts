import type { AiFeedbackRecord } from '../store/store.js';
import { AiFeedbackError, requestAiFeedback, type AiEndpoint, type AiRequest } from './ai-client.js';

/** How long one request may take, and how long a command waits for those still running (AMPLIFY_AI_TIMEOUT_MS). */
export function aiTimeoutMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env.AMPLIFY_AI_TIMEOUT_MS);
  return Number.isSafeInteger(value) && value > 0 ? value : 60_000;
}

/** Requests at once: a local model serves one at a time anyway, and a hosted one rate-limits. */
const CONCURRENCY = 2;

export interface AiOutcome {
  responseId: string;
  /** Null once stored; otherwise why not (one line). */
  failure: string | null;
}

/**
 * A model's feedback on each answer, asked for while the person goes on to the next question.
 * Nothing here ever throws into the interview: each request ends as stored or as a failure
 * to report, and `settle` waits for what is still running only up to a deadline.
 */
export class AiFeedbackQueue {
  private readonly waiting: { responseId: string; request: AiRequest }[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly outcomes: AiOutcome[] = [];
  private readonly abort = new AbortController();

  constructor(
    private readonly endpoint: AiEndpoint,
    private readonly save: (responseId: string, feedback: AiFeedbackRecord) => Promise<boolean>,
    private readonly options: { timeoutMs: number; now: () => Date },
  ) {}

  /** Requests not finished yet. */
  get pending(): number {
    return this.waiting.length + this.running.size;
  }

  add(responseId: string, request: AiRequest): void {
    this.waiting.push({ responseId, request });
    this.pump();
  }

  /** Waits for every request, up to `deadlineMs` in all; what is still running then is abandoned and reported. */
  async settle(deadlineMs: number): Promise<AiOutcome[]> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadlineMs)));
    try {
      while (this.running.size > 0 || this.waiting.length > 0) {
        if ((await Promise.race([Promise.race(this.running), deadline])) === 'late') break;
      }
    } finally {
      clearTimeout(timer);
    }
    if (this.running.size > 0 || this.waiting.length > 0) {
      this.abort.abort();
      for (const { responseId } of this.waiting.splice(0)) this.outcomes.push({ responseId, failure: 'not asked before the interview ended' });
      await Promise.allSettled([...this.running]);
    }
    return this.outcomes;
  }

  private pump(): void {
    while (this.running.size < CONCURRENCY && this.waiting.length > 0) {
      const next = this.waiting.shift() as { responseId: string; request: AiRequest };
      const job = this.ask(next.responseId, next.request).finally(() => {
        this.running.delete(job);
        this.pump();
      });
      this.running.add(job);
    }
  }

  private async ask(responseId: string, request: AiRequest): Promise<void> {
    try {
      const feedback = await requestAiFeedback(this.endpoint, request, { timeoutMs: this.options.timeoutMs, now: this.options.now, signal: this.abort.signal });
      const stored = await this.save(responseId, feedback);
      this.outcomes.push({ responseId, failure: stored ? null : 'the answer is no longer in the database' });
    } catch (error) {
      this.outcomes.push({ responseId, failure: error instanceof AiFeedbackError ? error.message : `it could not be stored (${error instanceof Error ? error.message : String(error)})` });
    }
  }
}
