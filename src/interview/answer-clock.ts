import type { AnswerTiming } from '../store/store.js';

/**
 * Times one answer on the clock it is given: thinking (question shown → first keystroke or
 * the editor opened), then writing (→ the answer sent), with paused time kept apart and
 * counted in neither. Input that never signalled its start (a pipe read at once, a script)
 * counts as writing from the moment the question was shown.
 */
export class AnswerClock {
  private readonly shownAt: number;
  private inputAt: number | null = null;
  private pausedSince: number | null = null;
  private pausedBeforeInput = 0;
  private pausedAfterInput = 0;

  constructor(
    private readonly clock: () => number,
    /** The answer's time limit, in seconds; null for none. */
    readonly limitSeconds: number | null,
  ) {
    this.shownAt = clock();
  }

  /** The first keystroke (or the editor opening); later calls change nothing. */
  inputStarted(): void {
    if (this.inputAt !== null) return;
    this.resume();
    this.inputAt = this.clock();
  }

  /** Whether the input signalled its start: without that (a pipe read at once) the writing time says nothing of the person. */
  get sawInput(): boolean {
    return this.inputAt !== null;
  }

  get paused(): boolean {
    return this.pausedSince !== null;
  }

  pause(): void {
    this.pausedSince ??= this.clock();
  }

  resume(): void {
    if (this.pausedSince === null) return;
    const pausedMs = this.clock() - this.pausedSince;
    if (this.inputAt === null) this.pausedBeforeInput += pausedMs;
    else this.pausedAfterInput += pausedMs;
    this.pausedSince = null;
  }

  /** Time counted so far, pauses excluded. */
  countedMs(): number {
    const now = this.pausedSince ?? this.clock();
    return Math.max(0, now - this.shownAt - this.pausedBeforeInput - this.pausedAfterInput);
  }

  /** Seconds left before the limit (negative once over it); null without a limit. */
  remainingSeconds(): number | null {
    return this.limitSeconds === null ? null : this.limitSeconds - this.countedMs() / 1000;
  }

  /** The answer was sent: how its time was spent. */
  finish(): AnswerTiming {
    this.resume();
    const end = this.clock();
    const inputAt = this.inputAt ?? this.shownAt;
    return {
      thinkingMs: Math.max(0, Math.round(inputAt - this.shownAt - this.pausedBeforeInput)),
      writingMs: Math.max(0, Math.round(end - inputAt - this.pausedAfterInput)),
      pausedMs: Math.round(this.pausedBeforeInput + this.pausedAfterInput),
    };
  }
}

/** An answer's duration in whole seconds: thinking and writing, never pauses. */
export function countedSeconds(timing: AnswerTiming): number {
  return Math.round((timing.thinkingMs + timing.writingMs) / 1000);
}
