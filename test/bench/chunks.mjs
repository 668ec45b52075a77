// What dist/ is made of: the chunks build.mjs writes (`cli-*` for the CLI, `owner-*` for the
// owner process), which of them the CLI loads at start-up, and what each one holds.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The chunk files of one build, by the prefix build.mjs gives them (`cli` or `owner`). */
export function chunkFiles(dist, prefix) {
  return readdirSync(dist)
    .filter((f) => f.startsWith(`${prefix}-`) && /\.c?js$/.test(f))
    .sort()
    .map((f) => join(dist, f));
}

/**
 * The files a module loads before it runs: its static imports (ES modules) or top-level
 * requires (CommonJS), followed through relative paths. Lazy `import()` is left out.
 */
export function staticImports(file, seen = new Set()) {
  if (seen.has(file) || !existsSync(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const esm = /^(?:import|export)\s[^;]*?["'](\.\.?\/[^"']+)["']/gm;
  // A require at the start of a line is a top-level one; a lazy one sits inside a function.
  const cjs = /^(?:(?:var|let|const) [\w$]+ = )?(?:__toESM\()?require\(["'](\.\.?\/[^"']+)["']\)/gm;
  for (const pattern of [esm, cjs]) {
    for (const match of text.matchAll(pattern)) staticImports(join(file, '..', match[1]), seen);
  }
  return seen;
}

/** What a chunk holds, from the `// node_modules/<pkg>/...` and `// src/...` comments esbuild leaves. */
export function chunkContents(file) {
  const text = readFileSync(file, 'utf8');
  const counts = new Map();
  // node_modules may be a link to another checkout's: esbuild then writes `// ../main/node_modules/…`.
  for (const [, path] of text.matchAll(/^\/\/ (?:\S*?\/)??(node_modules\/(?:@[^/]+\/)?[^/]+|src\/\S+)/gm)) {
    const key = path.startsWith('node_modules/') ? path.slice('node_modules/'.length) : path.replace(/^src\//, '');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const names = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([n]) => n);
  return names.length === 0 ? '' : names.slice(0, 5).join(', ') + (names.length > 5 ? `, +${names.length - 5}` : '');
}
