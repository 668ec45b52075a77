import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, DatabaseUnavailableError, isDatabaseRefusal } from '../../src/errors.js';
import { RpcError, RpcStore } from '../../src/store/rpc-store.js';
import { createSupabaseDatabase, type SupabaseDatabase } from '../support/supabase-db.js';
import { createStandinClient, startSupabaseStandin, type SupabaseStandin } from '../support/supabase-standin.js';

/** A function raising any SQLSTATE, to reach PostgREST's status for each (the data API raises only a few). */
const RAISE_SQL = `
  create function public.rpc_store_probe_raise(p_code text) returns integer language plpgsql as $$
    begin raise exception 'raised %', p_code using errcode = p_code; end $$;
`;

/** How RpcStore turns what PostgREST answers into the errors the rest of amplify acts on. */
describe('RpcStore failures', () => {
  let db: SupabaseDatabase;
  let admin: postgres.Sql;
  let standin: SupabaseStandin;
  const LIFETIME_SECONDS = 600;

  beforeAll(async () => {
    db = await createSupabaseDatabase();
    admin = postgres(db.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(RAISE_SQL);
    standin = await startSupabaseStandin(db, { accessTokenLifetimeSeconds: LIFETIME_SECONDS });
  });
  afterAll(async () => {
    await standin?.stop();
    await admin?.end();
    await db?.drop();
  });

  async function signedIn(timeoutMs = 30_000) {
    const client = createStandinClient(standin);
    const { error } = await client.auth.signUp({ email: `rpc-${randomUUID()}@example.test`, password: 'correct horse' });
    expect(error).toBeNull();
    return { client, store: new RpcStore(client, timeoutMs) };
  }

  /** What a call rejected with, for matchers beyond toMatchObject (instanceof, isDatabaseRefusal). */
  async function rejection(call: Promise<unknown>): Promise<unknown> {
    return call.then(
      () => {
        throw new Error('the call succeeded');
      },
      (error: unknown) => error,
    );
  }

  it('ends a call to a stand-in that never answers in a timeout, without waiting for it', async () => {
    const { store } = await signedIn(300);
    standin.pause();
    try {
      const error = await rejection(store.history({ limit: 5 }));
      // Settled while the stand-in was still holding the request: the timeout ended it, not the stand-in.
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(error).toMatchObject({ problem: 'timeout', message: 'Supabase did not answer interview_history within 300 ms' });
    } finally {
      standin.resume();
    }
    expect(await store.history({ limit: 5 })).toEqual([]);
  });

  it('reports a refused connection as unreachable', async () => {
    const { client } = await signedIn();
    const closed = await startSupabaseStandin(db);
    await closed.stop();
    const nowhere = new RpcStore(createStandinClient(closed), 30_000);
    const error = await rejection(nowhere.questionBankFingerprint());
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(error).toMatchObject({ problem: 'unreachable', message: expect.stringMatching(/^Supabase could not be reached \(.*fetch failed/) });
    // The signed-in client is unaffected.
    expect(await new RpcStore(client, 30_000).questionBankFingerprint()).toMatch(/^[0-9a-f]{32}$/);
  });

  it('turns an expired access token into AuthError (exit 4), and works again once refreshed', async () => {
    const { client, store } = await signedIn();
    expect(await store.incompleteSessions()).toEqual([]);
    // Past the lifetime and PostgREST's 30 s of clock skew.
    standin.clock.advance(LIFETIME_SECONDS + 31);
    const error = await rejection(store.incompleteSessions());
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ exitCode: 4, message: 'the sign-in was refused: JWT expired', hint: expect.stringContaining('amplify login') });
    // Not the data's fault: a journal replay must not mark its sessions refused for it.
    expect(isDatabaseRefusal(error)).toBe(false);
    expect((await client.auth.refreshSession()).error).toBeNull();
    expect(await store.incompleteSessions()).toEqual([]);
  });

  it('turns a key the project does not know into AuthError', async () => {
    const { client } = await signedIn();
    const session = (await client.auth.getSession()).data.session!;
    const foreign = createStandinClient({ url: standin.url, anonKey: session.access_token });
    const error = await rejection(new RpcStore(foreign, 30_000).questionBank());
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ message: 'the sign-in was refused: Invalid API key' });
  });

  it("reports anon's refusal (401 with SQLSTATE 42501) as the database's, not as a sign-in problem", async () => {
    const anon = new RpcStore(createStandinClient(standin), 30_000);
    const error = await rejection(anon.history({ limit: 5 }));
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: '42501', status: 401, message: 'permission denied for function interview_history' });
    expect(isDatabaseRefusal(error)).toBe(true);
  });

  // PostgREST's statuses: 08xxx and 53xxx are 503, 40001 and P0002 are 500, 22023 is 400.
  it.each([
    ['08006', 'an outage'],
    ['53300', 'an outage'],
    ['57014', 'an outage'],
    ['40001', 'an outage'],
    ['P0002', 'a refusal'],
    ['XX000', 'a refusal'],
    ['22023', 'a refusal'],
    ['23505', 'a refusal'],
  ])('treats SQLSTATE %s as %s', async (code, kind) => {
    const { client } = await signedIn();
    const call = (new RpcStore(client, 30_000) as unknown as { rpc(fn: string, args: object): Promise<unknown> }).rpc('rpc_store_probe_raise', { p_code: code });
    const error = await rejection(call);
    if (kind === 'an outage') {
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect(error).toMatchObject({ problem: 'unreachable', message: expect.stringMatching(new RegExp(`^Supabase could not be reached \\(HTTP 5\\d\\d: raised ${code}\\)$`)) });
    } else {
      expect(error).toBeInstanceOf(RpcError);
      expect(error).toMatchObject({ code, message: `raised ${code}` });
      expect(isDatabaseRefusal(error)).toBe(true);
    }
  });

  it("reports a function the project lacks (PostgREST's PGRST202) as a refusal", async () => {
    const { client } = await signedIn();
    const call = (new RpcStore(client, 30_000) as unknown as { rpc(fn: string, args: object): Promise<unknown> }).rpc('no_such_function', {});
    const error = await rejection(call);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'PGRST202', status: 404, message: expect.stringContaining('public.no_such_function') });
    expect(isDatabaseRefusal(error)).toBe(true);
  });

  it('makes every call one request (one answer, one rpc), and a report three', async () => {
    const { store } = await signedIn();
    const [question] = await store.listQuestions('technical', null);
    const sessionId = randomUUID();
    const counted = async (call: () => Promise<unknown>) => {
      standin.resetRequests();
      await call();
      return { rest: standin.requests('/rest/v1'), auth: standin.requests('/auth/v1') };
    };
    const questionIds = [question!.questionId];
    const startedAt = new Date().toISOString();
    expect(await counted(() => store.createSession({ id: sessionId, interviewType: 'technical', customDomain: null, questionIds, config: {}, startedAt }))).toEqual({ rest: 1, auth: 0 });
    const response = { id: randomUUID(), sessionId, questionId: question!.questionId, responseText: 'one', duration: 3, answeredAt: startedAt };
    expect(await counted(() => store.saveResponses([response]))).toEqual({ rest: 1, auth: 0 });
    expect(await counted(() => store.sessionDetail(sessionId))).toEqual({ rest: 1, auth: 0 });
    expect(await counted(() => store.reports())).toEqual({ rest: 3, auth: 0 });
  });

  it('refuses a NUL character before sending anything', async () => {
    const { store } = await signedIn();
    standin.resetRequests();
    const response = { id: randomUUID(), sessionId: randomUUID(), questionId: 'technical-001', responseText: 'a\u0000b', duration: 1, answeredAt: new Date().toISOString() };
    await expect(store.saveResponses([response])).rejects.toThrow(/NUL character/);
    expect(standin.requests('/rest/v1')).toBe(0);
  });
});
