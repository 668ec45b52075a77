import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AuthError, DatabaseUnavailableError } from '../../errors.js';
import { withFileLock } from '../../file-lock.js';
import { authClient } from './client.js';
import type { SessionFile, StoredSession } from './session-file.js';

/** A token this close to its expiry, by this machine's clock, is renewed before it is used. */
const RENEW_MARGIN_MS = 60_000;

/**
 * The access token of the kept sign-in, renewed when it expires. Refresh tokens rotate, and a
 * refresh token presented twice outside a short window revokes the whole sign-in: so renewing
 * happens under a lock shared by every amplify process, and re-reads the kept sign-in first,
 * in case another process renewed it meanwhile.
 */
export class AccessTokens {
  private session: StoredSession;

  constructor(
    private readonly file: SessionFile,
    private readonly timeoutMs: number,
    session: StoredSession,
  ) {
    this.session = session;
  }

  /** What the data client sends: the token `valid()` or `renew()` settled on last. */
  get latest(): string {
    return this.session.accessToken;
  }

  get user(): StoredSession['user'] {
    return this.session.user;
  }

  /** A token that will not expire within a minute, by this machine's clock. */
  async valid(): Promise<string> {
    if (this.session.expiresAt * 1000 - Date.now() <= RENEW_MARGIN_MS) await this.renew(this.session.accessToken);
    return this.session.accessToken;
  }

  /** The project refused `rejected` (expired by its clock): renew it, unless another process already has. */
  async renew(rejected: string): Promise<void> {
    const { file } = this;
    mkdirSync(dirname(file.lockPath), { recursive: true, mode: 0o700 });
    await withFileLock(
      file.lockPath,
      async () => {
        const stored = file.session();
        if (!stored) throw signedOut(file);
        if (stored.accessToken !== rejected && stored.expiresAt * 1000 - Date.now() > RENEW_MARGIN_MS) {
          this.session = stored;
          return;
        }
        this.session = await this.refresh(stored);
      },
      {
        waitMs: this.timeoutMs * 2,
        busy: () => new DatabaseUnavailableError('another amplify has been renewing the Supabase sign-in for too long', { problem: 'timeout' }),
      },
    );
  }

  private async refresh(stored: StoredSession): Promise<StoredSession> {
    const client = await authClient(this.file.project, this.file, this.timeoutMs);
    const { error } = await client.auth.refreshSession({ refresh_token: stored.refreshToken });
    if (error) {
      const status = (error as { status?: number }).status ?? 0;
      if (error.name === 'AuthRetryableFetchError' || status === 0 || status >= 500) {
        throw new DatabaseUnavailableError(`Supabase Auth could not be reached to renew the sign-in (${error.message})`, { cause: error, problem: 'unreachable' });
      }
      // Revoked, signed out elsewhere, or the refresh token already used: only a new sign-in helps.
      this.file.remove();
      throw new AuthError(`the sign-in to ${this.file.project.url} has ended and cannot be renewed (${error.message})`);
    }
    const renewed = this.file.session();
    if (!renewed) throw signedOut(this.file);
    return renewed;
  }
}

function signedOut(file: SessionFile): AuthError {
  return new AuthError(`not signed in to ${file.project.url}`, 'Run `amplify login` to sign in.');
}
