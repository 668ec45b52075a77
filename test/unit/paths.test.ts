import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { resolvePaths, SOCKET_FILE } from '../../src/paths.js';

test('the socket sits beside the data when its path fits in a Unix socket address', () => {
  const paths = resolvePaths({ AMPLIFY_HOME: '/tmp/amplify-home' });
  expect(paths.socketDir).toBe('/tmp/amplify-home/data');
});

test('a data directory too deep for a socket address gets a socket directory named by its hash', () => {
  const home = join('/tmp', 'd'.repeat(120));
  const paths = resolvePaths({ AMPLIFY_HOME: home });
  const hash = createHash('sha256').update(join(home, 'data')).digest('hex').slice(0, 16);
  expect(paths.socketDir).toBe(join(tmpdir(), `amplify-${hash}`));
  expect(Buffer.byteLength(join(paths.socketDir, SOCKET_FILE))).toBeLessThanOrEqual(107);
});
