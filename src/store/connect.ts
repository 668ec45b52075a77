import postgres from 'postgres';
import { boundedCall, type ConnectTarget } from './bounded-call.js';
import { assertValidUrl } from './connection-url.js';
import type { SqlExecutor } from './migrate.js';

export type { ConnectTarget } from './bounded-call.js';

export interface ConnectOptions {
  /** How long connecting, and each bounded call (see `withinDeadline`), may take. */
  timeoutMs: number;
  /** Connections in the pool; amplify's own work is sequential. */
  max?: number;
}

/**
 * The one recipe for a Postgres client in amplify. An invalid URL is refused here, as a
 * DatabaseUnavailableError('invalid-url'), not as a TypeError from deep in the client.
 */
export function connect(target: ConnectTarget, options: ConnectOptions): postgres.Sql {
  const common = {
    max: options.max ?? 1,
    // pglite-socket shares one backend session between clients: named statements would collide.
    prepare: false,
    // Saves a catalog query per connection; arrays travel as JSON instead.
    fetch_types: false,
    onnotice: () => {},
    connect_timeout: Math.max(1, Math.ceil(options.timeoutMs / 1000)),
    idle_timeout: 0,
    connection: { application_name: 'amplify' },
  } satisfies postgres.Options<{}>;
  if ('socketPath' in target) return postgres({ ...common, path: target.socketPath, username: 'postgres', database: 'postgres' });
  assertValidUrl(target.url);
  return postgres(target.url, common);
}

/**
 * Runs one piece of work on `sql` within `timeoutMs`. A server that never answers, or answers
 * with something other than the Postgres protocol (the client would reconnect forever), ends
 * the connection at the deadline. Connection failures come back classified.
 */
export function withinDeadline<T>(sql: postgres.Sql, target: ConnectTarget, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  // Ending with timeout 0 destroys the socket at once; its own rejection is of no interest.
  return boundedCall(target, timeoutMs, work, () => void sql.end({ timeout: 0 }).catch(() => undefined));
}

/**
 * The migrator's view of a server connection: scripts run with the simple protocol (several
 * statements at once), queries with parameters. `bound` wraps every round trip, e.g. in
 * `withinDeadline`.
 */
export function postgresExecutor(sql: postgres.Sql, bound: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()): SqlExecutor {
  return {
    exec: (script) =>
      bound(async () => {
        await sql.unsafe(script).simple();
      }),
    query: <T>(text: string, params: unknown[] = []) =>
      bound(async () => [...(await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]))] as T[]),
  };
}
