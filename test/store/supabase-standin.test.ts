import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/store/migrate.js';
import { decodeJwt, signJwt } from '../support/jwt.js';
import { createSupabaseDatabase, SUPABASE_DIR, type SupabaseDatabase } from '../support/supabase-db.js';
import { createStandinClient, memoryStorage, startSupabaseStandin, type SupabaseStandin } from '../support/supabase-standin.js';

/** Functions the tests add beside the project's, to reach result shapes and errors the data API lacks. */
const PROBES_SQL = `
  create function public.standin_probe_void() returns void language sql as $$ select $$;
  create function public.standin_probe_pair(p_a integer, p_b text default 'dflt')
    returns public.interview_questions language sql stable as $$
    select q.* from public.interview_questions q order by q.question_id limit 1 $$;
  create function public.standin_probe_context() returns jsonb language sql stable as $$
    select jsonb_build_object(
      'role', current_user, 'timeout', current_setting('statement_timeout'),
      'read_only', current_setting('transaction_read_only'), 'uid', auth.uid(), 'jwt_role', auth.role(),
      'search_path', current_setting('search_path')) $$;
  create function public.standin_probe_context_volatile() returns jsonb language sql as $$
    select jsonb_build_object('read_only', current_setting('transaction_read_only')) $$;
  create function public.standin_probe_raise(p_code text) returns integer language plpgsql as $$
    begin raise exception 'raised %', p_code using errcode = p_code, detail = 'some detail', hint = 'some hint'; end $$;
  create function public.standin_probe_missing_table() returns integer language plpgsql as $$
    begin execute 'select 1 from public.no_such_table'; return 1; end $$;
  create function public.standin_probe_pgrst() returns integer language plpgsql as $$
    begin raise sqlstate 'PGRST' using
      message = '{"code":"AMP01","message":"custom refusal","details":"d","hint":"h"}',
      detail = '{"status":402,"headers":{"X-Probe":"yes"}}'; end $$;
`;

describe('a database prepared like a Supabase project by the Supabase CLI', () => {
  let db: SupabaseDatabase;
  let admin: postgres.Sql;

  beforeAll(async () => {
    db = await createSupabaseDatabase();
    admin = postgres(db.url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  it("records every migration in the CLI's own ledger and applies the seed", async () => {
    expect(db.pushOutput).toContain('Applying migration 20250103000004_batch_sync.sql');
    expect(db.pushOutput).toContain('Seeding data from supabase/seed.sql');
    const ledger = await admin`select version, name, cardinality(statements) > 0 as has_statements
                               from supabase_migrations.schema_migrations order by version`;
    // Every file of supabase/migrations, in order, and nothing else.
    expect(ledger.map((r) => `${r.version}_${r.name}`)).toEqual(readMigrations(SUPABASE_DIR).map((m) => `${m.version}_${m.name}`));
    expect(ledger.length).toBeGreaterThanOrEqual(5);
    expect(ledger.every((r) => r.has_statements)).toBe(true);
    const [counted] = await admin`select count(*)::int as questions from public.interview_questions`;
    expect(counted?.questions).toBe(130);
  });

  it("has Supabase's roles with their attributes and the authenticator's memberships", async () => {
    const roles = await admin`
      select rolname, rolcanlogin, rolinherit, rolbypassrls,
             (select array_agg(g.rolname order by g.rolname) from pg_auth_members m join pg_roles g on g.oid = m.roleid
              where m.member = r.oid) as member_of,
             (select s.setconfig from pg_db_role_setting s where s.setrole = r.oid and s.setdatabase = 0) as settings
      from pg_roles r where rolname in ('anon', 'authenticated', 'service_role', 'authenticator') order by rolname`;
    expect(roles).toEqual([
      { rolname: 'anon', rolcanlogin: false, rolinherit: false, rolbypassrls: false, member_of: null, settings: ['statement_timeout=3s'] },
      { rolname: 'authenticated', rolcanlogin: false, rolinherit: false, rolbypassrls: false, member_of: null, settings: ['statement_timeout=8s'] },
      {
        rolname: 'authenticator', rolcanlogin: true, rolinherit: false, rolbypassrls: false,
        member_of: ['anon', 'authenticated', 'service_role'], settings: ['statement_timeout=8s'],
      },
      { rolname: 'service_role', rolcanlogin: false, rolinherit: false, rolbypassrls: true, member_of: null, settings: null },
    ]);
  });

  it('leaves anon EXECUTE on the question-bank functions and the schema version only, despite default privileges granting it', async () => {
    const rows = await admin`
      select p.proname, has_function_privilege('anon', p.oid, 'execute') as anon,
             has_function_privilege('authenticated', p.oid, 'execute') as authenticated
      from pg_proc p where p.pronamespace = 'public'::regnamespace order by p.proname`;
    expect(rows.length).toBeGreaterThan(10);
    // The shared bank is public, and which migrations the project has; sessions and answers are not.
    expect(rows.filter((r) => r.anon).map((r) => r.proname)).toEqual(['amplify_schema_version', 'list_interview_questions', 'question_bank_fingerprint', 'question_bank_summary']);
    expect(rows.filter((r) => !r.authenticated)).toEqual([]);
  });

  it("keeps a user's imported questions from everyone else", async () => {
    const owner = randomUUID();
    const id = `private-${randomUUID()}`;
    await admin`insert into auth.users (id, email) values (${owner}, ${`${owner}@example.test`})`;
    await admin`insert into public.interview_questions (question_id, interview_type, question_text, difficulty, is_active, owner_id) values (${id}, 'technical', 'Mine only', 'easy', false, ${owner})`;
    const seen = async (claims: object, role: string) =>
      admin.begin(async (tx) => {
        await tx.unsafe(`select set_config('role', '${role}', true), set_config('request.jwt.claims', '${JSON.stringify(claims)}', true)`);
        return (await tx`select count(*)::int as n from public.interview_questions where question_id = ${id}`)[0]?.n;
      });
    expect(await seen({ sub: owner, role: 'authenticated' }, 'authenticated')).toBe(1);
    expect(await seen({ sub: randomUUID(), role: 'authenticated' }, 'authenticated')).toBe(0);
    expect(await seen({ role: 'anon' }, 'anon')).toBe(0);
  });

  it('runs every data function as its caller (security invoker, but for one that only says whether ids exist) with a pinned search_path', async () => {
    const rows = await admin`
      select p.proname, p.prosecdef, p.proconfig from pg_proc p
      where p.pronamespace = 'public'::regnamespace order by p.proname`;
    expect(rows.length).toBeGreaterThan(10);
    // The one exception says only whether ids exist: another user's question id is invisible, yet taken.
    expect(rows.filter((r) => r.prosecdef).map((r) => r.proname)).toEqual(['question_ids_taken']);
    expect(rows.filter((r) => !(r.proconfig ?? []).some((c: string) => c.startsWith('search_path='))).map((r) => r.proname)).toEqual([]);
  });

  it('reads the caller from request.jwt.claims in auth.uid(), auth.role() and auth.jwt(), with pgcrypto in extensions', async () => {
    const sub = randomUUID();
    const [row] = await admin.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub, role: 'authenticated', email: 'a@b.co' })}, true)`;
      return tx`select auth.uid() as uid, auth.role() as role, auth.jwt() ->> 'email' as email,
                       extensions.crypt('pw', extensions.gen_salt('bf')) like '$2a$%' as bcrypt`;
    });
    expect(row).toEqual({ uid: sub, role: 'authenticated', email: 'a@b.co', bcrypt: true });
  });

  it('fails with the Supabase CLI\'s own message when it refuses a migration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amplify-bad-supabase-'));
    try {
      cpSync(SUPABASE_DIR, dir, { recursive: true });
      writeFileSync(join(dir, 'migrations', '20990101000000_broken.sql'), 'alter table public.no_such_table add column x int;\n');
      await expect(createSupabaseDatabase({ supabaseDir: dir })).rejects.toThrow(
        /supabase db push failed[\s\S]*20990101000000_broken[\s\S]*no_such_table/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Supabase stand-in driven by the real supabase-js client', () => {
  let db: SupabaseDatabase;
  let admin: postgres.Sql;
  let standin: SupabaseStandin;
  let questionIds: string[];

  beforeAll(async () => {
    db = await createSupabaseDatabase();
    admin = postgres(db.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(PROBES_SQL);
    standin = await startSupabaseStandin(db, { accessTokenLifetimeSeconds: 600 });
    questionIds = (await admin`select question_id from public.interview_questions where interview_type = 'behavioral'
                               order by question_id limit 3`).map((r) => r.question_id as string);
  });
  afterAll(async () => {
    await standin?.stop();
    await admin?.end();
    await db?.drop();
  });

  let emails = 0;
  const newEmail = () => `user${++emails}-${randomUUID().slice(0, 8)}@example.test`;

  async function signedUp(): Promise<{ client: SupabaseClient; userId: string; email: string }> {
    const client = createStandinClient(standin);
    const email = newEmail();
    const { data, error } = await client.auth.signUp({ email, password: 'correct horse' });
    expect(error).toBeNull();
    return { client, userId: data.user?.id ?? '', email };
  }

  /** A raw request, for what supabase-js hides (headers, the legacy error body). */
  async function raw(path: string, init: { method?: string; token?: string; apikey?: string | null; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...init.headers };
    if (init.apikey !== null) headers.apikey = init.apikey ?? standin.anonKey;
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    const res = await fetch(`${standin.url}${path}`, {
      method: init.method ?? 'POST',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
  }

  async function refresh(refreshToken: string) {
    return raw('/auth/v1/token?grant_type=refresh_token', {
      body: { refresh_token: refreshToken },
      headers: { 'X-Supabase-Api-Version': '2024-01-01' },
    });
  }

  describe('Auth', () => {
    it('signs up into the real auth.users and issues an access token with Supabase\'s claims', async () => {
      const client = createStandinClient(standin);
      const email = newEmail();
      const { data, error } = await client.auth.signUp({ email, password: 'correct horse' });
      expect(error).toBeNull();
      const session = data.session!;
      expect(session.token_type).toBe('bearer');
      expect(session.expires_in).toBe(600);
      expect(session.refresh_token).toMatch(/^[a-z0-9]{12}$/);
      const claims = decodeJwt(session.access_token);
      expect(claims).toMatchObject({
        iss: `${standin.url}/auth/v1`, sub: data.user!.id, aud: 'authenticated', role: 'authenticated', email,
        aal: 'aal1', is_anonymous: false, exp: session.expires_at,
      });
      expect(claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
      const [row] = await admin`select email, email_confirmed_at is not null as confirmed from auth.users where id = ${data.user!.id}`;
      expect(row).toEqual({ email, confirmed: true });
      const { data: user } = await client.auth.getUser();
      expect(user.user?.email).toBe(email);
    });

    it('signs in with a password, and refuses a wrong one with invalid_credentials', async () => {
      const { email } = await signedUp();
      const client = createStandinClient(standin);
      const wrong = await client.auth.signInWithPassword({ email, password: 'wrong horse' });
      expect(wrong.error).toMatchObject({ status: 400, code: 'invalid_credentials', message: 'Invalid login credentials' });
      const right = await client.auth.signInWithPassword({ email, password: 'correct horse' });
      expect(right.error).toBeNull();
      expect(right.data.user?.email).toBe(email);
    });

    it('shapes error bodies by the X-Supabase-Api-Version header, as Supabase Auth does', async () => {
      const body = { email: 'nobody@example.test', password: 'whatever' };
      const dated = await raw('/auth/v1/token?grant_type=password', { body, headers: { 'X-Supabase-Api-Version': '2024-01-01' } });
      expect(dated.status).toBe(400);
      expect(dated.body).toEqual({ code: 'invalid_credentials', message: 'Invalid login credentials' });
      expect(dated.headers.get('x-supabase-api-version')).toBe('2024-01-01');
      const legacy = await raw('/auth/v1/token?grant_type=password', { body });
      expect(legacy.body).toEqual({ code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' });
      expect(legacy.headers.get('x-sb-error-code')).toBe('invalid_credentials');
    });

    it('refuses sign-ups when the project does not allow them', async () => {
      standin.auth.configure({ allowSignups: false });
      try {
        const { error } = await createStandinClient(standin).auth.signUp({ email: newEmail(), password: 'correct horse' });
        expect(error).toMatchObject({ status: 422, code: 'signup_disabled' });
      } finally {
        standin.auth.configure({ allowSignups: true });
      }
    });

    it('signs in with a one-time code sent by email, and refuses a wrong code', async () => {
      const client = createStandinClient(standin);
      const email = newEmail();
      expect((await client.auth.signInWithOtp({ email })).error).toBeNull();
      const code = standin.auth.lastOtp(email);
      expect(code).toMatch(/^\d{6}$/);
      const wrongCode = code === '000000' ? '000001' : '000000';
      const wrong = await client.auth.verifyOtp({ email, token: wrongCode, type: 'email' });
      expect(wrong.error).toMatchObject({ status: 403, code: 'otp_expired' });
      const { data, error } = await client.auth.verifyOtp({ email, token: code!, type: 'email' });
      expect(error).toBeNull();
      expect(decodeJwt(data.session!.access_token)).toMatchObject({ email, amr: [{ method: 'otp' }] });
      // The code was used up.
      expect(standin.auth.lastOtp(email)).toBeUndefined();
    });

    it('rotates refresh tokens: the previous one returns the current one, an older one only within 10 s', async () => {
      const { client } = await signedUp();
      const r0 = (await client.auth.getSession()).data.session!.refresh_token;
      const r1 = (await refresh(r0)).body!.refresh_token as string;
      expect(r1).not.toBe(r0);
      // A client that lost the answer presents r0 again: it gets r1, not a new token.
      expect((await refresh(r0)).body!.refresh_token).toBe(r1);
      const r2 = (await refresh(r1)).body!.refresh_token as string;
      expect(r2).not.toBe(r1);
      // r0 is neither current nor the parent of the current one: swapped again within the window.
      standin.clock.advance(5);
      const late = await refresh(r0);
      expect(late.status).toBe(200);
      const r3 = late.body!.refresh_token as string;
      expect([r0, r1, r2]).not.toContain(r3);
      // r1 was revoked 16 s ago and is not the parent of the newest token (r3): reuse, so the sign-in is revoked.
      standin.clock.advance(11);
      const reused = await refresh(r1);
      expect(reused).toMatchObject({ status: 400, body: { code: 'refresh_token_already_used', message: 'Invalid Refresh Token: Already Used' } });
      // Every token of that sign-in was revoked: once past the window, the newest ones are refused too.
      standin.clock.advance(11);
      for (const token of [r2, r3]) {
        expect((await refresh(token)).body).toMatchObject({ code: 'refresh_token_already_used' });
      }
    });

    it('logs out: the session and its refresh tokens are gone', async () => {
      const { client, userId } = await signedUp();
      const refreshToken = (await client.auth.getSession()).data.session!.refresh_token;
      expect(standin.auth.sessionCount(userId)).toBe(1);
      expect((await client.auth.signOut()).error).toBeNull();
      expect(standin.auth.sessionCount(userId)).toBe(0);
      expect((await refresh(refreshToken)).body).toEqual({
        code: 'refresh_token_not_found', message: 'Invalid Refresh Token: Refresh Token Not Found',
      });
    });
  });

  describe('PostgREST RPC', () => {
    it('calls the data functions with their documented result shapes', async () => {
      const { client, userId } = await signedUp();
      const sessionId = randomUUID();
      const created = await client.rpc('create_interview_session', {
        p_id: sessionId, p_interview_type: 'behavioral', p_custom_domain: null, p_question_ids: questionIds,
        p_config: { difficulty: 'mixed' },
      });
      expect(created.error).toBeNull();
      // SETOF a table: an array of objects, jsonb arguments kept as JSON.
      expect(created.data).toEqual([
        expect.objectContaining({ id: sessionId, user_id: userId, question_ids: questionIds, config: { difficulty: 'mixed' }, current_index: 0 }),
      ]);
      const saved = await client.rpc('save_interview_responses', {
        p_responses: [{ id: randomUUID(), session_id: sessionId, question_id: questionIds[0], response_text: "it's \"quoted\"\n", duration: 12 }],
      });
      // A scalar: the bare value.
      expect(saved).toMatchObject({ error: null, status: 200, data: 1 });
      const history = await client.rpc('interview_history', { p_limit: 5 });
      expect(history.data).toEqual([expect.objectContaining({ id: sessionId, question_count: 3, answered_count: 1 })]);
      // A jsonb scalar: the object itself.
      const detail = await client.rpc('interview_session_detail', { p_session_id: sessionId });
      expect(detail.data).toMatchObject({ id: sessionId, questions: [{ position: 1, response_text: "it's \"quoted\"\n" }, { position: 2 }, { position: 3 }] });
    });

    it('returns 204 and no data for void, an object for a single composite, and applies SQL defaults for missing keys', async () => {
      const { client } = await signedUp();
      const nothing = await client.rpc('standin_probe_void');
      expect(nothing).toMatchObject({ error: null, status: 204, data: null });
      const single = await client.rpc('standin_probe_pair', { p_a: 1 });
      expect(single.error).toBeNull();
      expect(single.data).toMatchObject({ question_id: 'backend-001' });
      expect(Array.isArray(single.data)).toBe(false);
      const defaulted = await client.rpc('interview_history', {});
      expect(defaulted).toMatchObject({ error: null, status: 200, data: [] });
    });

    it('answers an unknown argument with PGRST202 / 404', async () => {
      const { client } = await signedUp();
      const { error, status } = await client.rpc('interview_history', { p_limit: 5, p_nonsense: true });
      expect(status).toBe(404);
      expect(error).toMatchObject({
        code: 'PGRST202',
        message: 'Could not find the function public.interview_history(p_limit, p_nonsense) in the schema cache',
      });
    });

    it('switches role, claims and statement timeout per request, READ ONLY for stable functions', async () => {
      const { client, userId } = await signedUp();
      const asUser = await client.rpc('standin_probe_context');
      expect(asUser.data).toEqual({
        role: 'authenticated', timeout: '8s', read_only: 'on', uid: userId, jwt_role: 'authenticated', search_path: '"public", "extensions"',
      });
      const asAnon = await createStandinClient(standin).rpc('standin_probe_context');
      expect(asAnon.data).toMatchObject({ role: 'anon', timeout: '3s', uid: null, jwt_role: 'anon' });
      const volatile = await client.rpc('standin_probe_context_volatile');
      expect(volatile.data).toEqual({ read_only: 'off' });
      const overGet = await client.rpc('standin_probe_context_volatile', {}, { get: true });
      expect(overGet.data).toEqual({ read_only: 'on' });
    });

    it('takes GET arguments from the query string', async () => {
      const { client } = await signedUp();
      const { data, error } = await client.rpc('list_interview_questions', { p_interview_type: 'technical' }, { get: true });
      expect(error).toBeNull();
      expect((data as { question_id: string }[]).map((q) => q.question_id).slice(0, 2)).toEqual(['technical-001', 'technical-002']);
    });

    it('refuses the data functions to anon with 42501 / 401 and WWW-Authenticate: Bearer', async () => {
      const anon = createStandinClient(standin);
      for (const fn of ['interview_history', 'incomplete_interview_sessions', 'report_completion_rate']) {
        const { error, status } = await anon.rpc(fn);
        expect({ fn, status, code: error?.code }).toEqual({ fn, status: 401, code: '42501' });
        expect(error?.message).toBe(`permission denied for function ${fn}`);
      }
      const created = await anon.rpc('create_interview_session', {
        p_id: randomUUID(), p_interview_type: 'behavioral', p_custom_domain: null, p_question_ids: questionIds,
      });
      expect(created).toMatchObject({ status: 401, error: { code: '42501' } });
      const rawAnswer = await raw('/rest/v1/rpc/interview_history', { token: standin.anonKey, body: {} });
      expect(rawAnswer.headers.get('www-authenticate')).toBe('Bearer');
      // The question bank stays readable to anon.
      const bank = await anon.rpc('question_bank_summary');
      expect(bank.error).toBeNull();
      expect((bank.data as unknown[]).length).toBeGreaterThan(3);
    });

    it("answers 403, not 401, when a signed-in user is refused (another user's session id)", async () => {
      const owner = await signedUp();
      const intruder = await signedUp();
      const sessionId = randomUUID();
      const args = { p_id: sessionId, p_interview_type: 'behavioral', p_custom_domain: null, p_question_ids: questionIds };
      expect((await owner.client.rpc('create_interview_session', args)).error).toBeNull();
      const { error, status } = await intruder.client.rpc('create_interview_session', args);
      expect(status).toBe(403);
      expect(error).toMatchObject({ code: '42501', message: `session ${sessionId} belongs to another user` });
    });

    it("maps SQL errors to PostgREST's statuses with its error body", async () => {
      const { client } = await signedUp();
      const expected: [string, number][] = [
        ['23505', 409], ['23503', 409], ['P0001', 400], ['42883', 404], ['42P01', 404], ['08006', 503],
        ['53300', 503], ['PT418', 418], ['22023', 400], ['22P02', 400], ['XX000', 500], ['25006', 405], ['40001', 500],
      ];
      for (const [code, status] of expected) {
        const answer = await client.rpc('standin_probe_raise', { p_code: code });
        expect({ code, status: answer.status, error: answer.error }).toEqual({
          code, status, error: { code, message: `raised ${code}`, details: 'some detail', hint: 'some hint' },
        });
      }
      const invalidUuid = await client.rpc('interview_session_detail', { p_session_id: 'not-a-uuid' });
      expect(invalidUuid).toMatchObject({ status: 400, error: { code: '22P02' } });
      const twice = await client.rpc('create_interview_session', {
        p_id: randomUUID(), p_interview_type: 'behavioral', p_custom_domain: null, p_question_ids: [questionIds[0], questionIds[0]],
      });
      expect(twice).toMatchObject({ status: 400, error: { code: '22023', message: 'a session cannot ask a question twice' } });
      const missingTable = await client.rpc('standin_probe_missing_table');
      expect(missingTable).toMatchObject({ status: 404, error: { code: '42P01' } });
      const custom = await raw('/rest/v1/rpc/standin_probe_pgrst', { token: (await client.auth.getSession()).data.session!.access_token, body: {} });
      expect(custom.status).toBe(402);
      expect(custom.body).toEqual({ code: 'AMP01', message: 'custom refusal', details: 'd', hint: 'h' });
      expect(custom.headers.get('x-probe')).toBe('yes');
    });

    it('answers JWT problems with 401 PGRST301 and WWW-Authenticate invalid_token', async () => {
      const { client } = await signedUp();
      const token = (await client.auth.getSession()).data.session!.access_token;
      const forged = signJwt(decodeJwt(token), 'another secret that is long enough to look real');
      const cases: [string, string][] = [
        [forged, 'JWSError JWSInvalidSignature'],
        ['not-a-jwt', 'JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got 1)'],
      ];
      for (const [bad, message] of cases) {
        const answer = await raw('/rest/v1/rpc/interview_history', { token: bad, body: {} });
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual({ code: 'PGRST301', message, details: null, hint: null });
        expect(answer.headers.get('www-authenticate')).toBe(`Bearer error="invalid_token", error_description=${JSON.stringify(message)}`);
      }
    });

    it('answers an expired access token with PGRST301 "JWT expired" until the session is refreshed', async () => {
      const { client } = await signedUp();
      expect((await client.rpc('interview_history')).error).toBeNull();
      // Past the lifetime but within PostgREST's 30 s skew: still accepted.
      standin.clock.advance(600 + 20);
      expect((await client.rpc('interview_history')).error).toBeNull();
      standin.clock.advance(20);
      const expired = await client.rpc('interview_history');
      expect(expired).toMatchObject({ status: 401, error: { code: 'PGRST301', message: 'JWT expired' } });
      const refreshed = await client.auth.refreshSession();
      expect(refreshed.error).toBeNull();
      expect((await client.rpc('interview_history')).error).toBeNull();
    });

    it('checks the apikey as the gateway does', async () => {
      const missing = await raw('/rest/v1/rpc/question_bank_summary', { apikey: null, body: {} });
      expect(missing).toMatchObject({ status: 401, body: { message: 'No API key found in request' } });
      const foreign = signJwt({ iss: 'supabase-demo', role: 'anon' }, 'a secret of another project, long enough');
      const wrong = await raw('/rest/v1/rpc/question_bank_summary', { apikey: foreign, body: {} });
      expect(wrong).toMatchObject({ status: 401, body: { message: 'Invalid API key' } });
    });
  });

  describe('outage and counting', () => {
    it('counts one request per rpc', async () => {
      const { client } = await signedUp();
      standin.resetRequests();
      await client.rpc('interview_history');
      await client.rpc('incomplete_interview_sessions');
      expect(standin.requests('/rest/v1')).toBe(2);
      expect(standin.requests('/auth/v1')).toBe(0);
    });

    it('holds requests unanswered while paused, drops them on resume, then answers again', async () => {
      const { client } = await signedUp();
      standin.resetRequests();
      standin.pause();
      let settled = false;
      const pending = client.rpc('interview_history').then((answer) => {
        settled = true;
        return answer;
      });
      await waitFor(() => standin.requests('/rest/v1') === 1);
      expect(settled).toBe(false);
      standin.resume();
      const dropped = await pending;
      expect(dropped).toMatchObject({ status: 0, data: null, error: { message: expect.stringContaining('fetch failed') } });
      expect((await client.rpc('interview_history')).error).toBeNull();
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
