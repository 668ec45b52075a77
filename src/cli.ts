import { capturedOutput, loadCapturedOutput, mayBeCaptured } from './captured-output.js';
import { installCompileCache } from './compile-cache.js';
import { PACKAGE_ROOT } from './package-info.js';
import { resolvePaths } from './paths.js';
import type { Context } from './context.js';

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
  installCompileCache(process.getBuiltinModule('node:path').join(PACKAGE_ROOT, 'dist'), process.getBuiltinModule('node:path').join(resolvePaths(process.env).cache, 'code'));
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

/** Resolves once everything written so far has left the process (or the stream failed). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}
