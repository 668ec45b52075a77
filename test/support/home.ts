import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { resolvePaths, type AmplifyPaths } from '../../src/paths.js';
import { stopOwner } from '../../src/store/embedded/client.js';
import { runCli } from './cli.js';

export interface TestHome {
  dir: string;
  env: NodeJS.ProcessEnv;
  paths: AmplifyPaths;
  /** Stops the database owner this home started and deletes the directory. */
  cleanup(): Promise<void>;
}

/** A throwaway AMPLIFY_HOME: tests never touch the real one. Owners there stop after 5 idle seconds. */
export function makeHome(extraEnv: NodeJS.ProcessEnv = {}): TestHome {
  // Short: a Unix socket path must stay under 108 bytes.
  const dir = mkdtempSync(join(tmpdir(), 'amp-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    AMPLIFY_HOME: dir,
    AMPLIFY_OWNER_IDLE_MS: '5000',
    NO_COLOR: '1',
    ...extraEnv,
  };
  const paths = resolvePaths(env);
  return {
    dir,
    env,
    paths,
    cleanup: async () => {
      await stopOwner(paths);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A home for a test file (or describe block) whose database exists before its first test:
 * one `history` creates it; the owner is stopped and the directory removed after the last.
 */
export function useReadyHome(extraEnv: NodeJS.ProcessEnv = {}): TestHome {
  const home = makeHome(extraEnv);
  beforeAll(async () => {
    const first = await runCli(['history'], { env: home.env });
    expect(first.code, first.stderr).toBe(0);
  });
  afterAll(() => home.cleanup());
  return home;
}
