import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { BIN } from '../support/cli.js';
import { makeHome } from '../support/home.js';

const run = promisify(execFile);
const home = makeHome();
afterAll(() => home.cleanup());

test.each([['--help'], ['start', '--help']])('`amplify %s | head -c 1`: the closed pipe ends it quietly, exit 0', async (...args) => {
  const { stdout, stderr } = await run('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" ${args.join(' ')} | head -c 1`], {
    env: home.env,
  });
  expect(stdout).toHaveLength(1);
  expect(stderr).toBe('');
});
