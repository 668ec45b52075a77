import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AmplifyPaths {
  config: string;
  journal: string;
  data: string;
  /** The PGlite data directory. */
  pgdata: string;
  lockFile: string;
  /** A directory holding `.s.PGSQL.5432`, so `psql -h <socketDir>` connects. */
  socketDir: string;
  ownerLog: string;
  /** What can be rebuilt at any time (the code cache of compile-cache.ts). */
  cache: string;
}

/** Everything under AMPLIFY_HOME when set, otherwise the XDG base directories. */
export function resolvePaths(env: NodeJS.ProcessEnv): AmplifyPaths {
  const home = env.AMPLIFY_HOME;
  const config = home ? join(home, 'config') : join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'amplify');
  const data = home ? join(home, 'data') : join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'amplify');
  const cache = home ? join(home, 'cache') : join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'amplify');
  return {
    config,
    journal: join(config, 'journal'),
    data,
    pgdata: join(data, 'pgdata'),
    lockFile: join(data, 'owner.lock'),
    socketDir: socketDirFor(data),
    ownerLog: join(data, 'owner.log'),
    cache,
  };
}

export const SOCKET_FILE = '.s.PGSQL.5432';

/**
 * A Unix socket path holds at most 107 bytes: a data directory too deep for one gets its
 * socket in a directory of its own under the system's temporary directory.
 */
function socketDirFor(data: string): string {
  if (Buffer.byteLength(join(data, SOCKET_FILE)) <= 100) return data;
  // Loaded here only: node:crypto costs every command a few ms to load.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return join(tmpdir(), `amplify-${createHash('sha256').update(data).digest('hex').slice(0, 16)}`);
}
