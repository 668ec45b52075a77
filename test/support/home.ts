import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePaths, type AmplifyPaths } from '../../src/paths.js';
import { stopOwner } from '../../src/store/embedded/client.js';

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
