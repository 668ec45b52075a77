import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeHome, useReadyHome } from '../support/home.js';

// Read commands run here, not in the warm owner: this file is about the bundle this process loads.
const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '60000', AMPLIFY_NO_OWNER_READS: '1' });
const codeDir = () => join(home.dir, 'cache', 'code');
/** The cache files of the one build directory, with their sizes and modification times. */
function cacheFiles(): Map<string, { size: number; mtimeMs: number }> {
  const builds = readdirSync(codeDir());
  expect(builds).toHaveLength(1);
  const dir = join(codeDir(), builds[0] as string);
  const files = readdirSync(dir).filter((f) => f !== 'runs');
  return new Map(files.map((f) => [f, { size: statSync(join(dir, f)).size, mtimeMs: statSync(join(dir, f)).mtimeMs }]));
}
/** How many runs of this build the cache has counted. */
function runs(): string {
  return readFileSync(join(codeDir(), readdirSync(codeDir())[0] as string, 'runs'), 'utf8');
}

describe('the code cache of the CLI bundle', () => {
  it('is written for every bundle file a command loaded, used as it is, and grows on runs 2, 4, 8… with what later commands ran', async () => {
    const first = await runCli(['history', '--json'], { env: home.env });
    expect(first.code, first.stderr).toBe(0);
    const written = cacheFiles();
    expect(written.size).toBeGreaterThan(3);
    for (const [name, { size }] of written) {
      expect(name).toMatch(/^cli-[A-Z0-9]+\.cjs-\d+-\d+$/);
      expect(size).toBeGreaterThan(0);
    }
    // The home's first run (useReadyHome) was the first.
    expect(runs()).toBe('2');

    // Run 3 is not a refresh: stats' own files get their first cache, the shared ones stay.
    const beforeStats = cacheFiles();
    expect((await runCli(['stats'], { env: home.env })).code).toBe(0);
    const afterStats = cacheFiles();
    expect(afterStats.size).toBeGreaterThan(beforeStats.size);
    for (const [name, file] of beforeStats) expect(afterStats.get(name)).toEqual(file);
    // Run 4 is: files history cached first now also hold the functions stats ran in them.
    expect((await runCli(['stats'], { env: home.env })).code).toBe(0);
    const refreshed = cacheFiles();
    const grown = [...beforeStats].filter(([name, { size }]) => (refreshed.get(name)?.size ?? 0) > size);
    expect(grown.length).toBeGreaterThan(0);
    expect(runs()).toBe('4');

    // Run 5 is not: nothing is written but the count.
    const fifth = await runCli(['history', '--json'], { env: home.env });
    expect([fifth.code, fifth.stdout]).toEqual([0, first.stdout]);
    expect(cacheFiles()).toEqual(refreshed);
    expect(runs()).toBe('5');
  });

  it('a damaged cache file is refused by V8 and written again; the command is unaffected', async () => {
    const before = await runCli(['history', '--json'], { env: home.env });
    const dir = join(codeDir(), readdirSync(codeDir())[0] as string);
    const [victim] = readdirSync(dir).filter((f) => f !== 'runs');
    writeFileSync(join(dir, victim as string), 'not a code cache');
    const run = await runCli(['history', '--json'], { env: home.env });
    expect([run.code, run.stdout, run.stderr]).toEqual([0, before.stdout, '']);
    expect(readFileSync(join(dir, victim as string)).length).toBeGreaterThan('not a code cache'.length);
  });

  it('a cache that cannot be written changes nothing but speed; AMPLIFY_NO_CODE_CACHE turns it off', async () => {
    const blocked = makeHome();
    const off = makeHome({ AMPLIFY_NO_CODE_CACHE: '1' });
    try {
      // A file where the directory should be (permissions alone do not stop root).
      writeFileSync(join(blocked.dir, 'cache'), 'in the way');
      const run = await runCli(['history', '--json'], { env: blocked.env });
      expect([run.code, run.stdout, run.stderr]).toEqual([0, '[]\n', '']);
      expect(readFileSync(join(blocked.dir, 'cache'), 'utf8')).toBe('in the way');
      const plain = await runCli(['history', '--json'], { env: off.env });
      expect([plain.code, plain.stdout]).toEqual([0, '[]\n']);
      expect(readdirSync(off.dir)).not.toContain('cache');
    } finally {
      blocked.cleanup();
      off.cleanup();
    }
  });
});
