/**
 * A stand-in for Supabase Auth (GoTrue v2) for what supabase-js's auth client does from a CLI:
 * POST /signup, POST /token?grant_type=password|refresh_token, POST /otp + POST /verify (email
 * one-time code), GET /user, POST /logout?scope=global|local|others.
 *
 * Reproduced from supabase/auth (internal/api/{token,signup,otp,verify,logout,auth,errors}.go,
 * internal/tokens/service.go, internal/models/refresh_token.go):
 * - Users live in the prepared database's real auth.users (passwords hashed with pgcrypto's
 *   bcrypt in schema extensions), so foreign keys and auth.uid() see them.
 * - Access tokens: HS256 with the project secret; claims iss, sub, aud "authenticated", exp, iat,
 *   email, phone, app_metadata, user_metadata, role "authenticated", aal, amr, session_id,
 *   is_anonymous. Lifetime configurable (accessTokenLifetimeSeconds).
 * - Token answers `{access_token, token_type: "bearer", expires_in, expires_at, refresh_token, user}`.
 * - Refresh-token rotation (RefreshTokenGrant): each refresh revokes the token presented and
 *   issues a child. A revoked token that is the parent of the session's active one gets the
 *   active one back. Another revoked token is swapped again while within the reuse interval
 *   (10 s after it was last revoked; a swap revokes it again and so restarts that window, as
 *   GoTrue's UpdateOnly touches updated_at); after it: every token of the session is revoked (their
 *   revocation time set to now, as RevokeTokenFamily does) and 400 refresh_token_already_used
 *   "Invalid Refresh Token: Already Used". Note, as in the real service, that the token that
 *   was current at that moment is then itself a revoked token "within the interval" for 10 s.
 * - Error bodies: with `X-Supabase-Api-Version: 2024-01-01` (auth-js sends it) `{code, message}`
 *   and the header echoed back; without it `{code: <status>, error_code, msg}` and
 *   `x-sb-error-code`.
 * - GET /user and /logout need a valid access token whose session still exists (403 bad_jwt,
 *   403 session_not_found); logout deletes sessions and so their refresh tokens.
 *
 * Deviations:
 * - Email confirmation is off (mailer_autoconfirm): signup signs in at once. No emails: the
 *   one-time code of /otp is read with lastOtp(email). No rate limits (GoTrue allows one OTP
 *   per 60 s per address), no captcha, no PKCE flow, no MFA, no phone, no identities rows.
 * - Sessions and refresh tokens are kept in memory, not in auth.sessions / auth.refresh_tokens.
 * - Refresh tokens are 12-character [a-z0-9] strings (GoTrue's v1 format).
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import postgres from 'postgres';
import { createClock, JwtError, signJwt, verifyJwt, type JwtClaims, type StandinClock } from './jwt.js';
import { bearerToken, header, sendJson, startStandinServer, type StandinHandler, type StandinServer } from './standin-server.js';

export interface AuthStandinOptions {
  /** The prepared database as a superuser (Supabase Auth owns schema auth). */
  databaseUrl: string;
  jwtSecret: string;
  /** Issuer claim: `<project url>/auth/v1`. */
  issuer: string;
  clock?: StandinClock;
  allowSignups?: boolean;
  accessTokenLifetimeSeconds?: number;
  refreshTokenReuseIntervalSeconds?: number;
  otpLifetimeSeconds?: number;
}

export interface AuthStandin {
  /** Serves paths relative to /auth/v1. */
  handler: StandinHandler;
  /** The one-time code last sent to this address, as the email would carry it. */
  lastOtp(email: string): string | undefined;
  /** Changes settings of the running service (what the dashboard would). */
  configure(settings: { allowSignups?: boolean; accessTokenLifetimeSeconds?: number }): void;
  /** Sessions of a user still alive (for assertions about revocation and logout). */
  sessionCount(userId: string): number;
  close(): Promise<void>;
}

interface RefreshToken {
  id: number;
  token: string;
  parent: string | null;
  sessionId: string;
  revoked: boolean;
  updatedAtMs: number;
}

interface Session {
  id: string;
  userId: string;
  method: string;
  signedInAt: number;
}

interface UserRow {
  id: string;
  aud: string;
  role: string;
  email: string;
  email_confirmed_at: Date | null;
  confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  is_anonymous: boolean;
  password_ok?: boolean;
}

class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const USER_COLUMNS = `id, aud, role, email, email_confirmed_at, confirmed_at, last_sign_in_at, raw_app_meta_data,
  raw_user_meta_data, created_at, updated_at, is_anonymous`;

export function createAuth(options: AuthStandinOptions): AuthStandin {
  const clock = options.clock ?? createClock();
  let allowSignups = options.allowSignups ?? true;
  let lifetime = options.accessTokenLifetimeSeconds ?? 3600;
  const reuseInterval = options.refreshTokenReuseIntervalSeconds ?? 10;
  const otpLifetime = options.otpLifetimeSeconds ?? 3600;
  const sql = postgres(options.databaseUrl, { max: 2, onnotice: () => {}, idle_timeout: 0, connection: { application_name: 'auth-standin' } });
  const sessions = new Map<string, Session>();
  const refreshTokens = new Map<string, RefreshToken>();
  const otps = new Map<string, { code: string; sentAtMs: number }>();
  let nextTokenId = 1;

  const handler: StandinHandler = async (req, res, path, raw) => {
    try {
      await route(req, res, path, parseBody(raw));
    } catch (error) {
      sendError(req, res, error);
    }
  };

  async function route(req: IncomingMessage, res: ServerResponse, path: string, body: Record<string, unknown>): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const key = `${req.method ?? 'GET'} ${path}`;
    if (key === 'POST /signup') return sendJson(res, 200, await signup(body));
    if (key === 'POST /token') {
      const grant = url.searchParams.get('grant_type');
      if (grant === 'password') return sendJson(res, 200, await passwordGrant(body));
      if (grant === 'refresh_token') return sendJson(res, 200, await refreshGrant(body));
      throw new AuthError(400, 'invalid_credentials', 'unsupported_grant_type');
    }
    if (key === 'POST /otp') return sendJson(res, 200, await sendOtp(body));
    if (key === 'POST /verify') return sendJson(res, 200, await verifyOtp(body));
    if (key === 'GET /user') {
      const { user } = await requireAuthentication(req);
      return sendJson(res, 200, userJson(user));
    }
    if (key === 'POST /logout') {
      await logout(req, url.searchParams.get('scope') ?? '');
      res.writeHead(204);
      res.end();
      return;
    }
    throw new AuthError(404, 'not_found', 'Not Found');
  }

  async function signup(body: Record<string, unknown>) {
    if (!allowSignups) throw new AuthError(422, 'signup_disabled', 'Signups not allowed for this instance');
    const password = typeof body.password === 'string' ? body.password : '';
    if (password === '') throw new AuthError(400, 'validation_failed', 'Signup requires a valid password');
    const email = validEmail(body.email);
    if (password.length < 6) {
      throw new AuthError(422, 'weak_password', 'Password should be at least 6 characters.', { weak_password: { reasons: ['length'] } });
    }
    const data = typeof body.data === 'object' && body.data !== null ? body.data : {};
    const existing = await findUser(email);
    if (existing) throw new AuthError(422, 'user_already_exists', 'User already registered');
    const now = new Date(clock.nowMs());
    const [user] = await sql<UserRow[]>`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                              raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous)
      values ('00000000-0000-0000-0000-000000000000', ${randomUUID()}, 'authenticated', 'authenticated', ${email},
              extensions.crypt(${password}, extensions.gen_salt('bf')), ${now},
              ${sql.json({ provider: 'email', providers: ['email'] })}, ${sql.json(data as postgres.JSONValue)}, ${now}, ${now}, false)
      returning ${sql.unsafe(USER_COLUMNS)}`;
    return issueSession(user as UserRow, 'password');
  }

  async function passwordGrant(body: Record<string, unknown>) {
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (email === '') throw new AuthError(400, 'validation_failed', 'missing email or phone');
    const [user] = await sql<UserRow[]>`
      select ${sql.unsafe(USER_COLUMNS)},
             encrypted_password is not null and encrypted_password = extensions.crypt(${password}, encrypted_password) as password_ok
      from auth.users where email = ${email} and not is_sso_user`;
    if (!user || !user.password_ok) throw new AuthError(400, 'invalid_credentials', 'Invalid login credentials');
    if (!user.email_confirmed_at) throw new AuthError(400, 'email_not_confirmed', 'Email not confirmed');
    return issueSession(user, 'password');
  }

  async function refreshGrant(body: Record<string, unknown>) {
    const presented = typeof body.refresh_token === 'string' ? body.refresh_token : '';
    if (presented.length < 12) throw new AuthError(400, 'validation_failed', 'Refresh token is not valid');
    const token = refreshTokens.get(presented);
    const session = token ? sessions.get(token.sessionId) : undefined;
    if (!token || !session) throw new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    const user = await userById(session.userId);
    if (!user) throw new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
    const now = clock.nowMs();
    let issued: string;
    const active = activeToken(session.id);
    if (token.revoked && active && active.parent === token.token) {
      // The client lost the answer of its last refresh: hand back what it would have stored.
      issued = active.token;
    } else {
      if (token.revoked && now > token.updatedAtMs + reuseInterval * 1000) {
        for (const t of refreshTokens.values()) {
          if (t.sessionId === session.id && !t.revoked) {
            t.revoked = true;
            t.updatedAtMs = now;
          }
        }
        throw new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used');
      }
      token.revoked = true;
      token.updatedAtMs = now;
      issued = newRefreshToken(session.id, token.token).token;
    }
    return tokenAnswer(user, session, issued);
  }

  async function sendOtp(body: Record<string, unknown>) {
    const email = validEmail(body.email);
    const createUser = body.create_user !== false;
    let user = await findUser(email);
    if (!user) {
      if (!createUser || !allowSignups) throw new AuthError(422, 'otp_disabled', 'Signups not allowed for otp');
      const now = new Date(clock.nowMs());
      const data = typeof body.data === 'object' && body.data !== null ? body.data : {};
      [user] = await sql<UserRow[]>`
        insert into auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data,
                                created_at, updated_at, is_anonymous)
        values ('00000000-0000-0000-0000-000000000000', ${randomUUID()}, 'authenticated', 'authenticated', ${email},
                ${sql.json({ provider: 'email', providers: ['email'] })}, ${sql.json(data as postgres.JSONValue)}, ${now}, ${now}, false)
        returning ${sql.unsafe(USER_COLUMNS)}`;
    }
    otps.set(email, { code: String(randomInt(0, 1_000_000)).padStart(6, '0'), sentAtMs: clock.nowMs() });
    return {};
  }

  async function verifyOtp(body: Record<string, unknown>) {
    const type = typeof body.type === 'string' ? body.type : '';
    if (type === '') throw new AuthError(400, 'validation_failed', 'Verify requires a verification type');
    if (!['email', 'magiclink', 'signup'].includes(type)) throw new AuthError(400, 'validation_failed', 'Unsupported verification type');
    const token = typeof body.token === 'string' ? body.token : '';
    if (token === '') throw new AuthError(400, 'validation_failed', 'Verify requires a token or a token hash');
    const email = validEmail(body.email);
    const sent = otps.get(email);
    const user = await findUser(email);
    if (!user || !sent || sent.code !== token || clock.nowMs() > sent.sentAtMs + otpLifetime * 1000) {
      throw new AuthError(403, 'otp_expired', 'Token has expired or is invalid');
    }
    otps.delete(email);
    const [confirmed] = await sql<UserRow[]>`
      update auth.users set email_confirmed_at = coalesce(email_confirmed_at, ${new Date(clock.nowMs())})
      where id = ${user.id} returning ${sql.unsafe(USER_COLUMNS)}`;
    return issueSession(confirmed as UserRow, 'otp');
  }

  async function requireAuthentication(req: IncomingMessage): Promise<{ user: UserRow; session: Session | undefined; claims: JwtClaims }> {
    const token = bearerToken(req);
    if (!token) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
    let claims: JwtClaims;
    try {
      claims = verifyJwt(token, options.jwtSecret, clock.nowSeconds(), 0);
    } catch (error) {
      if (!(error instanceof JwtError)) throw error;
      const reason = error.message === 'JWT expired' ? 'token has invalid claims: token is expired' : 'signature is invalid';
      throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`);
    }
    if (typeof claims.sub !== 'string' || claims.sub === '') throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim');
    const user = await userById(claims.sub);
    if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
    let session: Session | undefined;
    if (typeof claims.session_id === 'string') {
      session = sessions.get(claims.session_id);
      if (!session) throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
    }
    return { user, session, claims };
  }

  async function logout(req: IncomingMessage, scope: string): Promise<void> {
    if (!['', 'global', 'local', 'others'].includes(scope)) {
      throw new AuthError(400, 'validation_failed', `Unsupported logout scope "${scope}"`);
    }
    const { user, session } = await requireAuthentication(req);
    const doomed = [...sessions.values()].filter((s) => {
      if (s.userId !== user.id) return false;
      if (scope === 'local' && session) return s.id === session.id;
      if (scope === 'others' && session) return s.id !== session.id;
      return true;
    });
    for (const s of doomed) {
      sessions.delete(s.id);
      for (const [token, t] of refreshTokens) if (t.sessionId === s.id) refreshTokens.delete(token);
    }
  }

  async function issueSession(user: UserRow, method: string) {
    const session: Session = { id: randomUUID(), userId: user.id, method, signedInAt: clock.nowSeconds() };
    sessions.set(session.id, session);
    const [signedIn] = await sql<UserRow[]>`
      update auth.users set last_sign_in_at = ${new Date(clock.nowMs())} where id = ${user.id}
      returning ${sql.unsafe(USER_COLUMNS)}`;
    return tokenAnswer(signedIn as UserRow, session, newRefreshToken(session.id, null).token);
  }

  function tokenAnswer(user: UserRow, session: Session, refreshToken: string) {
    const iat = clock.nowSeconds();
    const exp = iat + lifetime;
    const claims = {
      iss: options.issuer,
      sub: user.id,
      aud: 'authenticated',
      exp,
      iat,
      email: user.email,
      phone: '',
      app_metadata: user.raw_app_meta_data ?? {},
      user_metadata: user.raw_user_meta_data ?? {},
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: session.method, timestamp: session.signedInAt }],
      session_id: session.id,
      is_anonymous: user.is_anonymous,
    };
    return {
      access_token: signJwt(claims, options.jwtSecret),
      token_type: 'bearer',
      expires_in: lifetime,
      expires_at: exp,
      refresh_token: refreshToken,
      user: userJson(user),
    };
  }

  function newRefreshToken(sessionId: string, parent: string | null): RefreshToken {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const token = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('');
    const created: RefreshToken = { id: nextTokenId++, token, parent, sessionId, revoked: false, updatedAtMs: clock.nowMs() };
    refreshTokens.set(token, created);
    return created;
  }

  function activeToken(sessionId: string): RefreshToken | undefined {
    let latest: RefreshToken | undefined;
    for (const t of refreshTokens.values()) {
      if (t.sessionId === sessionId && !t.revoked && (!latest || t.id > latest.id)) latest = t;
    }
    return latest;
  }

  async function findUser(email: string): Promise<UserRow | undefined> {
    const [user] = await sql<UserRow[]>`select ${sql.unsafe(USER_COLUMNS)} from auth.users where email = ${email} and not is_sso_user`;
    return user;
  }

  async function userById(id: string): Promise<UserRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [user] = await sql<UserRow[]>`select ${sql.unsafe(USER_COLUMNS)} from auth.users where id = ${id}`;
    return user;
  }

  return {
    handler,
    lastOtp: (email) => otps.get(email.trim().toLowerCase())?.code,
    configure: (settings) => {
      if (settings.allowSignups !== undefined) allowSignups = settings.allowSignups;
      if (settings.accessTokenLifetimeSeconds !== undefined) lifetime = settings.accessTokenLifetimeSeconds;
    },
    sessionCount: (userId) => [...sessions.values()].filter((s) => s.userId === userId).length,
    close: () => sql.end({ timeout: 1 }),
  };
}

/** The Auth stand-in alone on its own port, under /auth/v1. */
export async function startAuthStandin(options: Omit<AuthStandinOptions, 'issuer'>): Promise<StandinServer & { auth: AuthStandin }> {
  let auth: AuthStandin | undefined;
  const server = await startStandinServer([{ prefix: '/auth/v1', handler: (...args) => (auth as AuthStandin).handler(...args) }]);
  auth = createAuth({ ...options, issuer: `${server.url}/auth/v1` });
  const created = auth;
  return {
    ...server,
    auth: created,
    stop: async () => {
      await server.stop();
      await created.close();
    },
  };
}

function userJson(user: UserRow) {
  const iso = (d: Date | null) => (d ? d.toISOString() : undefined);
  return {
    id: user.id,
    aud: user.aud,
    role: user.role,
    email: user.email,
    email_confirmed_at: iso(user.email_confirmed_at),
    phone: '',
    confirmed_at: iso(user.confirmed_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities: [],
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
    is_anonymous: user.is_anonymous,
  };
}

function validEmail(value: unknown): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (email === '') throw new AuthError(400, 'validation_failed', 'An email address is required');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 255) {
    throw new AuthError(400, 'email_address_invalid', 'Unable to validate email address: invalid format');
  }
  return email;
}

function parseBody(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below, as GoTrue does
  }
  throw new AuthError(400, 'bad_json', 'Could not parse request body as JSON');
}

/** GoTrue's HandleResponseError: the body's shape follows the X-Supabase-Api-Version header. */
function sendError(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  const e = error instanceof AuthError ? error : new AuthError(500, 'unexpected_failure', 'Unexpected failure, please check server logs for more information');
  const requested = header(req, 'x-supabase-api-version');
  const dated = requested !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(requested) && requested >= '2024-01-01';
  if (dated) {
    sendJson(res, e.status, { code: e.errorCode, message: e.message, ...e.extra }, { 'X-Supabase-Api-Version': '2024-01-01' });
  } else {
    sendJson(res, e.status, { code: e.status, error_code: e.errorCode, msg: e.message, ...e.extra }, { 'x-sb-error-code': e.errorCode });
  }
}
