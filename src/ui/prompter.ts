import type { Interface } from 'node:readline';
import { CancelledError } from '../errors.js';
import type { AnswerClock } from '../interview/answer-clock.js';
import type { Answer } from '../interview/runner.js';
import { formatDuration } from '../interview/text.js';
import type { Rating } from '../store/store.js';
import { EditorFailedError, editInEditor, editorCommand } from './editor.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

/** Everything commands ask a person; tests pass a scripted one. */
export interface Prompter {
  select<T>(message: string, choices: Choice<T>[]): Promise<T>;
  number(message: string, options: { min: number; max: number; default?: number }): Promise<number>;
  /** One line of text (an email address, a code). */
  text(message: string): Promise<string>;
  /** A secret (a password): nothing of it is shown while it is typed. */
  secret(message: string): Promise<string>;
  /**
   * A multi-line answer typed in the terminal, or written in $EDITOR. The clock is told of the
   * first keystroke (or the editor opening) and of pauses; with a limit, a terminal shows it
   * counting down.
   */
  answer(options: { editor: boolean; clock?: AnswerClock }): Promise<Answer>;
  /** One key: a, h, g or e (or 1–4) rates the answer; any other key skips (null). */
  rate(message: string): Promise<Rating | null>;
  /** The interview is over: the keyboard goes back, what was typed ahead is kept. */
  release(): void;
}

export interface TerminalIO {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  /** For $VISUAL and $EDITOR. */
  env: NodeJS.ProcessEnv;
}

type Prompts = typeof import('@inquirer/prompts');
type Typed = Answer | { kind: 'edit'; draft: string[] };

/** @inquirer/prompts for menus, readline for typed answers, the person's own editor. */
export class TerminalPrompter implements Prompter {
  private prompts: Prompts | null = null;
  private readonly lines: LineReader;
  /** Set once the editor failed: the rest of this run's answers are typed. */
  private editorFailed = false;

  constructor(private readonly io: TerminalIO) {
    this.lines = new LineReader(io);
  }

  async select<T>(message: string, choices: Choice<T>[]): Promise<T> {
    const { select } = await this.load();
    this.lines.release();
    return this.guard(() => select<T>({ message, choices, pageSize: 12 }, this.context()));
  }

  async number(message: string, options: { min: number; max: number; default?: number }): Promise<number> {
    const { number } = await this.load();
    this.lines.release();
    const value = await this.guard(() =>
      number({ message, min: options.min, max: options.max, default: options.default, required: true, step: 1 }, this.context()),
    );
    return value as number;
  }

  async text(message: string): Promise<string> {
    const { input } = await this.load();
    this.lines.release();
    return this.guard(() => input({ message, required: true }, this.context()));
  }

  async secret(message: string): Promise<string> {
    const { password } = await this.load();
    this.lines.release();
    return this.guard(() => password({ message }, this.context()));
  }

  async answer(options: { editor: boolean; clock?: AnswerClock }): Promise<Answer> {
    const clock = options.clock ?? null;
    let typed: Typed = options.editor && !this.editorFailed ? { kind: 'edit', draft: [] } : await this.lines.readAnswer([], clock);
    while (typed.kind === 'edit') {
      if (!this.editorFailed) return this.editorAnswer(typed.draft, clock);
      this.io.output.write('(the editor failed earlier in this interview: go on typing here)\n');
      typed = await this.lines.readAnswer(typed.draft, clock);
    }
    return typed;
  }

  async rate(message: string): Promise<Rating | null> {
    this.lines.release();
    const input = this.io.input as NodeJS.ReadStream;
    this.io.output.write(`${message} `);
    process.getBuiltinModule('node:readline').emitKeypressEvents(input);
    const wasRaw = input.isRaw;
    input.setRawMode?.(true);
    input.resume();
    try {
      const key = await new Promise<{ name?: string; ctrl?: boolean } | null>((resolve) => {
        const onKey = (_text: string | undefined, pressed: { name?: string; ctrl?: boolean } | undefined) => finish(pressed ?? {});
        const finish = (pressed: { name?: string; ctrl?: boolean } | null) => {
          input.removeListener('keypress', onKey);
          input.removeListener('end', onEnd);
          resolve(pressed);
        };
        const onEnd = () => finish(null);
        input.on('keypress', onKey);
        input.once('end', onEnd);
      });
      if (key?.ctrl && (key.name === 'c' || key.name === 'd')) {
        this.io.output.write('\n');
        throw new CancelledError();
      }
      const rating = (key?.name && RATING_KEYS[key.name]) || null;
      this.io.output.write(`${rating ?? 'not rated'}\n`);
      return rating;
    } finally {
      input.setRawMode?.(wasRaw ?? false);
      input.pause();
    }
  }

  release(): void {
    this.lines.release();
  }

  private async editorAnswer(draft: string[], clock: AnswerClock | null): Promise<Answer> {
    this.lines.release();
    clock?.inputStarted();
    this.io.output.write(`Opening ${editorCommand(this.io.env)}: write the answer, save and close to send it.\n`);
    let text: string;
    try {
      text = await editInEditor(draft.length > 0 ? `${draft.join('\n')}\n` : '', this.io.env, { keyboard: Boolean(this.io.input.isTTY) });
    } catch (error) {
      if (!(error instanceof EditorFailedError)) throw error;
      // The answer typed so far is the person's work: it stays, and typing goes on here.
      this.editorFailed = true;
      this.io.output.write(`! ${error.message}. Type the answer here instead${draft.length > 0 ? '; what you typed is kept:' : ':'}\n`);
      for (const line of draft) this.io.output.write(`  ${line}\n`);
      return this.answerFrom(await this.lines.readAnswer(draft, clock), clock);
    }
    const answer = text.replace(/\s+$/, '');
    if (answer.trim() === '') this.io.output.write('The editor was closed with nothing written: the question is skipped.\n');
    return answer.trim() === '' ? { kind: 'skip' } : { kind: 'answer', text: answer };
  }

  private async answerFrom(typed: Typed, clock: AnswerClock | null): Promise<Answer> {
    let next = typed;
    while (next.kind === 'edit') {
      this.io.output.write('(the editor failed: go on typing here)\n');
      next = await this.lines.readAnswer(next.draft, clock);
    }
    return next;
  }

  private context() {
    return { input: this.io.input, output: this.io.output, clearPromptOnDone: false };
  }

  private async load(): Promise<Prompts> {
    this.prompts ??= await import('@inquirer/prompts');
    return this.prompts;
  }

  private async guard<T>(ask: () => Promise<T>): Promise<T> {
    try {
      return await ask();
    } catch (error) {
      if ((error as Error).name === 'ExitPromptError' || (error as Error).name === 'AbortPromptError') throw new CancelledError();
      throw error;
    }
  }
}

const RATING_KEYS: Record<string, Rating> = { a: 'again', '1': 'again', h: 'hard', '2': 'hard', g: 'good', '3': 'good', e: 'easy', '4': 'easy' };

export const RATE_PROMPT = 'Rate it: [a]gain [h]ard [g]ood [e]asy, any other key skips ›';

export const ANSWER_HELP = `finish with a line holding only "." · ":edit" opens $EDITOR · ":skip" · ":stop"`;
/** Shown on a terminal only: a pipe cannot pause. */
export const PAUSE_HELP = 'Ctrl+P pauses the clock (again to go on) · Ctrl+Z suspends, `fg` comes back';

/**
 * Reads answers line by line, with one reader kept from answer to answer: lines typed or
 * pasted ahead (the next answer, before its question appeared) wait for it. On a terminal the
 * reader steps aside while a menu or the editor has the keyboard, and what it had read and
 * not used is handed to the next one.
 */
class LineReader {
  private source: LineQueue | null = null;
  private leftover: string[] = [];

  constructor(private readonly io: TerminalIO) {}

  async readAnswer(seed: string[], clock: AnswerClock | null): Promise<Typed> {
    const source = this.open();
    source.watch(clock);
    try {
      return await collectAnswer(source, seed);
    } finally {
      source.watch(null);
    }
  }

  release(): void {
    // A pipe is never handed to anything else: its reader keeps every buffered line.
    if (!this.source?.terminal) return;
    this.leftover.push(...this.source.close());
    this.source = null;
  }

  private open(): LineQueue {
    this.source ??= new LineQueue(this.io, Boolean(this.io.input.isTTY), this.leftover.splice(0));
    return this.source;
  }
}

async function collectAnswer(source: LineQueue, seed: string[]): Promise<Typed> {
  const lines = [...seed];
  // Lines typed before this question was shown were echoed above it: show them under it too.
  let typedBefore = source.waiting;
  for (;;) {
    const prompt = lines.length === 0 ? '› ' : '  ';
    const line = await source.next(prompt);
    if (line !== null && typedBefore > 0) {
      typedBefore--;
      source.show(`${prompt}${line}`);
    }
    if (line === null) {
      if (lines.length > 0) return { kind: 'answer', text: lines.join('\n') };
      // Ctrl+D at a terminal is the person stopping; a pipe that runs dry is input that ended.
      return source.terminal ? { kind: 'stop' } : { kind: 'end' };
    }
    const command = line.trim();
    if (command === '.') {
      const text = lines.join('\n').replace(/\s+$/, '');
      return text.trim() === '' ? { kind: 'skip' } : { kind: 'answer', text };
    }
    if (lines.length === 0 && command === ':skip') return { kind: 'skip' };
    if (lines.length === 0 && command === ':stop') return { kind: 'stop' };
    if (command === ':edit' || command === ':e') return { kind: 'edit', draft: lines };
    lines.push(line);
  }
}

/** How often a time limit's countdown is redrawn. */
const TICK_MS = 1000;

class LineQueue {
  private readonly rl: Interface;
  private ended = false;
  private cancelled = false;
  private wake: (() => void) | null = null;
  /** The clock of the answer being read, if any. */
  private clock: AnswerClock | null = null;
  private warned = false;
  private prompt = '';

  constructor(
    private readonly io: TerminalIO,
    readonly terminal: boolean,
    private readonly queue: string[],
  ) {
    this.rl = process.getBuiltinModule('node:readline').createInterface({ input: io.input, output: terminal ? io.output : undefined, terminal, historySize: 0 });
    this.rl.on('line', (line) => {
      this.clock?.inputStarted();
      this.queue.push(line);
      this.notify();
    });
    if (terminal) {
      io.input.on('keypress', this.onKeypress);
      // Ctrl+Z: the clock stops while the process is suspended, and starts again at `fg`.
      this.rl.on('SIGTSTP', () => this.suspend());
    }
    this.rl.on('close', () => {
      this.ended = true;
      this.notify();
    });
    this.rl.on('SIGINT', () => {
      this.cancelled = true;
      if (this.wake) return this.notify();
      // Between answers (a save under way) the reader still holds the terminal, so Ctrl+C
      // arrives here and not as a signal: it must act at once all the same. The shell's own
      // SIGINT handling pauses the interview; the answers given are in the journal already.
      this.rl.close();
      process.kill(process.pid, 'SIGINT');
    });
  }

  /** Lines read and not used yet. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Writes a line on a terminal (nothing is shown for a pipe). */
  show(line: string): void {
    if (this.terminal) this.io.output.write(`${line}\n`);
  }

  /** Times the answer being read (null between answers). */
  watch(clock: AnswerClock | null): void {
    this.clock = clock;
    this.warned = false;
  }

  /** The next line, or null at the end of input. */
  async next(prompt: string): Promise<string | null> {
    if (this.queue.length > 0) return this.queue.shift() as string;
    this.prompt = prompt;
    const ticker = this.terminal && this.clock?.limitSeconds ? setInterval(() => this.tick(), TICK_MS) : null;
    if (this.terminal && !this.ended) {
      this.rl.setPrompt(this.decorated());
      this.rl.prompt();
    }
    try {
      for (;;) {
        if (this.cancelled) throw new CancelledError();
        if (this.queue.length > 0) return this.queue.shift() as string;
        if (this.ended) return null;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      if (ticker) clearInterval(ticker);
    }
  }

  /** Stops reading; returns the lines read and not used. */
  close(): string[] {
    this.io.input.removeListener('keypress', this.onKeypress);
    this.rl.close();
    return this.queue.splice(0);
  }

  private readonly onKeypress = (_text: string | undefined, key: { ctrl?: boolean; name?: string } | undefined): void => {
    const clock = this.clock;
    if (!clock || !this.wake) return;
    if (key?.ctrl && key.name === 'p') {
      if (clock.paused) clock.resume();
      else clock.pause();
      this.note(clock.paused ? 'Paused: the clock is stopped. Ctrl+P to go on.' : 'Going on: the clock runs again.');
      return;
    }
    if (key?.ctrl && (key.name === 'z' || key.name === 'c' || key.name === 'd')) return;
    clock.inputStarted();
  };

  private suspend(): void {
    const clock = this.clock;
    clock?.pause();
    const input = this.io.input as NodeJS.ReadStream;
    process.once('SIGCONT', () => {
      input.setRawMode?.(true);
      // Coming back is not going on: a pause by Ctrl+P would want the same key to end it.
      clock?.resume();
      if (this.wake) this.rl.prompt(true);
    });
    input.setRawMode?.(false);
    process.kill(process.pid, 'SIGTSTP');
  }

  /** The prompt with the time left (or over) when the answer has a limit. */
  private decorated(): string {
    const remaining = this.clock?.remainingSeconds();
    if (remaining == null) return this.prompt;
    const left = remaining >= 0 ? formatDuration(Math.ceil(remaining)) : `+${formatDuration(Math.floor(-remaining))} over`;
    return `[${this.clock?.paused ? 'paused ' : ''}${left}] ${this.prompt}`;
  }

  private tick(): void {
    const clock = this.clock;
    if (!clock?.limitSeconds || !this.wake) return;
    const remaining = clock.remainingSeconds() ?? 0;
    if (!this.warned && remaining <= clock.limitSeconds * 0.2) {
      this.warned = true;
      this.note(`! 80% of the time limit is gone: ${formatDuration(Math.max(0, Math.ceil(remaining)))} left.`);
      return;
    }
    this.rl.setPrompt(this.decorated());
    this.rl.prompt(true);
  }

  /** A line of its own above the one being typed, which is drawn again beneath it. */
  private note(text: string): void {
    const { clearLine, cursorTo } = process.getBuiltinModule('node:readline');
    clearLine(this.io.output, 0);
    cursorTo(this.io.output, 0);
    this.io.output.write(`${text}\n`);
    this.rl.setPrompt(this.decorated());
    this.rl.prompt(true);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
