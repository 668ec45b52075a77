import type { Config } from './config.js';
import type { Journal } from './journal/journal.js';
import { resolvePaths, type AmplifyPaths } from './paths.js';
import type { BackendName, Store } from './store/store.js';
import { makeStyle, type Style } from './ui/style.js';
import { TerminalPrompter, type Prompter } from './ui/prompter.js';

export interface Output {
  write(text: string): void;
  /** Resolves once the stream has taken what was written (a slow reader): long output waits here instead of piling up in memory. */
  room(): Promise<void>;
  isTTY: boolean;
  /** The terminal's width in columns; undefined when the stream is not a terminal. */
  readonly columns: number | undefined;
  /** Colours for this stream; available once `prepareOutput` has run (before every action). */
  readonly style: Style;
}

/** Everything a command may touch, built once in the shell; tests build their own. */
export interface Context {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  paths: AmplifyPaths;
  config(): Promise<Config>;
  journal(): Promise<Journal>;
  /** `--backend`, for this one command; set by main.ts before the action runs. */
  backendFlag: BackendName | undefined;
  openStore(onWait?: (what: 'creating' | 'starting') => void): Promise<Store>;
  prompter: Prompter;
  /** Monotonic milliseconds, for durations. */
  clock(): number;
  now(): Date;
  /** What to do with a running interview if a signal ends the process. */
  onInterrupt: ((signal: NodeJS.Signals) => void) | null;
  prepareOutput(): Promise<void>;
}

interface PreparedOutput extends Output {
  prepare(): Promise<void>;
}

function output(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; writableNeedDrain?: boolean }, env: NodeJS.ProcessEnv): PreparedOutput {
  const isTTY = Boolean(stream.isTTY);
  let style: Style | undefined;
  return {
    write: (text) => void stream.write(text),
    room: () =>
      stream.writableNeedDrain
        ? new Promise<void>((resolve) => {
            // A reader that went away (EPIPE) never drains: closing ends the wait too.
            const done = () => {
              stream.off('drain', done);
              stream.off('close', done);
              resolve();
            };
            stream.on('drain', done);
            stream.on('close', done);
          })
        : Promise.resolve(),
    isTTY,
    get columns() {
      return isTTY && stream.columns ? stream.columns : undefined;
    },
    get style(): Style {
      if (!style) throw new Error('output styles used before prepareOutput()');
      return style;
    },
    prepare: async () => {
      style ??= await makeStyle(isTTY, env);
    },
  };
}

export function createContext(options: {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  prompter?: Prompter;
  clock?: () => number;
  now?: () => Date;
}): Context {
  const paths = resolvePaths(options.env);
  const stdout = output(options.stdout, options.env);
  const stderr = output(options.stderr, options.env);
  // Loaded on first use, so that `--help` never pays for the database client or conf.
  let config: Promise<Config> | undefined;
  let journal: Promise<Journal> | undefined;
  const ctx: Context = {
    // Read when a command reads it: process.stdin, when not a terminal, builds a file stream
    // whose modules (fs streams and promises, readline) cost about a millisecond to load.
    get stdin() {
      return options.stdin;
    },
    stdout,
    stderr,
    env: options.env,
    paths,
    config: () =>
      (config ??= import('./config.js').then(async ({ Config }) => {
        const loaded = await Config.load(paths);
        for (const file of loaded.movedAside) stderr.write(`warning: an unreadable settings file was moved aside: ${file}\n`);
        for (const { file, key, reason } of loaded.ignored) {
          stderr.write(
            key
              ? `warning: the setting "${key}" in ${file} is ignored (${reason}): the default is used\n`
              : `warning: the settings file cannot be read (${reason}); the defaults are used: ${file}\n`,
          );
        }
        return loaded;
      })),
    journal: () => (journal ??= import('./journal/journal.js').then(({ Journal }) => new Journal(paths.journal))),
    backendFlag: undefined,
    openStore: async (onWait) => {
      const { openStore } = await import('./store/open-store.js');
      return openStore({ paths, config: await ctx.config(), env: options.env, backendFlag: ctx.backendFlag, onWait });
    },
    prompter:
      options.prompter ??
      new TerminalPrompter({
        get input() {
          return options.stdin;
        },
        output: options.stderr,
        env: options.env,
      }),
    clock: options.clock ?? (() => performance.now()),
    now: options.now ?? (() => new Date()),
    onInterrupt: null,
    prepareOutput: async () => {
      await Promise.all([stdout.prepare(), stderr.prepare()]);
    },
  };
  return ctx;
}

/** Prompting needs a person: a terminal on stdin and on stderr, where prompts are drawn. */
export function canPrompt(ctx: Context): boolean {
  return Boolean(ctx.stdin.isTTY) && ctx.stderr.isTTY;
}
