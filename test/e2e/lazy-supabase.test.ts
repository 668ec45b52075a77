import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { BIN } from '../support/cli.js';
import { makeHome } from '../support/home.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const home = makeHome();
afterAll(() => home.cleanup());

/** The chunks of the build that hold supabase-js (build.mjs names each bundled file in a comment). */
function supabaseChunks(): string[] {
  return readdirSync(DIST)
    .filter((f) => f.endsWith('.cjs') && readFileSync(join(DIST, f), 'utf8').includes('node_modules/@supabase/'))
    .map((f) => join(DIST, f));
}

/** Every file one run of the binary loads (the CLI is CommonJS: require's cache holds them all at exit). */
function loadedModules(args: string[], env: NodeJS.ProcessEnv, input = ''): string[] {
  const preload = join(home.dir, 'print-loaded.cjs');
  writeFileSync(preload, 'process.on("exit", () => require("node:fs").writeSync(2, Object.keys(require.cache).map((f) => "LOADED " + f + "\\n").join("")));');
  const run = spawnSync(process.execPath, ['--require', preload, BIN, ...args], { env, input, encoding: 'utf8' });
  return run.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice('LOADED '.length));
}

test('supabase-js is loaded only by commands that use Supabase: never by --help or the embedded backend', () => {
  const chunks = supabaseChunks();
  // The check below could pass vacuously: supabase-js is in the build, in chunks of its own.
  expect(chunks.length).toBeGreaterThan(0);
  expect(loadedModules(['--help'], home.env).filter((m) => chunks.includes(m))).toEqual([]);
  const history = loadedModules(['history'], home.env);
  expect(history.some((m) => m.includes('/dist/cli-'))).toBe(true);
  expect(history.filter((m) => chunks.includes(m))).toEqual([]);
  // Signing in needs it (the project here refuses the connection: loading is what counts).
  const project = { ...home.env, SUPABASE_URL: 'http://127.0.0.1:9', SUPABASE_ANON_KEY: 'anon-key-of-at-least-twenty-chars' };
  const onSupabase = loadedModules(['login', '--email', 'me@example.test', '--password-stdin'], project, 'secret\n');
  expect(onSupabase.filter((m) => chunks.includes(m)).length).toBeGreaterThan(0);
});
