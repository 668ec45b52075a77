import { DatabaseUnavailableError } from '../errors.js';

const PASSWORD_PARAMS = ['password', 'sslpassword'];

/**
 * A postgres:// URL with its password replaced by ***, wherever it is: in the user part, or
 * as a query parameter. A URL that does not parse is hidden whole after its scheme: it may
 * hold a password in a place no parser can find.
 */
export function redact(url: string): string {
  const parsed = tryParse(url);
  if (!parsed) return url.replace(/^([a-z][a-z0-9+.-]*:\/\/).*$/i, '$1***');
  if (parsed.password) parsed.password = '***';
  for (const name of PASSWORD_PARAMS) if (parsed.searchParams.has(name)) parsed.searchParams.set(name, '***');
  // URLSearchParams.set percent-encodes the stars: keep them readable.
  return parsed.toString().replaceAll('%2A%2A%2A', '***');
}

/** Where a URL points, for messages: host:port/database, never the credentials. */
export function describeUrl(url: string): string {
  const parsed = tryParse(url);
  if (!parsed) return 'the database URL';
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  return `${host}:${parsed.port || '5432'}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
}

export function isPostgresUrl(url: string): boolean {
  const parsed = tryParse(url);
  return parsed !== null && /^postgres(ql)?:$/.test(parsed.protocol);
}

export function assertValidUrl(url: string): void {
  if (!isPostgresUrl(url)) {
    throw new DatabaseUnavailableError(`the database URL is not a valid postgres:// URL: ${redact(url)}`, { problem: 'invalid-url' });
  }
}

/**
 * The URL without its password, and the password apart: for a client that must not see it
 * on its command line (psql's arguments show in `ps`).
 */
export function splitPassword(url: string): { url: string; password: string | null } {
  const parsed = tryParse(url);
  if (!parsed) return { url, password: null };
  let password: string | null = parsed.password ? decodeURIComponent(parsed.password) : null;
  parsed.password = '';
  const inQuery = parsed.searchParams.get('password');
  if (inQuery !== null) {
    password = inQuery;
    parsed.searchParams.delete('password');
  }
  return { url: parsed.toString(), password };
}

function tryParse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
