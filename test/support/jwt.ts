import { createHmac, timingSafeEqual } from 'node:crypto';

/** HS256 JSON Web Tokens, as Supabase signs its API keys and access tokens with the project's secret. */

export type JwtClaims = Record<string, unknown>;

export function signJwt(claims: JwtClaims, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${hmac(`${header}.${payload}`, secret)}`;
}

/** Why a token is refused, in PostgREST v12's words (its JWT library's `show` of the error). */
export class JwtError extends Error {}

/**
 * Verifies signature and expiry at `nowSeconds` with PostgREST's 30 s allowed skew by default.
 * The messages are PostgREST v12's: "JWT expired", "JWSError JWSInvalidSignature", ...
 */
export function verifyJwt(token: string, secret: string, nowSeconds: number, skewSeconds = 30): JwtClaims {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw new JwtError(`JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got ${parts.length})`);
  }
  const [header = '', payload = '', signature = ''] = parts;
  let alg: unknown;
  let claims: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('JWSError (JSONDecodeError "Error in $: not a valid json value")');
  }
  if (alg !== 'HS256') throw new JwtError('JWSError JWSInvalidSignature');
  const expected = Buffer.from(hmac(`${header}.${payload}`, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new JwtError('JWSError JWSInvalidSignature');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new JwtError('JWTClaimsSetDecodeError "Error in $: expected Object"');
  }
  const { exp, nbf } = claims as { exp?: unknown; nbf?: unknown };
  if (typeof exp === 'number' && nowSeconds > exp + skewSeconds) throw new JwtError('JWT expired');
  if (typeof nbf === 'number' && nowSeconds + skewSeconds < nbf) throw new JwtError('JWTNotYetValid');
  return claims as JwtClaims;
}

/** The claims of a token without verifying it (for tests that inspect what a stand-in issued). */
export function decodeJwt(token: string): JwtClaims {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtClaims;
}

function hmac(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The stand-ins' notion of now: real time plus an offset a test moves forward instead of sleeping. */
export interface StandinClock {
  nowMs(): number;
  nowSeconds(): number;
  advance(seconds: number): void;
}

export function createClock(): StandinClock {
  let offsetMs = 0;
  const nowMs = () => Date.now() + offsetMs;
  return {
    nowMs,
    nowSeconds: () => Math.floor(nowMs() / 1000),
    advance: (seconds) => {
      offsetMs += seconds * 1000;
    },
  };
}
