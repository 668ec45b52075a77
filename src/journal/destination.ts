import type { StoreSettings } from '../store/store-settings.js';
import type { JournalSession } from './journal.js';

/** Where a session's answers go: one database, as one user of it. */
export interface Destination {
  /** `backendIdentity` of the database. */
  database: string;
  userId: string;
}

/**
 * Which database is meant. A URL counts without its password (changing it does not change
 * the database, and no secret should end up in a file name or on the screen).
 */
export function backendIdentity(settings: StoreSettings, paths: { pgdata: string }): string {
  if (settings.backend === 'embedded') return `embedded:${paths.pgdata}`;
  if (settings.backend === 'supabase') return `supabase:${settings.project.url}`;
  try {
    const url = new URL(settings.databaseUrl);
    url.password = '';
    url.searchParams.delete('password');
    url.searchParams.delete('sslpassword');
    return `${settings.backend}:${url.href}`;
  } catch {
    return `${settings.backend}:${settings.databaseUrl}`;
  }
}

/**
 * Whether a journal entry's answers go to `here`. An entry from before destinations were
 * recorded goes wherever the settings point, as it always did; any other waits for its own
 * database and user, so switching databases never sends one's answers into another.
 */
export function belongsTo(session: Pick<JournalSession, 'database' | 'userId'>, here: Destination): boolean {
  return (session.database === null || session.database === here.database) && (session.userId === null || session.userId === here.userId);
}
