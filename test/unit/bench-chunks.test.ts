import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs module of the benchmark, without types
import { chunkContents, chunkFiles, staticImports } from '../bench/chunks.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dist(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'amplify-chunks-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('the benchmark’s view of dist/', () => {
  test('finds the chunks build.mjs names cli-* and owner-*, and nothing else', () => {
    const dir = dist({ 'cli.js': '', 'cli-AAA.js': '', 'cli-BBB.js': '', 'owner-CCC.js': '', 'owner.js': '', 'chunk-DDD.js': '', 'cli-EEE.js.map': '' });
    expect((chunkFiles(dir, 'cli') as string[]).map((f) => f.slice(dir.length + 1))).toEqual(['cli-AAA.js', 'cli-BBB.js']);
    expect((chunkFiles(dir, 'owner') as string[]).map((f) => f.slice(dir.length + 1))).toEqual(['owner-CCC.js']);
  });

  test.each([
    [
      'ES modules',
      {
        'cli.js': 'import { a } from "./cli-A.js";\nexport { b } from "./cli-B.js";\nconst lazy = () => import("./cli-L.js");\n',
        'cli-A.js': 'import "./cli-C.js";\n',
        'cli-B.js': '',
        'cli-C.js': '',
        'cli-L.js': '',
      },
    ],
    [
      'CommonJS',
      {
        'cli.js': 'var import_cli_A = require("./cli-A.js");\nvar import_cli_B = __toESM(require("./cli-B.js"));\nasync function run() {\n  const m = await Promise.resolve().then(() => __toESM(require("./cli-L.js")));\n}\n',
        'cli-A.js': 'require("./cli-C.js");\n',
        'cli-B.js': '',
        'cli-C.js': '',
        'cli-L.js': '',
      },
    ],
  ])('follows the static imports of %s and leaves the lazy ones out', (_kind, files) => {
    const dir = dist(files);
    const graph = [...(staticImports(join(dir, 'cli.js')) as Set<string>)].map((f) => f.slice(dir.length + 1)).sort();
    expect(graph).toEqual(['cli-A.js', 'cli-B.js', 'cli-C.js', 'cli.js']);
  });

  test('names what a chunk holds, most modules first', () => {
    const dir = dist({ 'cli-X.js': '// node_modules/cli-table3/src/a.js\n// ../main/node_modules/cli-table3/src/b.js\n// src/ui/table.ts\n// ../main/node_modules/@scope/pkg/x.js\n' });
    expect(chunkContents(join(dir, 'cli-X.js'))).toBe('cli-table3, ui/table.ts, @scope/pkg');
  });
});
