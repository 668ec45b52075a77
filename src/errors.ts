/** A failure the user can act on: printed as one line plus an optional hint, exit 1. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Wrong flags or arguments: exit 2. */
export class UsageError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, hint, 2);
    this.name = 'UsageError';
  }
}

/**
 * The sign-in was refused (an expired or invalid access token): only signing in again helps.
 * Exit 4, as gh does for authentication.
 */
export class AuthError extends UserError {
  constructor(message: string, hint = 'Run `amplify login` to sign in again.') {
    super(message, hint, 4);
    this.name = 'AuthError';
  }
}

/** Ctrl+C at a prompt, or a signal during an interview. */
export class CancelledError extends Error {
  constructor(readonly exitCode = 130) {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * What went wrong on the way to a database, so that the command layer can say what to do
 * about it (src/main.ts maps each kind to a hint).
 */
export type ConnectionProblem =
  /** No answer: refused, reset, shut down, or unreachable network. */
  | 'unreachable'
  | 'timeout'
  | 'invalid-url'
  | 'unknown-host'
  | 'auth-failed'
  | 'no-database'
  /** Another process holds the migration lock of the database past the deadline. */
  | 'migration-locked'
  /** The embedded database's owner runs on another host (a shared home directory). */
  | 'owner-elsewhere'
  /** The embedded database's owner could not be started. */
  | 'owner-failed';

/** The database could not be reached or did not answer; the journal keeps the work. */
export class DatabaseUnavailableError extends Error {
  readonly problem: ConnectionProblem;
  /** A file the user may have to look at or remove (a lock, a log), for the hint. */
  readonly file?: string;

  constructor(message: string, options: { cause?: unknown; problem?: ConnectionProblem; file?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DatabaseUnavailableError';
    this.problem = options.problem ?? 'unreachable';
    this.file = options.file;
  }
}

/**
 * The database answered and said no (a constraint, an exception its function raised): it
 * is there, but will not take this write as it is. Told apart from a bug in amplify (a
 * TypeError, say) by the SQLSTATE code and severity a server error carries.
 */
export function isDatabaseRefusal(error: unknown): error is Error {
  // A refused sign-in says nothing about the data: nothing may be marked refused for it.
  if (error instanceof AuthError) return false;
  if (error instanceof UserError) return true;
  const fields = error as { code?: unknown; severity?: unknown } | null;
  // A SQLSTATE, or PostgREST's own code for a request it refused (PGRST202: no such function).
  return error instanceof Error && typeof fields?.severity === 'string' && typeof fields.code === 'string' && /^([0-9A-Z]{5}|PGRST\d{3})$/.test(fields.code);
}

/**
 * The journal could not be written (a full disk, a read-only or vanished directory): what
 * was being recorded is not durable, so nothing may be shown as saved.
 */
export class JournalWriteError extends Error {
  /** The answer that was being recorded when the write failed, so that the caller can hand it back. */
  unsavedAnswer?: string;

  constructor(
    readonly file: string,
    options: { cause: unknown },
  ) {
    const code = (options.cause as NodeJS.ErrnoException | null)?.code;
    super(`the journal could not be written${code ? ` (${code})` : ''}: ${file}`, options);
    this.name = 'JournalWriteError';
  }
}
