import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { expect, test } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

/** Every relative import of a file, as a path under src/ without the extension. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => relative(SRC, resolve(dirname(file), m[1] as string)).replace(/\.js$/, ''));
}

const imports = new Map(sourceFiles(SRC).map((f) => [relative(SRC, f).replace(/\.ts$/, ''), importsOf(f)]));
const verbs = [...imports.keys()].filter((m) => /^commands\/[^/]+$/.test(m));

test('the layer map sees the verb modules', () => {
  expect(verbs).toEqual(expect.arrayContaining(['commands/start', 'commands/history', 'commands/sync']));
});

test.each(verbs)('%s imports no other command module', (verb) => {
  expect((imports.get(verb) ?? []).filter((i) => verbs.includes(i))).toEqual([]);
});

test.each([...imports.keys()].filter((m) => /^(store|journal|interview)\//.test(m)))('%s imports nothing from commands/ or ui/', (module) => {
  expect((imports.get(module) ?? []).filter((i) => /^(commands|ui)\//.test(i))).toEqual([]);
});

test('shared command helpers import no verb module', () => {
  const shared = [...imports.keys()].filter((m) => m.startsWith('commands/shared/'));
  expect(shared.length).toBeGreaterThan(0);
  for (const module of shared) expect((imports.get(module) ?? []).filter((i) => verbs.includes(i))).toEqual([]);
});
