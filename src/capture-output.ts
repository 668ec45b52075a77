// Build-time tool (build.mjs runs it; it is not part of the CLI): captures what commander prints
// for every `--help` and for `--version` (see captured-output.ts), then checks, width by width,
// that what the CLI would print from the capture is exactly what commander prints.
import { writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { capturedOutput, type CapturedOutput } from './captured-output.js';
import { createContext } from './context.js';
import { buildProgram, main } from './main.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `main` as the CLI runs it, with commander's help width set as a terminal of `width` columns would (undefined: not a terminal). */
async function commander(argv: string[], width: number | undefined): Promise<Run> {
  Object.defineProperty(process.stdout, 'isTTY', { value: width !== undefined, configurable: true });
  Object.defineProperty(process.stdout, 'columns', { value: width, configurable: true });
  const stream = () => Object.assign(new PassThrough(), { isTTY: false });
  const [stdout, stderr] = [stream(), stream()];
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(argv, createContext({ stdin: new PassThrough(), stdout, stderr, env: {} }));
  return { code, stdout: out, stderr: err };
}

function commandPaths(command: CommandUnknownOpts, path: string[] = []): string[][] {
  return [path, ...command.commands.flatMap((c) => commandPaths(c, [...path, c.name()]))];
}

const WIDE = 10_000;

/** The narrowest width from which on, up to any width, commander prints `wide`. */
async function narrowestUnwrapped(argv: string[], wide: string): Promise<number> {
  // Scanned down from the longest line, not halved: below about 40 columns commander stops wrapping again.
  let width = Math.max(...wide.split('\n').map((line) => line.length));
  while (width > 1 && (await commander(argv, width - 1)).stdout === wide) width--;
  return width;
}

async function capture(): Promise<CapturedOutput[]> {
  const program = buildProgram(createContext({ stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {} }));
  const version = await commander(['--version'], undefined);
  const entries: CapturedOutput[] = [{ argv: [['--version'], ['-v']], variants: [{ from: 0, to: null, text: version.stdout }] }];
  for (const path of commandPaths(program)) {
    const argv = [...path, '--help'];
    const at80 = (await commander(argv, 80)).stdout;
    const wide = (await commander(argv, WIDE)).stdout;
    // From some width on, commander wraps nothing and help is the same at any width; at 80
    // columns (and when not a terminal) it is the text wrapped to 80.
    const unwrapped = await narrowestUnwrapped(argv, wide);
    const variants = unwrapped <= 80 ? [{ from: unwrapped, to: null, text: wide }] : [{ from: 80, to: 80, text: at80 }, { from: unwrapped, to: null, text: wide }];
    entries.push({ argv: [[...path, '--help'], [...path, '-h']], variants });
  }
  return entries;
}

/** Every command line of the capture, at widths on both sides of each variant's bounds, against commander. */
async function check(entries: CapturedOutput[]): Promise<string[]> {
  const problems: string[] = [];
  for (const entry of entries) {
    const bounds = entry.variants.flatMap((v) => [v.from - 1, v.from, v.from + 1, v.to ?? v.from + 50]);
    const widths = [undefined, 40, 79, 80, 81, 120, 300, ...bounds.filter((w) => w > 0)];
    for (const argv of entry.argv) {
      if (capturedOutput(entries, argv, {}) === undefined) problems.push(`${argv.join(' ')}: nothing captured for an output that is not a terminal`);
      for (const width of widths) {
        const shown = capturedOutput(entries, argv, { isTTY: width !== undefined, columns: width });
        if (shown === undefined) continue;
        const run = await commander(argv, width);
        if (run.code !== 0 || run.stderr !== '' || run.stdout !== shown) {
          problems.push(`${argv.join(' ')} at width ${width ?? 'none'}: the capture differs from commander's output (exit ${run.code})\n${JSON.stringify(shown)}\n${JSON.stringify(run.stdout)}\n${run.stderr}`);
        }
      }
    }
  }
  return problems;
}

const file = process.argv[2];
if (!file) throw new Error('usage: capture-output <file.json>');
const entries = await capture();
const problems = await check(entries);
if (problems.length > 0) {
  process.stderr.write(`captured output does not match commander:\n${problems.map((p) => `  ${p}\n`).join('')}`);
  process.exit(1);
}
writeFileSync(file, `${JSON.stringify(entries)}\n`);
