import pty from '@lydell/node-pty';
import { BIN } from './cli.js';

export interface PtyExit {
  code: number;
  /** The signal that ended the process, or null when it exited by itself. */
  signal: number | null;
}

export interface PtyRun {
  readonly pid: number;
  /** Everything printed so far, ANSI sequences and carriage returns removed. */
  output(): string;
  /** Resolves with the offset just after the first match found at or after `since`. */
  waitFor(pattern: string | RegExp, options?: { since?: number; timeoutMs?: number }): Promise<number>;
  /** Sends keys as typed: "\r" is Enter, "\x03" is Ctrl+C, "\x1b[B" is the down arrow. */
  write(keys: string): void;
  kill(signal: NodeJS.Signals): void;
  readonly exited: Promise<PtyExit>;
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][A-Za-z0-9]|\x1b[=>78]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '').replace(/\r/g, '');
}

export const KEY = { enter: '\r', down: '\x1b[B', up: '\x1b[A', ctrlC: '\x03' } as const;

/** Runs the built binary in a real pseudo-terminal, as a person at a keyboard would. */
export function spawnPty(args: string[], options: { env: NodeJS.ProcessEnv; cols?: number; rows?: number }): PtyRun {
  const child = pty.spawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color',
    cols: options.cols ?? 120,
    rows: options.rows ?? 40,
    cwd: options.env.HOME ?? process.cwd(),
    env: { TERM: 'xterm-256color', ...options.env } as Record<string, string>,
  });
  let raw = '';
  let clean = '';
  let done: PtyExit | null = null;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  child.onData((data) => {
    raw += data;
    clean = stripAnsi(raw);
    notify();
  });
  const exited = new Promise<PtyExit>((resolve) => {
    child.onExit(({ exitCode, signal }) => {
      done = { code: exitCode, signal: signal ? signal : null };
      // node-pty may deliver the last output just after the exit event.
      setTimeout(() => {
        resolve(done as PtyExit);
        notify();
      }, 50);
    });
  });

  return {
    pid: child.pid,
    output: () => clean,
    exited,
    write: (keys) => child.write(keys),
    kill: (signal) => {
      // node-pty's kill() may go through the pty; signal the process itself.
      try {
        process.kill(child.pid, signal);
      } catch {
        // already gone
      }
    },
    waitFor: (pattern, { since = 0, timeoutMs = 20_000 } = {}) =>
      new Promise<number>((resolve, reject) => {
        const find = (): number | null => {
          const rest = clean.slice(since);
          if (typeof pattern === 'string') {
            const at = rest.indexOf(pattern);
            return at < 0 ? null : since + at + pattern.length;
          }
          const m = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(rest);
          return m ? since + m.index + m[0].length : null;
        };
        const finish = (error: Error | null, at?: number) => {
          listeners.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(at as number);
        };
        const fail = (why: string) =>
          finish(new Error(`${why} waiting for ${String(pattern)} (args: ${args.join(' ')}); output so far:\n${clean.slice(-2000)}`));
        const check = () => {
          const at = find();
          if (at !== null) finish(null, at);
          else if (done) fail(`the process ended (code ${done.code}, signal ${done.signal})`);
        };
        const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

/** Counts the occurrences of a pattern in a text. */
export function countOf(text: string, pattern: string | RegExp): number {
  if (typeof pattern === 'string') return text.split(pattern).length - 1;
  return [...text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))].length;
}
