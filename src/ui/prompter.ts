import { createInterface, type Interface } from 'node:readline';
import { CancelledError } from '../errors.js';
import type { Answer } from '../interview/runner.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

/** Everything commands ask a person; tests pass a scripted one. */
export interface Prompter {
  select<T>(message: string, choices: Choice<T>[]): Promise<T>;
  number(message: string, options: { min: number; max: number; default?: number }): Promise<number>;
  /** A multi-line answer typed in the terminal, or written in $EDITOR. */
  answer(options: { editor: boolean }): Promise<Answer>;
}

export interface TerminalIO {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

type Prompts = typeof import('@inquirer/prompts');

/** @inquirer/prompts for menus and the editor; readline for typed answers. */
export class TerminalPrompter implements Prompter {
  private prompts: Prompts | null = null;
  private lines: LineReader | null = null;

  constructor(private readonly io: TerminalIO) {}

  async select<T>(message: string, choices: Choice<T>[]): Promise<T> {
    const { select } = await this.load();
    return this.guard(() => select<T>({ message, choices, pageSize: 12 }, this.context()));
  }

  async number(message: string, options: { min: number; max: number; default?: number }): Promise<number> {
    const { number } = await this.load();
    const value = await this.guard(() =>
      number({ message, min: options.min, max: options.max, default: options.default, required: true, step: 1 }, this.context()),
    );
    return value as number;
  }

  async answer(options: { editor: boolean }): Promise<Answer> {
    if (options.editor) return this.editorAnswer('');
    this.lines ??= new LineReader(this.io);
    const typed = await this.lines.readAnswer();
    return typed.kind === 'edit' ? this.editorAnswer(typed.draft ? `${typed.draft}\n` : '') : typed;
  }

  private async editorAnswer(draft: string): Promise<Answer> {
    const { editor } = await this.load();
    const text = await this.guard(() =>
      editor({ message: 'Answer in $EDITOR', default: draft, waitForUserInput: false, postfix: '.md' }, this.context()),
    );
    return text.trim() === '' ? { kind: 'skip' } : { kind: 'answer', text: text.replace(/\s+$/, '') };
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

export const ANSWER_HELP = `finish with a line holding only "." · ":edit" opens $EDITOR · ":skip" · ":stop"`;

/**
 * Reads answers line by line. On a terminal each answer gets its own readline (so inquirer has
 * the keyboard in between); from a pipe one reader is kept, so that no buffered line is lost.
 */
class LineReader {
  private piped: LineQueue | null = null;

  constructor(private readonly io: TerminalIO) {}

  async readAnswer(): Promise<Answer | { kind: 'edit'; draft: string }> {
    const source = this.io.input.isTTY ? new LineQueue(this.io, true) : (this.piped ??= new LineQueue(this.io, false));
    try {
      return await collectAnswer(source);
    } finally {
      if (source !== this.piped) source.close();
    }
  }
}

async function collectAnswer(source: LineQueue): Promise<Answer | { kind: 'edit'; draft: string }> {
  const lines: string[] = [];
  for (;;) {
    const line = await source.next(lines.length === 0 ? '› ' : '  ');
    if (line === null) return lines.length > 0 ? { kind: 'answer', text: lines.join('\n') } : { kind: 'stop' };
    const command = line.trim();
    if (command === '.') {
      const text = lines.join('\n').replace(/\s+$/, '');
      return text.trim() === '' ? { kind: 'skip' } : { kind: 'answer', text };
    }
    if (lines.length === 0 && command === ':skip') return { kind: 'skip' };
    if (lines.length === 0 && command === ':stop') return { kind: 'stop' };
    if (command === ':edit' || command === ':e') return { kind: 'edit', draft: lines.join('\n') };
    lines.push(line);
  }
}

class LineQueue {
  private readonly rl: Interface;
  private readonly queue: string[] = [];
  private waiting: { resolve: (line: string | null) => void; reject: (error: Error) => void } | null = null;
  private ended = false;
  private cancelled = false;

  constructor(
    io: TerminalIO,
    private readonly terminal: boolean,
  ) {
    this.rl = createInterface({ input: io.input, output: terminal ? io.output : undefined, terminal, historySize: 0 });
    this.rl.on('line', (line) => {
      const waiting = this.waiting;
      this.waiting = null;
      if (waiting) waiting.resolve(line);
      else this.queue.push(line);
    });
    this.rl.on('close', () => {
      this.ended = true;
      this.waiting?.resolve(null);
      this.waiting = null;
    });
    this.rl.on('SIGINT', () => {
      this.cancelled = true;
      this.waiting?.reject(new CancelledError());
      this.waiting = null;
    });
  }

  next(prompt: string): Promise<string | null> {
    if (this.cancelled) return Promise.reject(new CancelledError());
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift() as string);
    if (this.ended) return Promise.resolve(null);
    if (this.terminal) {
      this.rl.setPrompt(prompt);
      this.rl.prompt();
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  close(): void {
    this.rl.close();
  }
}
