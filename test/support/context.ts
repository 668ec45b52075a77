import { PassThrough } from 'node:stream';
import { createContext, type Context } from '../../src/context.js';
import { main } from '../../src/main.js';
import { ScriptedPrompter, type Step } from './scripted-prompter.js';

export interface TestRun {
  code: number;
  stdout: string;
  stderr: string;
  /** What was written, escape sequences and all. */
  rawStdout: string;
  prompter: ScriptedPrompter;
  ctx: Context;
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/**
 * Runs `main(argv, ctx)` in this process with a scripted prompter. `tty: true` makes the
 * context look like a terminal (so commands may prompt); output is captured, ANSI stripped.
 */
export async function runMain(
  argv: string[],
  options: { env: NodeJS.ProcessEnv; steps?: Step[]; tty?: boolean; columns?: number; now?: () => Date; clock?: () => number; /** Standard input, ended after it. */ input?: string },
): Promise<TestRun> {
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  if (options.input !== undefined) stdin.end(options.input);
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty ?? false, columns: options.columns });
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const prompter = new ScriptedPrompter(options.steps ?? []);
  const ctx = createContext({ stdin, stdout, stderr, env: options.env, prompter, now: options.now, clock: options.clock });
  const code = await main(argv, ctx);
  return { code, stdout: out.replace(ANSI, ''), stderr: err.replace(ANSI, ''), rawStdout: out, prompter, ctx };
}
