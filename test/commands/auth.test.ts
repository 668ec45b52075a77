import { randomUUID } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Config } from '../../src/config.js';
import { supabaseProject } from '../../src/store/store-settings.js';
import { openSupabaseStore } from '../../src/store/supabase/open.js';
import { SessionFile } from '../../src/store/supabase/session-file.js';
import { runMain } from '../support/context.js';
import { makeHome, type TestHome } from '../support/home.js';
import { createSupabaseDatabase, type SupabaseDatabase } from '../support/supabase-db.js';
import { createStandinClient, startSupabaseStandin, type SupabaseStandin } from '../support/supabase-standin.js';

/** login, signup, logout and whoami against the Auth stand-in, through the real supabase-js. */
const PASSWORD = 'correct horse battery';
const LIFETIME_SECONDS = 3600;

let db: SupabaseDatabase;
let standin: SupabaseStandin;
const homes: TestHome[] = [];

beforeAll(async () => {
  db = await createSupabaseDatabase();
  standin = await startSupabaseStandin(db, { accessTokenLifetimeSeconds: LIFETIME_SECONDS, refreshTokenReuseIntervalSeconds: 0 });
});
afterAll(async () => {
  await Promise.all(homes.map((h) => h.cleanup()));
  await standin?.stop();
  await db?.drop();
});

function home(extra: NodeJS.ProcessEnv = {}): TestHome {
  const h = makeHome({ SUPABASE_URL: standin.url, SUPABASE_ANON_KEY: standin.anonKey, AMPLIFY_DB_TIMEOUT_MS: '1500', ...extra });
  homes.push(h);
  return h;
}

async function account(): Promise<{ email: string; id: string }> {
  const email = `auth-${randomUUID()}@example.test`;
  const { data, error } = await createStandinClient(standin).auth.signUp({ email, password: PASSWORD });
  if (error || !data.user) throw new Error(`sign-up failed: ${error?.message}`);
  return { email, id: data.user.id };
}

const sessionFileOf = async (h: TestHome) => new SessionFile(h.paths, supabaseProject(await Config.load(h.paths), h.env));
const loginStdin = (h: TestHome, email: string, password = PASSWORD) => runMain(['login', '--email', email, '--password-stdin'], { env: h.env, input: `${password}\n` });

describe('amplify login', () => {
  test('with a password typed at a hidden prompt; the sign-in is kept in a file only its owner reads, without the password', async () => {
    const { email, id } = await account();
    const h = home();
    const run = await runMain(['login'], { env: h.env, tty: true, steps: [{ text: 'Email', answer: email }, { secret: 'Password', answer: PASSWORD }] });
    expect([run.code, run.stdout, run.stderr]).toEqual([0, '', `✓ Signed in to ${standin.url} as ${email}.\n`]);
    const file = await sessionFileOf(h);
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(statSync(`${h.paths.config}/auth`).mode & 0o777).toBe(0o700);
    expect(readFileSync(file.path, 'utf8')).not.toContain(PASSWORD);
    expect(file.session()?.user).toEqual({ id, email });
    const who = await runMain(['whoami', '--json', '--backend', 'supabase'], { env: h.env });
    expect(JSON.parse(who.stdout)).toEqual({ backend: 'supabase', url: standin.url, user: { id, email }, expiresAt: expect.any(String), profileId: null });
    expect(who.stdout).not.toContain(file.session()?.accessToken as string);
  });

  test('--password-stdin for scripts: the trailing newline is not part of the password', async () => {
    const { email } = await account();
    const h = home();
    const run = await loginStdin(h, email);
    expect([run.code, run.stderr]).toEqual([0, `✓ Signed in to ${standin.url} as ${email}.\n`]);
    const who = await runMain(['whoami', '--backend', 'supabase'], { env: h.env });
    expect(who.stdout).toMatch(new RegExp(`^Signed in to ${standin.url} as ${email} \\(user [0-9a-f-]{36}\\)\\.\\n$`));
  });

  test('--otp: a code sent by email, typed at a prompt, or given with --code when there is no terminal', async () => {
    const { email } = await account();
    const h = home();
    const prompted = await runMain(['login', '--email', email, '--otp'], {
      env: h.env,
      tty: true,
      steps: [{ text: `Code sent to ${email}`, get answer() { return standin.auth.lastOtp(email) as string; } }],
    });
    expect([prompted.code, prompted.stderr]).toEqual([0, `✓ Signed in to ${standin.url} as ${email}.\n`]);
    const h2 = home();
    const sent = await runMain(['login', '--email', email, '--otp'], { env: h2.env });
    expect([sent.code, sent.stderr]).toEqual([0, `A code was sent to ${email}. Finish with: amplify login --email ${email} --otp --code <code>\n`]);
    const finished = await runMain(['login', '--email', email, '--otp', '--code', standin.auth.lastOtp(email) as string], { env: h2.env });
    expect(finished.code, finished.stderr).toBe(0);
    expect((await sessionFileOf(h2)).session()?.user.email).toBe(email);
    const wrong = await runMain(['login', '--email', email, '--otp', '--code', '000000'], { env: home().env });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr.split('\n')[0]).toMatch(/^error: Supabase refused the code: /);
  });

  test.each([
    ['a wrong password', (email: string) => ['login', '--email', email, '--password-stdin'], 'wrong password\n', 4, 'error: Supabase refused the sign-in: Invalid login credentials'],
    ['an empty password', (email: string) => ['login', '--email', email, '--password-stdin'], '\n', 2, 'error: the password is empty'],
    ['no terminal and no --email', () => ['login'], '', 2, 'error: login needs --email when it cannot prompt (no terminal)'],
    ['no terminal and no --password-stdin', (email: string) => ['login', '--email', email], '', 2, 'error: login needs the password on standard input when it cannot prompt (no terminal)'],
    ['not an email address', () => ['login', '--email', 'me at example', '--password-stdin'], 'x\n', 2, "error: 'me at example' is not an email address"],
    ['--code without --otp', (email: string) => ['login', '--email', email, '--code', '123456'], '', 2, 'error: --code goes with --otp'],
  ])('%s: one line, the exit code, and no sign-in is kept', async (_, argv, input, code, line) => {
    const { email } = await account();
    const h = home();
    const run = await runMain(argv(email), { env: h.env, input });
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([code, line]);
    expect((await sessionFileOf(h)).session()).toBeNull();
    expect(run.stderr).not.toContain('wrong password');
  });

  test('a project that does not answer: one line naming it, exit 1', async () => {
    const h = home({ AMPLIFY_DB_TIMEOUT_MS: '300' });
    standin.pause();
    try {
      const run = await loginStdin(h, 'someone@example.test');
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`error: Supabase Auth at ${standin.url} could not be reached (no answer within 300 ms)\nCheck \`amplify db status\`.\n`);
    } finally {
      standin.resume();
    }
  });

  test('without a Supabase project configured, it names the setting to make', async () => {
    const run = await runMain(['login'], { env: makeHome().env });
    expect([run.code, run.stderr]).toEqual([
      1,
      'error: signing in to Supabase needs a project URL\nSet it: `amplify config set supabase-url https://<project-ref>.supabase.co`, or SUPABASE_URL (Project Settings → API).\n',
    ]);
  });
});

describe('amplify signup', () => {
  test('creates the account and signs in; the passwords must match at the prompt', async () => {
    const h = home();
    const email = `new-${randomUUID()}@example.test`;
    const differ = await runMain(['signup', '--email', email], { env: h.env, tty: true, steps: [{ secret: 'Password', answer: 'one' }, { secret: 'Password again', answer: 'two' }] });
    expect([differ.code, differ.stderr.split('\n')[0]]).toEqual([2, 'error: the two passwords differ']);
    const run = await runMain(['signup', '--email', email, '--password-stdin'], { env: h.env, input: `${PASSWORD}\n` });
    expect([run.code, run.stderr]).toEqual([0, `✓ Account created; signed in to ${standin.url} as ${email}.\n`]);
    expect((await sessionFileOf(h)).session()?.user.email).toBe(email);
  });

  test('a project that allows no sign-ups says so in one line', async () => {
    standin.auth.configure({ allowSignups: false });
    try {
      const run = await runMain(['signup', '--email', `no-${randomUUID()}@example.test`, '--password-stdin'], { env: home().env, input: `${PASSWORD}\n` });
      expect([run.code, run.stderr]).toEqual([1, `error: ${standin.url} does not allow sign-ups\nAsk the project's owner to create your account, then run \`amplify login\`.\n`]);
    } finally {
      standin.auth.configure({ allowSignups: true });
    }
  });
});

describe('amplify logout and whoami', () => {
  test('logout ends the session at the project and here; then data commands exit 4 with the login hint', async () => {
    const { email, id } = await account();
    const h = home();
    const before = standin.auth.sessionCount(id);
    expect((await loginStdin(h, email)).code).toBe(0);
    expect(standin.auth.sessionCount(id)).toBe(before + 1);
    const out = await runMain(['logout'], { env: h.env });
    expect([out.code, out.stderr]).toEqual([0, `Signed out of ${standin.url} (${email}).\n`]);
    expect(standin.auth.sessionCount(id)).toBe(before);
    expect((await sessionFileOf(h)).session()).toBeNull();
    const again = await runMain(['logout'], { env: h.env });
    expect([again.code, again.stderr]).toEqual([0, `Not signed in to ${standin.url}.\n`]);
    const history = await runMain(['history', '--backend', 'supabase'], { env: h.env });
    expect([history.code, history.stderr]).toEqual([4, `error: not signed in to ${standin.url}\nRun \`amplify login\` to sign in.\n`]);
    const who = await runMain(['whoami', '--backend', 'supabase'], { env: h.env });
    expect(who.code).toBe(4);
  });

  test('logout while the project does not answer still forgets the sign-in here, and says the project keeps it until it expires', async () => {
    const { email } = await account();
    const h = home({ AMPLIFY_DB_TIMEOUT_MS: '300' });
    expect((await loginStdin(h, email)).code).toBe(0);
    standin.pause();
    try {
      const out = await runMain(['logout'], { env: h.env });
      expect([out.code, out.stderr]).toEqual([
        0,
        `Signed out of ${standin.url} (${email}).\nThe project could not be reached: its copy of the sign-in ends by itself when it expires.\n`,
      ]);
    } finally {
      standin.resume();
    }
    expect((await sessionFileOf(h)).session()).toBeNull();
  });

  test('whoami on the embedded backend names the local profile', async () => {
    const h = home();
    const who = await runMain(['whoami', '--json'], { env: h.env });
    const profileId = (await Config.load(h.paths)).profileId;
    expect(JSON.parse(who.stdout)).toEqual({ backend: 'embedded', url: null, user: null, expiresAt: null, profileId });
  });
});

describe('keeping the sign-in alive', () => {
  test('two processes renewing one expired sign-in at once: both go on, and the sign-in survives (no reuse revokes it)', async () => {
    const { email } = await account();
    const h = home();
    expect((await loginStdin(h, email)).code).toBe(0);
    const project = supabaseProject(await Config.load(h.paths), h.env);
    // Expired by both clocks: each of the two will want to renew before its first request.
    const file = await sessionFileOf(h);
    const kept = JSON.parse(readFileSync(file.path, 'utf8')) as Record<string, string>;
    const session = JSON.parse(kept['amplify-auth'] as string) as { expires_at: number };
    session.expires_at = Math.floor(Date.now() / 1000) - 10;
    writeFileSync(file.path, JSON.stringify({ ...kept, 'amplify-auth': JSON.stringify(session) }));
    standin.clock.advance(LIFETIME_SECONDS + 60);
    const open = () => openSupabaseStore({ project, paths: h.paths, env: h.env, timeoutMs: 5000 });
    const [a, b] = await Promise.all([open(), open()]);
    expect(await a.history({ limit: 1 })).toEqual([]);
    expect(await b.history({ limit: 1 })).toEqual([]);
    // One refresh token was used once: the sign-in still renews later.
    const renewedOnce = file.session();
    standin.clock.advance(LIFETIME_SECONDS + 60);
    const later = await runMain(['history', '--backend', 'supabase'], { env: h.env });
    expect(later.code, later.stderr).toBe(0);
    expect(file.session()?.refreshToken).not.toBe(renewedOnce?.refreshToken);
  });

  test('a sign-in revoked at the project: exit 4 says to log in again, and the dead sign-in is forgotten', async () => {
    const { email } = await account();
    const h = home();
    expect((await loginStdin(h, email)).code).toBe(0);
    const other = createStandinClient(standin);
    await other.auth.signInWithPassword({ email, password: PASSWORD });
    await other.auth.signOut({ scope: 'global' });
    standin.clock.advance(LIFETIME_SECONDS + 60);
    const run = await runMain(['history', '--backend', 'supabase'], { env: h.env });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(new RegExp(`^error: the sign-in to ${standin.url} has ended and cannot be renewed \\(.+\\)\\nRun \`amplify login\` to sign in again\\.\\n$`));
    expect((await sessionFileOf(h)).session()).toBeNull();
  });

  test('the project unreachable while the sign-in needs renewing: an outage (exit 1), and the sign-in is kept', async () => {
    const { email } = await account();
    const h = home({ AMPLIFY_DB_TIMEOUT_MS: '300' });
    expect((await loginStdin(h, email)).code).toBe(0);
    const file = await sessionFileOf(h);
    const before = file.session();
    const kept = JSON.parse(readFileSync(file.path, 'utf8')) as Record<string, string>;
    const session = JSON.parse(kept['amplify-auth'] as string) as { expires_at: number };
    session.expires_at = Math.floor(Date.now() / 1000) - 10;
    writeFileSync(file.path, JSON.stringify({ ...kept, 'amplify-auth': JSON.stringify(session) }));
    standin.pause();
    try {
      const run = await runMain(['history', '--backend', 'supabase'], { env: h.env });
      expect(run.code).toBe(1);
      expect(run.stderr.split('\n')[0]).toBe('error: Supabase Auth could not be reached to renew the sign-in (no answer within 300 ms)');
    } finally {
      standin.resume();
    }
    expect(file.session()?.refreshToken).toBe(before?.refreshToken);
  });

  test('a damaged sign-in file is moved aside: signed out, never a crash', async () => {
    const { email } = await account();
    const h = home();
    expect((await loginStdin(h, email)).code).toBe(0);
    const file = await sessionFileOf(h);
    writeFileSync(file.path, '{"amplify-auth": ');
    const run = await runMain(['history', '--backend', 'supabase'], { env: h.env });
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([4, `error: not signed in to ${standin.url}`]);
    expect(run.stderr.split('\n')[1]).toMatch(/^The sign-in file could not be read and was moved aside \(.+\.corrupt-.+\)\. Run `amplify login` to sign in\.$/);
    expect((await loginStdin(h, email)).code).toBe(0);
  });
});
