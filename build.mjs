// Bundles src/ into dist/ (fast start: few files to load, heavy packages in lazy chunks),
// then prepares the database template that makes a first run fast.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  // PGlite loads its WebAssembly and data files from beside its own modules.
  external: ['@electric-sql/pglite', '@electric-sql/pglite-socket'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
};

rmSync('dist', { recursive: true, force: true });
// The CLI on its own, so that its start-up graph is not cut into chunks shared with the owner.
await build({ ...common, entryPoints: { cli: 'src/cli.ts' }, splitting: true, chunkNames: 'cli-[hash]' });
await build({ ...common, entryPoints: { owner: 'src/owner-main.ts', 'make-template': 'src/make-template.ts' }, splitting: true, chunkNames: 'owner-[hash]' });
execFileSync(process.execPath, ['dist/make-template.js'], { stdio: 'inherit' });
