import { PassThrough } from 'node:stream';
import { expect } from 'vitest';
import { createContext } from '../../src/context.js';
import { main } from '../../src/main.js';
import type { SessionDetail, SessionSummary } from '../../src/store/store.js';
import { runMain } from './context.js';
import { ScriptedPrompter, type Step } from './scripted-prompter.js';

/** A monotonic clock that moves only when the test says so. */
export class FakeClock {
  private ms = 0;
  readonly read = (): number => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

/** An answer that takes `seconds` to write: the clock moves as the prompter hands it over. */
export function typed(clock: FakeClock, text: string, seconds: number, alsoThen?: () => void): Step {
  return {
    get answer() {
      clock.advance(seconds);
      alsoThen?.();
      return { kind: 'answer' as const, text };
    },
  };
}

/** An answer given as a person would: thinking, then writing, with a pause (seconds each). */
export function timed(clock: FakeClock, text: string, t: { think: number; write: number; pause?: number }): Step {
  return {
    answer: { kind: 'answer', text },
    play(answerClock) {
      clock.advance(t.think);
      answerClock?.inputStarted();
      if (t.pause) {
        answerClock?.pause();
        clock.advance(t.pause);
        answerClock?.resume();
      }
      clock.advance(t.write);
    },
  };
}

export const SKIP: Step = { answer: { kind: 'skip' } };
export const STOP: Step = { answer: { kind: 'stop' } };

/** Runs a command with `--json` and parses what it printed; fails the test on a non-zero exit. */
export async function jsonOf<T>(env: NodeJS.ProcessEnv, argv: string[]): Promise<T> {
  const run = await runMain([...argv, '--json'], { env });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

export const historyOf = (env: NodeJS.ProcessEnv, ...flags: string[]) => jsonOf<SessionSummary[]>(env, ['history', '--limit', '100', ...flags]);
export const detailOf = (env: NodeJS.ProcessEnv, id: string) => jsonOf<SessionDetail>(env, ['show', id]);

/** The newest session in `history`. */
export async function latestSession(env: NodeJS.ProcessEnv): Promise<SessionSummary> {
  const [latest] = await historyOf(env, '--limit', '1');
  if (!latest) throw new Error('no session in history');
  return latest;
}

/**
 * The rows of the first cli-table3 table in `text` (the head first), each cell trimmed and
 * the lines of a wrapped cell joined with a space.
 */
export function tableRows(text: string): string[][] {
  const rows: string[][] = [];
  let current: string[][] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('│')) {
      const cells = line.slice(1, -1).split('│').map((c) => c.trim());
      if (!current) current = cells.map((c) => [c]);
      else cells.forEach((c, i) => current?.[i]?.push(c));
    } else if (current && /^[├└]/.test(line)) {
      rows.push(current.map((parts) => parts.filter(Boolean).join(' ')));
      current = null;
      if (line.startsWith('└')) break;
    }
  }
  return rows;
}

/** The lines of an interview transcript that tell its progress: questions, saves, skips, the end. */
export function progressLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^(Question \d|✓|◌|Skipped|Interview |! )/.test(l));
}

/** `runMain` without stripping ANSI escapes, for the tests about colour. */
export async function runMainRaw(argv: string[], options: { env: NodeJS.ProcessEnv; tty: boolean }): Promise<{ code: number; stdout: string; stderr: string }> {
  const stream = () => Object.assign(new PassThrough(), { isTTY: options.tty });
  const [stdin, stdout, stderr] = [stream(), stream(), stream()];
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const ctx = createContext({ stdin, stdout, stderr, env: options.env, prompter: new ScriptedPrompter([]) });
  const code = await main(argv, ctx);
  return { code, stdout: out, stderr: err };
}
