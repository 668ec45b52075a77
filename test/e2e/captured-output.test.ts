import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { capturedOutput, loadCapturedOutput, mayBeCaptured, type CapturedOutput } from '../../src/captured-output.js';
import { runCli } from '../support/cli.js';
import { runMain } from '../support/context.js';
import { makeHome } from '../support/home.js';

// The build's capture (npm run build), checked here against commander as the sources run it.
const entries = loadCapturedOutput();
const home = makeHome();
afterAll(() => home.cleanup());

/** Commander takes its help width from process.stdout: as a terminal of `columns`, or (undefined) not one. */
function stdoutAs(columns: number | undefined): void {
  Object.defineProperty(process.stdout, 'isTTY', { value: columns !== undefined, configurable: true });
  Object.defineProperty(process.stdout, 'columns', { value: columns, configurable: true });
}
const real = { isTTY: process.stdout.isTTY, columns: process.stdout.columns };
afterEach(() => {
  Object.defineProperty(process.stdout, 'isTTY', { value: real.isTTY, configurable: true });
  Object.defineProperty(process.stdout, 'columns', { value: real.columns, configurable: true });
});

describe('help and version captured at build time', () => {
  test('cover the program, every command, and --version', () => {
    const lines = entries.flatMap((e) => e.argv.map((argv) => argv.join(' ')));
    expect(lines).toEqual(expect.arrayContaining(['--version', '-v', '--help', '-h', 'start --help', 'db copy --help', 'config unset -h']));
  });

  test.each(entries.flatMap((e) => e.argv))('`amplify %s` prints what commander prints, at every width the capture claims', async (...argv: string[]) => {
    const entry = entries.find((e) => e.argv.some((a) => a.join(' ') === argv.join(' '))) as CapturedOutput;
    for (const columns of [undefined, ...entry.variants.flatMap((v) => [v.from, v.to ?? v.from + 40])]) {
      stdoutAs(columns);
      const shown = capturedOutput(entries, argv, { isTTY: columns !== undefined, columns });
      expect(shown, `width ${columns}`).toBeDefined();
      const run = await runMain(argv, { env: home.env });
      expect({ code: run.code, stdout: run.rawStdout, stderr: run.stderr }, `width ${columns}`).toEqual({ code: 0, stdout: shown, stderr: '' });
    }
  });

  test('the binary prints the capture: the same bytes and exit code as commander', async () => {
    stdoutAs(undefined);
    for (const argv of [['--help'], ['-v'], ['db', 'copy', '-h'], ['stats', '--help']]) {
      const bin = await runCli(argv, { env: home.env });
      const commander = await runMain(argv, { env: home.env });
      expect({ code: bin.code, stdout: bin.stdout, stderr: bin.stderr }).toEqual({ code: commander.code, stdout: commander.rawStdout, stderr: '' });
    }
  });

  test('commander runs for anything else: another width, other arguments', () => {
    const help = [{ argv: [['--help']], variants: [{ from: 80, to: 80, text: 'at 80' }, { from: 120, to: null, text: 'wide' }] }];
    expect(capturedOutput(help, ['--help'], {})).toBe('at 80');
    expect(capturedOutput(help, ['--help'], { isTTY: false, columns: 200 })).toBe('at 80');
    expect(capturedOutput(help, ['--help'], { isTTY: true, columns: 80 })).toBe('at 80');
    expect(capturedOutput(help, ['--help'], { isTTY: true, columns: 200 })).toBe('wide');
    expect(capturedOutput(help, ['--help'], { isTTY: true, columns: 100 })).toBeUndefined();
    expect(capturedOutput(help, ['--help', 'x'], {})).toBeUndefined();
    expect(capturedOutput(help, ['-b', 'embedded', '--help'], {})).toBeUndefined();
    expect(capturedOutput(help, [], {})).toBeUndefined();
  });
});

test('every captured command line is one the CLI looks up (it reads the capture only for those)', () => {
  const lines = entries.flatMap((e) => e.argv);
  expect(lines.length).toBeGreaterThan(40);
  expect(lines.filter((line) => !mayBeCaptured(line))).toEqual([]);
  expect([['history'], ['start', '--new'], []].filter(mayBeCaptured)).toEqual([]);
});
