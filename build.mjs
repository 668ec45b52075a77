// Bundles src/ into dist/ (fast start: few files to load, heavy packages in lazy chunks),
// then prepares the database template that makes a first run fast.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build, transform } from 'esbuild';
import { cliTable3Fixes } from './build-plugins.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  logLevel: 'warning',
};

// ES module output that bundles CommonJS packages needs a `require`.
const ESM_REQUIRE = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
await buildCli();
await captureOutput();
await build({
  ...common,
  format: 'esm',
  entryPoints: { owner: 'src/owner-main.ts', 'make-template': 'src/make-template.ts' },
  splitting: true,
  chunkNames: 'owner-[hash]',
  // PGlite loads its WebAssembly and data files from beside its own modules.
  external: ['@electric-sql/pglite', '@electric-sql/pglite-socket'],
  banner: { js: ESM_REQUIRE },
});
execFileSync(process.execPath, ['dist/make-template.js'], { stdio: 'inherit' });

/**
 * The CLI on its own (its start-up graph is not cut into chunks shared with the owner), as
 * CommonJS: Node starts a CommonJS program without its ES module loader and loads each file
 * faster. esbuild splits code only in ES module output, so the split build is turned into
 * CommonJS file by file; a lazy `import()` becomes a `require()` on first use.
 */
async function buildCli() {
  const result = await build({
    ...common,
    format: 'esm',
    entryPoints: { cli: 'src/cli.ts' },
    splitting: true,
    chunkNames: 'cli-[hash]',
    outExtension: { '.js': '.cjs' },
    define: { 'import.meta.url': '__import_meta_url' },
    metafile: true,
    write: false,
    plugins: [commanderWithoutChildProcess(), tableStringWidth(), cliTable3Fixes()],
  });
  for (const file of result.outputFiles) {
    const { code } = await transform(file.text, { format: 'cjs', target: 'node20', supported: { 'dynamic-import': false }, logLevel: 'warning' });
    const meta = result.metafile.outputs[relative('.', file.path)];
    // What the file holds, one line per bundled module, as esbuild writes it in ES module output.
    const contents = Object.keys(meta.inputs).map((input) => `// ${input}\n`);
    const url = code.includes('__import_meta_url') ? 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;\n' : '';
    writeFileSync(file.path, `"use strict";\n${contents.join('')}${url}${code}`);
  }
}

/**
 * `--help` and `--version` as commander prints them, captured into dist/captured-output.json
 * and checked against commander width by width (src/capture-output.ts): the build fails if
 * they differ. The tool is bundled into dist/ for the run (it reads package.json from there)
 * and removed.
 */
async function captureOutput() {
  const tool = 'dist/capture-output.mjs';
  await build({
    ...common,
    format: 'esm',
    entryPoints: { 'capture-output': 'src/capture-output.ts' },
    outExtension: { '.js': '.mjs' },
    banner: { js: ESM_REQUIRE },
  });
  try {
    execFileSync(process.execPath, [tool, 'dist/captured-output.json'], { stdio: 'inherit' });
  } finally {
    rmSync(tool);
  }
}

/**
 * commander requires node:child_process at its top (and with it net, dgram and more) for
 * subcommands that are executables of their own, which amplify has none of: in the bundle it
 * is required when commander first spawns one, that is never.
 */
function commanderWithoutChildProcess() {
  return {
    name: 'commander-without-child-process',
    setup(build) {
      build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
        const eager = "const childProcess = require('node:child_process');";
        const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes(eager) || text.split('childProcess.').length - 1 !== text.split('childProcess.spawn(').length - 1) {
          throw new Error(`${args.path} no longer requires node:child_process as build.mjs expects (only for childProcess.spawn): update the plugin`);
        }
        return { contents: text.replace(eager, lazy), loader: 'js' };
      });
    },
  };
}

/** cli-table3 measures every cell with src/ui/string-width.ts: see there why. */
function tableStringWidth() {
  return {
    name: 'table-string-width',
    setup(build) {
      let used = false;
      build.onResolve({ filter: /^string-width$/ }, (args) => {
        if (!/[\\/]node_modules[\\/]cli-table3[\\/]/.test(args.importer)) return undefined;
        used = true;
        return { path: 'string-width', namespace: 'table-string-width' };
      });
      build.onEnd(() => {
        if (!used) throw new Error('cli-table3 no longer requires string-width: update the table-string-width plugin of build.mjs');
      });
      // cli-table3 requires string-width as CommonJS: it wants the function itself.
      build.onLoad({ filter: /.*/, namespace: 'table-string-width' }, () => ({
        contents: `module.exports = require(${JSON.stringify(resolve('src/ui/string-width.ts'))}).default;`,
        resolveDir: resolve('.'),
        loader: 'js',
      }));
    },
  };
}
