import { createContext } from './context.js';
import { main } from './main.js';
import { editorIsOpen } from './ui/editor.js';

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** The process shell: real streams, signals, and the one place that exits. */
export async function run(argv: string[]): Promise<void> {
  const ctx = createContext({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
  for (const [signal, code] of Object.entries(SIGNAL_EXIT) as [NodeJS.Signals, number][]) {
    process.on(signal, () => {
      // Ctrl+C in the editor is the editor's (vim cancels a command with it), as in git.
      if (signal === 'SIGINT' && editorIsOpen()) return;
      // The journal is written before every acknowledgement, so there is nothing left to flush
      // but the time spent; the command's handler records it and says how to resume.
      try {
        ctx.onInterrupt?.(signal);
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
