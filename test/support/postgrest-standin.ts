/**
 * A stand-in for PostgREST v12's RPC endpoint (`POST /rpc/<fn>`, and `GET /rpc/<fn>?a=1` as
 * supabase-js sends for `rpc(fn, args, { get: true })`), over a real PostgreSQL database.
 *
 * Reproduced from PostgREST v12.2 (src/PostgREST/{Auth,Query,Error}.hs, Query/QueryBuilder.hs):
 * - JWT: HS256 verified with the project secret, 30 s allowed clock skew; any problem (expired,
 *   bad signature, malformed) → 401 PGRST301 with `WWW-Authenticate: Bearer error="invalid_token",
 *   error_description="…"`. The role is the `role` claim, or anon without one.
 * - One transaction per request, READ ONLY for GET and for STABLE/IMMUTABLE functions; first
 *   `set_config(…, true)` of search_path (exposed schema + public, extensions), the role's own
 *   settings from ALTER ROLE … SET (statement_timeout), `role`, `request.jwt.claims` (with
 *   `role` filled in), `request.method`, `request.path`, `request.headers`, `request.cookies`.
 * - The call: the JSON body read with `json_to_record` typed by the function's declared
 *   parameter types, each key passed as a named argument (`fn(a := pgrst_body.a)`); a missing
 *   key is not passed (SQL default); the function is chosen by the keys: unknown key or missing
 *   required parameter → 404 PGRST202, several candidates → 300 PGRST203.
 * - Results: scalar → bare JSON value; SETOF scalar / SETOF composite / RETURNS TABLE → array;
 *   single composite → object; void → 204 with an empty body.
 * - Errors: `{code, message, details, hint}` with Error.hs's status table (pgErrorStatus),
 *   42501 → 401 + `WWW-Authenticate: Bearer` for anon, 403 otherwise; `raise sqlstate 'PGRST'`
 *   with JSON message/detail gives full control of status, body and headers.
 * - The schema cache: functions are read from pg_proc once, then kept until reloadSchemaCache()
 *   (PostgREST reloads on `NOTIFY pgrst`).
 * - Content-Profile / Accept-Profile choose among the exposed schemas (406 PGRST106 otherwise).
 *
 * Deviations:
 * - Only /rpc: no tables or views, no select/order/limit/filters on RPC results (400).
 * - The body must be a JSON object (PostgREST also takes an array and calls once per element),
 *   and single-unnamed-json-parameter functions are not special-cased.
 * - PGRST202's hint (a fuzzy "Perhaps you meant …") is always null; Prefer headers are ignored
 *   (supabase-js sends one for rpc only with `head: true` and object arguments).
 * - The gateway's job is done here too (see supabase-standin.ts): without a Bearer token the
 *   `apikey` header is used as the token.
 * - Database connection failures answer 503 PGRST000 without PostgREST's retry/backoff.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import postgres from 'postgres';
import { createClock, JwtError, verifyJwt, type JwtClaims, type StandinClock } from './jwt.js';
import { bearerToken, header, sendJson, startStandinServer, type StandinHandler, type StandinServer } from './standin-server.js';

export interface PostgrestStandinOptions {
  /** The database as the `authenticator` role. */
  databaseUrl: string;
  jwtSecret: string;
  clock?: StandinClock;
  /** Exposed schemas, the first the default (PostgREST's db-schemas; Supabase: public). */
  schemas?: string[];
  /** PostgREST's db-extra-search-path (Supabase: public, extensions). */
  extraSearchPath?: string[];
  anonRole?: string;
  jwtSkewSeconds?: number;
}

export interface PostgrestStandin {
  /** Serves paths relative to /rest/v1 (e.g. `/rpc/fn`). */
  handler: StandinHandler;
  reloadSchemaCache(): void;
  close(): Promise<void>;
}

interface RoutineParam {
  name: string;
  type: string;
  required: boolean;
  variadic: boolean;
}

interface Routine {
  schema: string;
  name: string;
  params: RoutineParam[];
  readOnly: boolean;
  returnsSet: boolean;
  returnsComposite: boolean;
  returnsVoid: boolean;
}

interface PostgrestErrorBody {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(JSON.stringify(body));
  }
}

export function createPostgrest(options: PostgrestStandinOptions): PostgrestStandin {
  const clock = options.clock ?? createClock();
  const schemas = options.schemas ?? ['public'];
  const extraSearchPath = options.extraSearchPath ?? ['public', 'extensions'];
  const anonRole = options.anonRole ?? 'anon';
  const skew = options.jwtSkewSeconds ?? 30;
  const sql = postgres(options.databaseUrl, { max: 4, onnotice: () => {}, idle_timeout: 0, connection: { application_name: 'postgrest-standin' } });
  let cache: Promise<{ routines: Routine[]; roleSettings: Map<string, [string, string][]> }> | null = null;
  const schemaCache = () => (cache ??= loadSchemaCache(sql, schemas));

  const handler: StandinHandler = async (req, res, path, body) => {
    try {
      await handle(req, res, path, body);
    } catch (error) {
      if (error instanceof HttpError) sendJson(res, error.status, error.body, error.headers);
      else throw error;
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse, path: string, rawBody: Buffer): Promise<void> {
    const { role, claims } = authenticate(req);
    const match = /^\/rpc\/([^/]+)$/.exec(path);
    if (!match) throw new HttpError(404, pgrstError('PGRST125', `Invalid path specified in request URL`));
    const fnName = decodeURIComponent(match[1] ?? '');
    const method = req.method ?? 'GET';
    if (method !== 'POST' && method !== 'GET') {
      throw new HttpError(405, pgrstError('PGRST101', `Cannot use the ${method} method on RPC`));
    }
    const schema = chooseSchema(req, method, schemas);
    const args = method === 'GET' ? argsFromQuery(req) : argsFromBody(rawBody);
    const { routines, roleSettings } = await schemaCache();
    const routine = chooseRoutine(routines, schema, fnName, Object.keys(args));
    const readOnly = method === 'GET' || routine.readOnly;
    const authed = role !== anonRole;

    let resultText: string | null;
    try {
      resultText = await sql.begin(readOnly ? 'read only' : 'read write', async (tx) => {
        const locals: [string, string][] = [
          ['search_path', [schema, ...extraSearchPath.filter((s) => s !== schema)].map(quoteIdent).join(', ')],
          ...(roleSettings.get(role) ?? []),
          ['role', role],
          ['request.jwt.claims', JSON.stringify(claims)],
          ['request.method', method],
          ['request.path', `/rpc/${fnName}`],
          ['request.headers', JSON.stringify(lowercaseHeaders(req))],
          ['request.cookies', '{}'],
        ];
        const names = locals.map(([name]) => name);
        const values = locals.map(([, value]) => value);
        await tx.unsafe(
          `select set_config(name, value, true) from unnest($1::text[], $2::text[]) as l(name, value)`,
          [names, values],
        );
        const { text, usesBody } = callQuery(routine, Object.keys(args));
        const rows = await tx.unsafe<{ body: string | null }[]>(text, usesBody ? [JSON.stringify(args)] : []);
        return rows[0]?.body ?? null;
      });
    } catch (error) {
      throw databaseError(error, authed);
    }

    if (routine.returnsVoid) {
      res.writeHead(204, { 'Content-Range': '*/*' });
      res.end();
      return;
    }
    const text = resultText ?? (routine.returnsSet ? '[]' : 'null');
    const count = routine.returnsSet ? (JSON.parse(text) as unknown[]).length : 1;
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Range': count === 0 ? '*/*' : `0-${count - 1}/*`,
      'Content-Length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  }

  function authenticate(req: IncomingMessage): { role: string; claims: JwtClaims } {
    const token = bearerToken(req) ?? header(req, 'apikey');
    if (!token) return { role: anonRole, claims: { role: anonRole } };
    let claims: JwtClaims;
    try {
      claims = verifyJwt(token, options.jwtSecret, clock.nowSeconds(), skew);
    } catch (error) {
      if (!(error instanceof JwtError)) throw error;
      throw new HttpError(401, pgrstError('PGRST301', error.message), {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description=${JSON.stringify(error.message)}`,
      });
    }
    const role = typeof claims.role === 'string' ? claims.role : claims.role === undefined ? anonRole : JSON.stringify(claims.role);
    return { role, claims: { ...claims, role } };
  }

  return {
    handler,
    reloadSchemaCache: () => {
      cache = null;
    },
    close: () => sql.end({ timeout: 1 }),
  };
}

/** The PostgREST stand-in alone on its own port, under /rest/v1. */
export async function startPostgrestStandin(
  options: PostgrestStandinOptions,
): Promise<StandinServer & { postgrest: PostgrestStandin }> {
  const postgrest = createPostgrest(options);
  const server = await startStandinServer([{ prefix: '/rest/v1', handler: postgrest.handler }]);
  return {
    ...server,
    postgrest,
    stop: async () => {
      await server.stop();
      await postgrest.close();
    },
  };
}

function pgrstError(code: string, message: string, details: string | null = null, hint: string | null = null): PostgrestErrorBody {
  return { code, message, details, hint };
}

function chooseSchema(req: IncomingMessage, method: string, schemas: string[]): string {
  const requested = header(req, method === 'GET' ? 'accept-profile' : 'content-profile');
  if (requested === undefined) return schemas[0] ?? 'public';
  if (!schemas.includes(requested)) {
    throw new HttpError(406, pgrstError('PGRST106', `The schema must be one of the following: ${schemas.join(', ')}`));
  }
  return requested;
}

function argsFromBody(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, pgrstError('PGRST102', 'Empty or invalid json'));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, pgrstError('PGRST102', 'stand-in: the RPC body must be a JSON object'));
  }
  return parsed as Record<string, unknown>;
}

function argsFromQuery(req: IncomingMessage): Record<string, unknown> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const args: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (['select', 'order', 'limit', 'offset', 'columns', 'on_conflict'].includes(key) || key in args) {
      throw new HttpError(400, pgrstError('PGRST100', `stand-in: query parameter ${key} on RPC is not supported`));
    }
    args[key] = value;
  }
  return args;
}

function chooseRoutine(routines: Routine[], schema: string, name: string, keys: string[]): Routine {
  const candidates = routines.filter(
    (r) =>
      r.schema === schema &&
      r.name === name &&
      keys.every((k) => r.params.some((p) => p.name === k)) &&
      r.params.every((p) => !p.required || keys.includes(p.name)),
  );
  if (candidates.length === 1 && candidates[0]) return candidates[0];
  const func = `${schema}.${name}`;
  if (candidates.length > 1) {
    const list = candidates.map((r) => `${func}(${r.params.map((p) => `${p.name} => ${p.type}`).join(', ')})`).join(', ');
    throw new HttpError(
      300,
      pgrstError('PGRST203', `Could not choose the best candidate function between: ${list}`, null,
        'Try renaming the parameters or the function itself in the database so function overloading can be resolved'),
    );
  }
  const sorted = [...keys].sort();
  const prms = sorted.join(', ');
  const withPrms = sorted.length === 0 ? ' without parameters' : `(${prms})`;
  const detailPrms = sorted.length === 0 ? ' without parameters' : ` with parameter${sorted.length > 1 ? 's' : ''} ${prms}`;
  throw new HttpError(
    404,
    pgrstError(
      'PGRST202',
      `Could not find the function ${func}${withPrms} in the schema cache`,
      `Searched for the function ${func}${detailPrms} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
    ),
  );
}

/** PostgREST's callPlanToQuery + asJsonF / asJsonSingleF, for one named-argument call. */
function callQuery(routine: Routine, keys: string[]): { text: string; usesBody: boolean } {
  const fn = `${quoteIdent(routine.schema)}.${quoteIdent(routine.name)}`;
  const passed = routine.params.filter((p) => keys.includes(p.name));
  const argList = passed
    .map((p) => `${p.variadic ? 'VARIADIC ' : ''}${quoteIdent(p.name)} := pgrst_body.${quoteIdent(p.name)}`)
    .join(', ');
  const scalar = !routine.returnsComposite;
  const call = scalar ? `(SELECT ${fn}(${argList}) pgrst_scalar) pgrst_call` : `${fn}(${argList}) pgrst_call`;
  const from =
    passed.length === 0
      ? `FROM ${call}`
      : `FROM (SELECT $1::text::json AS json_data) pgrst_payload, ` +
        `LATERAL (SELECT ${passed.map((p) => quoteIdent(p.name)).join(', ')} ` +
        `FROM json_to_record(pgrst_payload.json_data) AS _(${passed.map((p) => `${quoteIdent(p.name)} ${p.type}`).join(', ')}) LIMIT 1) pgrst_body, ` +
        `LATERAL ${call}`;
  const selected = scalar ? 'pgrst_call.pgrst_scalar' : 'pgrst_call.*';
  const aggregate = (() => {
    if (!routine.returnsSet) return scalar ? `json_agg(_postgrest_t.pgrst_scalar)->0` : `json_agg(_postgrest_t)->0`;
    return scalar ? `json_agg(_postgrest_t.pgrst_scalar)` : `json_agg(_postgrest_t)`;
  })();
  const empty = routine.returnsSet ? `'[]'` : `'null'`;
  return {
    text: `WITH pgrst_source AS (SELECT ${selected} ${from}) SELECT coalesce(${aggregate}, ${empty})::text AS body FROM (SELECT * FROM pgrst_source) _postgrest_t`,
    usesBody: passed.length > 0,
  };
}

async function loadSchemaCache(
  sql: postgres.Sql,
  schemas: string[],
): Promise<{ routines: Routine[]; roleSettings: Map<string, [string, string][]> }> {
  const rows = await sql<
    {
      schema: string;
      name: string;
      volatility: string;
      returns_set: boolean;
      returns_void: boolean;
      returns_composite: boolean;
      nargs: number;
      ndefaults: number;
      arg_types: string[];
      arg_names: string[];
      arg_modes: string[];
    }[]
  >`
    select n.nspname as schema, p.proname as name, p.provolatile as volatility, p.proretset as returns_set,
           p.prorettype = 'pg_catalog.void'::regtype as returns_void,
           (t.typtype = 'c' or (p.prorettype = 'pg_catalog.record'::regtype and p.proallargtypes is not null)) as returns_composite,
           p.pronargs as nargs, p.pronargdefaults as ndefaults,
           coalesce((select array_agg(format_type(a.t, null) order by a.i)
                     from unnest(p.proargtypes::oid[]) with ordinality a(t, i)), '{}') as arg_types,
           coalesce(p.proargnames, '{}') as arg_names,
           coalesce(p.proargmodes::text[], '{}') as arg_modes
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    join pg_type t on t.oid = p.prorettype
    where n.nspname = any(${schemas}) and p.prokind = 'f'`;
  const routines = rows.map((row): Routine => {
    // proargnames covers every argument when OUT/TABLE ones exist; the input ones are i/b/v.
    const inputNames = row.arg_modes.length === 0 ? row.arg_names.slice(0, row.nargs) : row.arg_names.filter((_, i) => ['i', 'b', 'v'].includes(row.arg_modes[i] ?? 'i'));
    const inputModes = row.arg_modes.length === 0 ? [] : row.arg_modes.filter((m) => ['i', 'b', 'v'].includes(m));
    const params = row.arg_types.map((type, i) => ({
      name: inputNames[i] ?? '',
      type,
      required: i < row.nargs - row.ndefaults,
      variadic: inputModes[i] === 'v',
    }));
    return {
      schema: row.schema,
      name: row.name,
      params,
      readOnly: row.volatility !== 'v',
      returnsSet: row.returns_set,
      returnsComposite: row.returns_composite,
      returnsVoid: row.returns_void,
    };
  });
  const settings = await sql<{ role: string; setconfig: string[] }[]>`
    select r.rolname as role, s.setconfig
    from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
    where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
    order by s.setdatabase`;
  const roleSettings = new Map<string, [string, string][]>();
  for (const { role, setconfig } of settings) {
    const pairs = setconfig.map((kv): [string, string] => {
      const at = kv.indexOf('=');
      return [kv.slice(0, at), kv.slice(at + 1)];
    });
    roleSettings.set(role, [...(roleSettings.get(role) ?? []), ...pairs]);
  }
  return { routines, roleSettings };
}

/** Error.hs's pgErrorStatus, the body PostgREST sends, and its PGRST raise for full control. */
function databaseError(error: unknown, authed: boolean): HttpError {
  if (!(error instanceof postgres.PostgresError)) {
    return new HttpError(503, pgrstError('PGRST000', 'Database connection error. Retrying the connection.', String(error)));
  }
  if (error.code === 'PGRST') {
    try {
      const msg = JSON.parse(error.message) as { code: string; message: string; details?: string; hint?: string };
      const det = JSON.parse(error.detail ?? '') as { status: number; headers?: Record<string, string> };
      return new HttpError(det.status, pgrstError(msg.code, msg.message, msg.details ?? null, msg.hint ?? null), det.headers ?? {});
    } catch {
      return new HttpError(500, pgrstError('PGRST121', "Could not parse JSON in the RAISE SQLSTATE 'PGRST' error"));
    }
  }
  const body = pgrstError(error.code, error.message, error.detail ?? null, error.hint ?? null);
  const status = pgErrorStatus(error.code, error.message, authed);
  return new HttpError(status, body, status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {});
}

export function pgErrorStatus(code: string, message: string, authed: boolean): number {
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    '53400': 500,
    '57P01': 503,
    P0001: 400,
    '42P01': 404,
    '42P17': 500,
  };
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
  if (code === '42883') return message.startsWith('function xmlagg(') ? 406 : 404;
  if (code === '42501') return authed ? 403 : 401;
  const known = exact[code];
  if (known !== undefined) return known;
  const byClass: Record<string, number> = {
    '08': 503, '09': 500, '0L': 403, '0P': 403, '25': 500, '28': 403, '2D': 500, '38': 500, '39': 500,
    '3B': 500, '40': 500, '53': 503, '54': 500, '55': 500, '57': 500, '58': 500, F0: 500, HV: 500, P0: 500, XX: 500,
  };
  const classStatus = byClass[code.slice(0, 2)];
  if (classStatus !== undefined) return classStatus;
  if (code.startsWith('PT')) {
    const status = Number(code.slice(2));
    return Number.isInteger(status) && status >= 100 && status <= 999 ? status : 500;
  }
  return 400;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function lowercaseHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
