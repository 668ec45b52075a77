import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
// @ts-expect-error: a plain ES module of the build, without types.
import { cliTable3Fixes } from '../../build-plugins.mjs';

type TableClass = new (options?: object) => unknown[] & { toString(): string };
const require = createRequire(import.meta.url);
const Original = require('cli-table3') as TableClass;
let Fixed: TableClass;
let bundled = '';

beforeAll(async () => {
  // cli-table3 bundled as build.mjs bundles it, with the edits.
  const result = await build({ stdin: { contents: "module.exports = require('cli-table3');", resolveDir: process.cwd() }, bundle: true, platform: 'node', format: 'cjs', write: false, plugins: [cliTable3Fixes()], logLevel: 'silent' });
  bundled = result.outputFiles[0]!.text;
  const module = { exports: {} as TableClass };
  new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(module, module.exports, require);
  Fixed = module.exports;
});

const shapes: [string, object, unknown[][]][] = [
  ['whole rows, as amplify draws them', { head: ['ID', 'Type', 'Status'], style: { head: [], border: [] }, colAligns: ['left', 'left', 'right'] }, Array.from({ length: 30 }, (_, i) => [`id-${i}`, i % 2 ? 'Technical' : 'Custom · frontend', 'completed'])],
  ['ragged rows: gaps filled', { head: ['a', 'b', 'c'] }, [['1'], ['1', '2'], ['1', '2', '3'], []]],
  ['column and row spans', {}, [[{ colSpan: 2, content: 'wide' }, 'x'], [{ rowSpan: 2, content: 'tall' }, 'y', 'z'], ['p', 'q'], ['r', { colSpan: 2, rowSpan: 2, content: 'both' }], ['s']]],
  ['characters and padding set by table and by cell', { chars: { 'top-left': '+', mid: '=', 'left-mid': '|' }, style: { 'padding-left': 3, 'padding-right': 0 } }, [[{ content: 'cell', chars: { 'top-right': '#' }, style: { 'padding-left': 0 } }, 'two'], ['three', 'four']]],
  ['wrapped widths', { colWidths: [8, 12], wordWrap: true }, [['a long first cell that wraps', 'and a second one, longer still, that wraps too']]],
];

test.each(shapes)('%s: drawn exactly as cli-table3 draws it', (_name, options, rows) => {
  const draw = (Table: TableClass) => {
    const table = new Table(options);
    for (const row of rows) table.push(row);
    return table.toString();
  };
  const drawn = draw(Fixed);
  expect(drawn).toBe(draw(Original));
  expect(drawn.length).toBeGreaterThan(10);
});

test('the edits are in the bundle (or these comparisons would prove nothing)', () => {
  expect(bundled).toContain('if (whole) return;');
  expect(bundled).toMatch(/camelNames = (\/\* @__PURE__ \*\/ )?new Map\(\);/);
  expect(bundled).not.toContain('args.filter((v) => v !== undefined && v !== null).shift()');
});
