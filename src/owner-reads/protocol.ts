/**
 * The warm owner answers read commands: a running embedded-database owner has amplify's code
 * loaded and compiled, so `history`, `show` and `stats` run there in a few milliseconds while a
 * new process spends most of its time loading that code. The command line runs in the owner
 * exactly as it would in the process that asked (`main(argv, ctx)` with a context made of what
 * the request carries: its arguments, environment and streams), and the output comes back to be
 * written there. Anything unexpected (no owner, another build, no answer in time) and the
 * command runs in its own process as before.
 *
 * The exchange is one line of JSON each way on a Unix socket beside the database's: the owner
 * writes an empty line at once and every HEARTBEAT_MS while the command runs, so a stopped or
 * hung owner is told from a busy one.
 */

/** Commands that only read, never prompt, and print only what their context tells them to. */
export const OWNER_READ_COMMANDS: ReadonlySet<string> = new Set(['history', 'show', 'stats', 'review']);

export const READS_SOCKET_FILE = '.amplify-reads';

export const HEARTBEAT_MS = 100;

export interface StreamFacts {
  isTTY: boolean;
  columns: number | undefined;
}

export interface ReadRequest {
  /** The version of the asker's bundle (fileVersion of dist/cli.cjs): an owner running other code declines. */
  build: string;
  argv: string[];
  env: Record<string, string>;
  stdin: { isTTY: boolean };
  stdout: StreamFacts;
  stderr: StreamFacts;
}

/** What a command wrote, in order (1: stdout, 2: stderr), and its exit code; or why not. */
export type ReadAnswer = { output: [1 | 2, string][]; code: number } | { declined: string };
