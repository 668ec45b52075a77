/**
 * A Supabase project URL on loopback: the PostgREST stand-in under /rest/v1 and the Auth
 * stand-in under /auth/v1 on one port, behind a gateway check of the `apikey` header, with the
 * anon and service-role keys signed (HS256) with the same secret as the access tokens.
 *
 * Reproduced from Supabase's API gateway: a request without `apikey` gets 401 "No API key found
 * in request", one with a key that is not the project's gets 401 "Invalid API key"; the keys
 * are JWTs `{iss: "supabase-demo", role: "anon" | "service_role", exp}` like a local project's.
 * Deviations: no /storage, /realtime, /functions, /graphql; the realtime websocket is not
 * served (supabase-js opens it only when a channel is subscribed); CORS is not answered.
 * See postgrest-standin.ts and auth-standin.ts for theirs.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { createAuth, type AuthStandin } from './auth-standin.js';
import { createClock, signJwt, type StandinClock } from './jwt.js';
import { createPostgrest, type PostgrestStandin } from './postgrest-standin.js';
import { header, sendJson, startStandinServer, type StandinHandler, type StandinServer } from './standin-server.js';
import type { SupabaseDatabase } from './supabase-db.js';

export const TEST_JWT_SECRET = 'amplify-test-jwt-secret-with-at-least-32-characters';

export interface SupabaseStandinOptions {
  allowSignups?: boolean;
  accessTokenLifetimeSeconds?: number;
  refreshTokenReuseIntervalSeconds?: number;
  jwtSecret?: string;
}

export interface SupabaseStandin extends StandinServer {
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  /** Shared by both services: move it forward to expire tokens or leave a reuse window. */
  clock: StandinClock;
  auth: AuthStandin;
  postgrest: PostgrestStandin;
}

export async function startSupabaseStandin(db: SupabaseDatabase, options: SupabaseStandinOptions = {}): Promise<SupabaseStandin> {
  const jwtSecret = options.jwtSecret ?? TEST_JWT_SECRET;
  const clock = createClock();
  const exp = clock.nowSeconds() + 10 * 365 * 24 * 3600;
  const anonKey = signJwt({ iss: 'supabase-demo', role: 'anon', exp }, jwtSecret);
  const serviceRoleKey = signJwt({ iss: 'supabase-demo', role: 'service_role', exp }, jwtSecret);
  const keys = [anonKey, serviceRoleKey];

  const postgrest = createPostgrest({ databaseUrl: db.authenticatorUrl, jwtSecret, clock });
  let auth: AuthStandin | undefined;
  const server = await startStandinServer([
    { prefix: '/rest/v1', handler: gateway(keys, postgrest.handler) },
    { prefix: '/auth/v1', handler: gateway(keys, (...args) => (auth as AuthStandin).handler(...args)) },
  ]);
  auth = createAuth({
    databaseUrl: db.url,
    jwtSecret,
    issuer: `${server.url}/auth/v1`,
    clock,
    allowSignups: options.allowSignups,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds,
    refreshTokenReuseIntervalSeconds: options.refreshTokenReuseIntervalSeconds,
  });
  const createdAuth = auth;
  return {
    ...server,
    anonKey,
    serviceRoleKey,
    jwtSecret,
    clock,
    auth: createdAuth,
    postgrest,
    stop: async () => {
      await server.stop();
      await Promise.all([postgrest.close(), createdAuth.close()]);
    },
  };
}

function gateway(keys: string[], next: StandinHandler): StandinHandler {
  return async (req, res, path, body) => {
    const apikey = header(req, 'apikey') ?? new URL(req.url ?? '/', 'http://localhost').searchParams.get('apikey') ?? undefined;
    if (apikey === undefined) {
      sendJson(res, 401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' });
      return;
    }
    if (!keys.includes(apikey)) {
      sendJson(res, 401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' });
      return;
    }
    await next(req, res, path, body);
  };
}

/** A supabase-js storage adapter in memory; `items` shows what the client stored. */
export function memoryStorage(): { items: Map<string, string>; getItem(k: string): string | null; setItem(k: string, v: string): void; removeItem(k: string): void } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => {
      items.set(k, v);
    },
    removeItem: (k) => {
      items.delete(k);
    },
  };
}

/** The real supabase-js client, configured as a Node 20 CLI must (ws transport, explicit storage). */
export function createStandinClient(
  standin: Pick<SupabaseStandin, 'url' | 'anonKey'>,
  storage: ReturnType<typeof memoryStorage> = memoryStorage(),
): SupabaseClient {
  return createClient(standin.url, standin.anonKey, {
    realtime: { transport: WebSocket as never },
    auth: { storage, persistSession: true, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
