import postgres from 'postgres';
import { DatabaseUnavailableError, UserError, type ConnectionProblem } from '../errors.js';
import { assertValidUrl, describeUrl } from './connection-url.js';
import type { SqlExecutor } from './migrate.js';

/** A server by URL, or the embedded owner's Unix socket (file path). */
export type ConnectTarget = { url: string } | { socketPath: string };

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

/** How a target is named in messages: never with its credentials. */
function describeTarget(target: ConnectTarget): string {
  return 'socketPath' in target ? 'the embedded database' : `the database at ${describeUrl(target.url)}`;
}

/**
 * Runs one piece of work on `sql` within `timeoutMs`. A server that never answers, or answers
 * with something other than the Postgres protocol (the client would reconnect forever), ends
 * the connection at the deadline. Connection failures come back classified.
 */
export async function withinDeadline<T>(sql: postgres.Sql, target: ConnectTarget, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Ending with timeout 0 destroys the socket at once; its own rejection is of no interest.
      void sql.end({ timeout: 0 }).catch(() => undefined);
      reject(new DatabaseUnavailableError(`${describeTarget(target)} did not answer within ${timeoutMs} ms`, { problem: 'timeout' }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work(), deadline]);
  } catch (error) {
    throw classifyConnectionError(error, target);
  } finally {
    clearTimeout(timer);
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin shutdown
  '57P02', // crash shutdown
  '57P03', // cannot connect now
]);

/**
 * A connection failure as a DatabaseUnavailableError with its kind and a one-line message;
 * anything else (a SQL error, a bug) is returned as it is.
 */
function classifyConnectionError(error: unknown, target: ConnectTarget): unknown {
  if (error instanceof DatabaseUnavailableError || error instanceof UserError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  const where = describeTarget(target);
  const fail = (problem: ConnectionProblem, message: string) => new DatabaseUnavailableError(message, { problem, cause: error });
  const serverSays = (error as Error).message;
  if (code === 'ERR_INVALID_URL') return fail('invalid-url', 'the database URL is not a valid postgres:// URL');
  if (code === '28P01' || code === '28000') return fail('auth-failed', `${where} refused the login: ${serverSays}`);
  if (code === '3D000') return fail('no-database', `${where}: ${serverSays}`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const host = (error as { hostname?: string }).hostname;
    return fail('unknown-host', `cannot find the database host${host ? ` '${host}'` : ''} (${code})`);
  }
  if (code === 'CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return fail('timeout', `${where} did not answer in time (${code})`);
  if (code === 'ECONNREFUSED' && 'url' in target) return fail('unreachable', `nothing accepts connections at ${describeUrl(target.url)} (connection refused)`);
  if (UNREACHABLE.has(code) || code.startsWith('08') || code.startsWith('53')) return fail('unreachable', `cannot reach ${where} (${code})`);
  return error;
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
