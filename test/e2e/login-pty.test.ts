import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHome, type TestHome } from '../support/home.js';
import { KEY, spawnPty } from '../support/pty.js';
import { createSupabaseDatabase, type SupabaseDatabase } from '../support/supabase-db.js';
import { createStandinClient, startSupabaseStandin, type SupabaseStandin } from '../support/supabase-standin.js';

/** `amplify login` at a real keyboard: what is typed for the password never reaches the screen. */
const PASSWORD = 'pty-visible-if-echoed-42';
let db: SupabaseDatabase;
let standin: SupabaseStandin;
let home: TestHome;

beforeAll(async () => {
  db = await createSupabaseDatabase();
  standin = await startSupabaseStandin(db);
  home = makeHome({ SUPABASE_URL: standin.url, SUPABASE_ANON_KEY: standin.anonKey });
});
afterAll(async () => {
  await home?.cleanup();
  await standin?.stop();
  await db?.drop();
});

describe('amplify login in a pseudo-terminal', () => {
  it('asks the email, then the password without echoing it, and signs in', async () => {
    const email = `pty-${randomUUID()}@example.test`;
    const { error } = await createStandinClient(standin).auth.signUp({ email, password: PASSWORD });
    expect(error).toBeNull();
    const run = spawnPty(['login'], { env: home.env });
    await run.waitFor('Email');
    run.write(`${email}${KEY.enter}`);
    const asked = await run.waitFor('Password');
    run.write(`${PASSWORD}${KEY.enter}`);
    await run.waitFor(`Signed in to ${standin.url} as ${email}.`, { since: asked });
    expect((await run.exited).code).toBe(0);
    expect(run.output()).not.toContain(PASSWORD);
  });

  it('Ctrl+C at the password prompt cancels quietly with exit 130, nothing typed shown', async () => {
    const run = spawnPty(['login', '--email', 'someone@example.test'], { env: home.env });
    await run.waitFor('Password');
    run.write('half');
    run.write(KEY.ctrlC);
    const exit = await run.exited;
    expect(exit.code).toBe(130);
    expect(run.output()).not.toMatch(/error|at .*\.js|half/);
  });
});
