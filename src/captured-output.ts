import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './package-info.js';

/**
 * What commander prints for `--help` (of the program and of each command) and for `--version`
 * depends on nothing but the build and the width of the output. build.mjs captures it from
 * commander (src/capture-output.ts) and checks it there, width by width, so that printing it
 * needs neither commander nor the program loaded.
 */
export interface CapturedOutput {
  /** The command lines that print it, e.g. `['db', 'status', '--help']`. */
  argv: string[][];
  /** Its text for each range of help widths (`to: null`: no upper bound). */
  variants: { from: number; to: number | null; text: string }[];
}

export const CAPTURED_OUTPUT_FILE = join(PACKAGE_ROOT, 'dist', 'captured-output.json');

/**
 * The captured standard output of this command line (exit code 0, nothing on standard error),
 * or undefined when commander has to run. The width is commander's: the terminal's columns,
 * 80 when standard output is not a terminal.
 */
export function capturedOutput(entries: CapturedOutput[], argv: string[], stdout: { isTTY?: boolean; columns?: number }): string | undefined {
  const width = (stdout.isTTY ? stdout.columns : undefined) ?? 80;
  const entry = entries.find((e) => e.argv.some((line) => line.length === argv.length && line.every((arg, i) => arg === argv[i])));
  return entry?.variants.find((v) => width >= v.from && (v.to === null || width <= v.to))?.text;
}

/** Whether a command line can have captured output: it ends with a help or version flag. */
export function mayBeCaptured(argv: string[]): boolean {
  const last = argv.at(-1);
  return last === '--help' || last === '-h' || last === '--version' || last === '-v';
}

/** The build's captured output; none when running from the sources. */
export function loadCapturedOutput(file = CAPTURED_OUTPUT_FILE): CapturedOutput[] {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CapturedOutput[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
