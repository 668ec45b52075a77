// Deadlines and connection failures of any Postgres connection, without loading a client.
import { DatabaseUnavailableError, UserError, type ConnectionProblem } from '../errors.js';
import { describeUrl } from './connection-url.js';

/** A server by URL, or the embedded owner's Unix socket (file path). */
export type ConnectTarget = { url: string } | { socketPath: string };

/** How a target is named in messages: never with its credentials. */
function describeTarget(target: ConnectTarget): string {
  return 'socketPath' in target ? 'the embedded database' : `the database at ${describeUrl(target.url)}`;
}

/**
 * Runs one piece of work on a connection to `target` within `timeoutMs`; at the deadline,
 * `abort` ends the connection (a server that never answers, or answers with something other
 * than the Postgres protocol). Connection failures come back classified.
 */
export async function boundedCall<T>(target: ConnectTarget, timeoutMs: number, work: () => Promise<T>, abort: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort();
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
