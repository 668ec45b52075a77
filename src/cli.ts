import { capturedOutput, loadCapturedOutput, mayBeCaptured } from './captured-output.js';
import { installCompileCache } from './compile-cache.js';
import { askOwner } from './owner-reads/ask.js';
import { fileVersion } from './file-version.js';
import { OWNER_READ_COMMANDS, READS_SOCKET_FILE, type ReadAnswer, type ReadRequest } from './owner-reads/protocol.js';
import { PACKAGE_ROOT } from './package-info.js';
import { resolvePaths } from './paths.js';
import { dbTimeoutMs } from './store/db-timeout.js';
import type { Context } from './context.js';

/** The bundle's entry file (this module, built), whose size and time name the build. */
const BUNDLE_ENTRY = process.getBuiltinModule('node:path').join(PACKAGE_ROOT, 'dist', 'cli.cjs');

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** The process shell: real streams, signals, and the one place that exits. */
export async function run(argv: string[]): Promise<void> {
  // Set once the program is loaded: what a signal may have to tell the running command.
  let shell: { ctx: Context; editorIsOpen: () => boolean } | undefined;
  for (const [signal, code] of Object.entries(SIGNAL_EXIT) as [NodeJS.Signals, number][]) {
    process.on(signal, () => {
      // Ctrl+C in the editor is the editor's (vim cancels a command with it), as in git.
      if (signal === 'SIGINT' && shell?.editorIsOpen()) return;
      // The journal is written before every acknowledgement, so there is nothing left to flush
      // but the time spent; the command's handler records it and says how to resume.
      try {
        shell?.ctx.onInterrupt?.(signal);
      } finally {
        process.exit(code);
      }
    });
  }
  // A reader that went away (`amplify history | head -1`) ends the output, not in a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.stderr.on('error', () => {});
  // `--help` and `--version` as commander printed them at build time: see captured-output.ts.
  const captured = mayBeCaptured(argv) ? capturedOutput(loadCapturedOutput(), argv, process.stdout) : undefined;
  if (captured !== undefined) {
    process.stdout.write(captured);
    await drained(process.stdout);
    process.exit(0);
  }
  const { join } = process.getBuiltinModule('node:path');
  const paths = resolvePaths(process.env);
  if (OWNER_READ_COMMANDS.has(argv[0] ?? '') && !process.env.AMPLIFY_NO_OWNER_READS) {
    const answer = await askOwner(join(paths.socketDir, READS_SOCKET_FILE), readRequest(argv), dbTimeoutMs(process.env));
    if (answer) {
      for (const [fd, text] of answer.output) (fd === 1 ? process.stdout : process.stderr).write(text);
      await Promise.all([drained(process.stdout), drained(process.stderr)]);
      process.exit(answer.code);
    }
  }
  installCompileCache(join(PACKAGE_ROOT, 'dist'), join(paths.cache, 'code'));
  const [{ createContext }, { main }, { editorIsOpen }] = await Promise.all([import('./context.js'), import('./main.js'), import('./ui/editor.js')]);
  const ctx = createContext({
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
  shell = { ctx, editorIsOpen };
  const code = await main(argv, ctx);
  // A pipe takes 64 KiB at a time and Node queues the rest: exiting now would cut the output.
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

/** This process's command line, as the warm owner needs it to run it the same way (see owner-reads/protocol.ts). */
function readRequest(argv: string[]): ReadRequest {
  const facts = (stream: NodeJS.WriteStream) => ({ isTTY: Boolean(stream.isTTY), columns: stream.isTTY ? stream.columns : undefined });
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  // process.stdin is left alone: when piped, building it loads modules a read never needs.
  const stdin = { isTTY: process.getBuiltinModule('node:tty').isatty(0) };
  return { build: fileVersion(BUNDLE_ENTRY) ?? '', argv, env, stdin, stdout: facts(process.stdout), stderr: facts(process.stderr) };
}

let loadedBuild: string | null | undefined;

/**
 * Called in the owner (owner-reads/serve.ts): runs a read command sent by another process.
 * The program is loaded once, with the code cache the commands share.
 */
export async function answerRead(request: ReadRequest, ownerData: string): Promise<ReadAnswer> {
  const { answerRead } = await ownerReads();
  return answerRead(request, { build: loadedBuild ?? null, data: ownerData });
}

/** Called in the owner once it is up, before any request: loads what the read commands run. */
export async function preloadReads(): Promise<void> {
  await (await ownerReads()).preloadReads();
}

function ownerReads(): Promise<typeof import('./owner-reads/answer.js')> {
  if (loadedBuild === undefined) {
    loadedBuild = fileVersion(BUNDLE_ENTRY);
    const { join } = process.getBuiltinModule('node:path');
    installCompileCache(join(PACKAGE_ROOT, 'dist'), join(resolvePaths(process.env).cache, 'code'));
  }
  return import('./owner-reads/answer.js');
}

/** Resolves once everything written so far has left the process (or the stream failed). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}
