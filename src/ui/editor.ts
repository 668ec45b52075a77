import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The editor could not be started, or did not finish well: the draft is still the caller's. */
export class EditorFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditorFailedError';
  }
}

/** `$VISUAL`, then `$EDITOR`, then vi: what git and most tools honour. */
export function editorCommand(env: NodeJS.ProcessEnv): string {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || 'vi';
}

let running: ChildProcess | null = null;
let draftDir: string | null = null;

/**
 * While the editor has the terminal, Ctrl+C belongs to it (vim uses it to cancel a command),
 * as git does: the shell leaves a SIGINT alone while this is true.
 */
export function editorIsOpen(): boolean {
  return running !== null;
}

// An amplify that is ended (SIGTERM, SIGHUP) takes its editor and the draft with it: no
// orphaned editor, no answer left behind in the temporary directory.
process.on('exit', () => {
  running?.kill('SIGTERM');
  if (draftDir) rmSync(draftDir, { recursive: true, force: true });
});

/**
 * Opens `draft` in the person's editor and returns the text they saved. The draft lives in a
 * private directory (0700, the file 0600) that is removed afterwards, whatever happens, and
 * the file is read back as UTF-8, always.
 */
export async function editInEditor(draft: string, env: NodeJS.ProcessEnv, options: { keyboard: boolean }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'amplify-answer-'));
  draftDir = dir;
  const file = join(dir, 'answer.md');
  try {
    writeFileSync(file, draft, { encoding: 'utf8', mode: 0o600 });
    await runEditor(editorCommand(env), file, env, options.keyboard);
    return readFileSync(file, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    draftDir = null;
  }
}

async function runEditor(command: string, file: string, env: NodeJS.ProcessEnv, keyboard: boolean): Promise<void> {
  const { spawn } = await import('node:child_process');
  // The editor draws where the prompts are (stderr: stdout may be a file of results), and
  // reads the keyboard only when there is one: piped answers are not the editor's to eat.
  const stdio: ('ignore' | number)[] = [keyboard ? 0 : 'ignore', 2, 2];
  // A plain path runs as it is (so a missing one is ENOENT, not a shell's message); anything
  // with arguments or quotes (`code --wait`) goes through the shell, as git runs "$EDITOR" "$@".
  const plain = /^[\w./~+-]+$/.test(command);
  const child = plain
    ? spawn(command, [file], { stdio, env })
    : spawn('/bin/sh', ['-c', `${command} "$@"`, command, file], { stdio, env });
  running = child;
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(new EditorFailedError(error.code === 'ENOENT' ? `the editor '${command}' was not found` : `the editor '${command}' could not start (${error.code ?? error.message})`)),
      );
      child.once('exit', (code, signal) => {
        if (code === 0) resolve();
        else if (plain || code !== 127) reject(new EditorFailedError(`the editor '${command}' ${signal ? `was ended by ${signal}` : `exited with status ${code}`}`));
        else reject(new EditorFailedError(`the editor '${command}' was not found`));
      });
    });
  } finally {
    running = null;
  }
}
