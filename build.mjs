// Bundles src/ into dist/ (fast start: one file to load, heavy packages in lazy chunks),
// then prepares the database template that makes a first run fast.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', owner: 'src/owner-main.ts', 'make-template': 'src/make-template.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // PGlite loads its WebAssembly and data files from beside its own modules.
  external: ['@electric-sql/pglite', '@electric-sql/pglite-socket'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
execFileSync(process.execPath, ['dist/make-template.js'], { stdio: 'inherit' });
