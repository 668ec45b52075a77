import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AuthError, DatabaseUnavailableError } from '../../errors.js';
import { withFileLock } from '../../file-lock.js';
import { anonHeaders, noAnswer } from './http.js';
import { STORAGE_KEY, type SessionFile, type StoredSession } from './session-file.js';

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
        if (!stored) throw file.signedOut();
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

  /**
   * One request to Supabase Auth's token endpoint, as supabase-js makes it, bounded by the
   * deadline. Not through supabase-js: it retries a refresh that gets no answer, with backoff,
   * for up to 30 seconds, which would hold an answer of the interview that long.
   */
  private async refresh(stored: StoredSession): Promise<StoredSession> {
    const { project } = this.file;
    let response: Response;
    try {
      response = await fetch(`${project.url}/auth/v1/token?grant_type=refresh_token`, {
        method: 'POST',
        headers: { ...anonHeaders(project), 'x-supabase-api-version': '2024-01-01' },
        body: JSON.stringify({ refresh_token: stored.refreshToken }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DatabaseUnavailableError(`Supabase Auth could not be reached to renew the sign-in (${noAnswer(error, this.timeoutMs)})`, { cause: error, problem: 'unreachable' });
    }
    const body = (await response.json().catch(() => null)) as { message?: unknown; expires_in?: unknown; expires_at?: unknown } | null;
    if (response.status >= 500) {
      throw new DatabaseUnavailableError(`Supabase Auth could not renew the sign-in (HTTP ${response.status})`, { problem: 'unreachable' });
    }
    if (!response.ok || !body) {
      // Revoked, signed out elsewhere, or the refresh token already used: only a new sign-in helps.
      this.file.remove();
      const message = typeof body?.message === 'string' ? body.message : `HTTP ${response.status}`;
      throw new AuthError(`the sign-in to ${project.url} has ended and cannot be renewed (${message})`);
    }
    // Kept as supabase-js keeps a session, so that its own calls (logout) read it too.
    const expiresAt = typeof body.expires_at === 'number' ? body.expires_at : Math.floor(Date.now() / 1000) + Number(body.expires_in ?? 0);
    this.file.setItem(STORAGE_KEY, JSON.stringify({ ...body, expires_at: expiresAt }));
    const renewed = this.file.session();
    if (!renewed) throw this.file.signedOut();
    return renewed;
  }
}
