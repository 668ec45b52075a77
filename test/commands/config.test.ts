import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runMain } from '../support/context.js';
import { makeHome } from '../support/home.js';

// No command here opens the database.
const home = makeHome();
const env = home.env;
afterAll(() => home.cleanup());

const run = (...argv: string[]) => runMain(['config', ...argv], { env });
const saved = () => JSON.parse(readFileSync(join(home.paths.config, 'config.json'), 'utf8')) as Record<string, unknown>;
const HELP = '(run with --help for usage)';

describe('amplify config', () => {
  test('get prints the defaults', async () => {
    const get = await run('get');
    expect([get.code, get.stdout, get.stderr]).toEqual([0, 'editor=false\nrate=true\nbackend=embedded\ndatabase-url=\nsupabase-url=\nsupabase-anon-key=\nfeedback=local\nai-model=\n', '']);
  });

  test('set editor true is saved, and get reads it back', async () => {
    const set = await run('set', 'editor', 'true');
    expect([set.code, set.stdout, set.stderr]).toEqual([0, '', 'Saved editor.\n']);
    expect((await run('get', 'editor')).stdout).toBe('true\n');
    expect(saved().editor).toBe(true);
    expect((await run('set', 'editor', 'false')).code).toBe(0);
    expect((await run('get', 'editor')).stdout).toBe('false\n');
  });

  test('a database URL switches the backend; its password is never printed', async () => {
    expect((await run('set', 'database-url', 'postgres://me:s3cret@db.example.com:5432/amplify')).code).toBe(0);
    const get = await run('get');
    expect(get.stdout).toBe('editor=false\nrate=true\nbackend=postgres\ndatabase-url=postgres://me:***@db.example.com:5432/amplify\nsupabase-url=\nsupabase-anon-key=\nfeedback=local\nai-model=\n');
    expect(get.stdout).not.toContain('s3cret');
    expect((await run('set', 'backend', 'embedded')).code).toBe(0);
    expect((await run('get', 'backend')).stdout).toBe('embedded\n');
  });

  const URL_EXAMPLE = 'e.g. amplify config set database-url postgres://user:password@host:5432/amplify';
  test.each([
    [['set', 'editor', 'yes'], 'error: editor is true or false'],
    [['set', 'editor', 'TRUE'], 'error: editor is true or false'],
    [['set', 'colour', 'red'], `error: unknown setting 'colour'`, 'Settings: editor, rate, backend, database-url, supabase-url, supabase-anon-key, feedback, ai-model.'],
    [['get', 'colour'], `error: unknown setting 'colour'`, 'Settings: editor, rate, backend, database-url, supabase-url, supabase-anon-key, feedback, ai-model.'],
    [['set', 'backend', 'sqlite'], 'error: backend is one of: embedded, postgres, supabase'],
    [['set', 'feedback', 'gpt'], 'error: feedback is one of: local, ai', "local: computed on this machine; ai: the local feedback and a model's (answers are sent to OPENAI_BASE_URL)."],
    [['set', 'ai-model', 'two words'], 'error: ai-model is a model name without spaces', 'e.g. amplify config set ai-model gpt-4o-mini'],
    [['set', 'database-url', 'mysql://me:pw@db/amplify'], `error: 'mysql://me:***@db/amplify' is not a postgres:// or postgresql:// URL`, URL_EXAMPLE],
    [['set', 'database-url', 'postgres://u:secret@[::1'], `error: 'postgres://***' is not a postgres:// or postgresql:// URL`, URL_EXAMPLE],
    [['set', 'editor'], `error: missing required argument 'value'`],
  ])('%j exits 2 with a one-line reason and changes nothing', async (argv, ...lines) => {
    await run('get'); // the file exists, whatever ran before
    const before = saved();
    const bad = await run(...argv);
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([2, '', `${[...lines, HELP].join('\n')}\n`]);
    expect(saved()).toEqual(before);
  });

  test('backend postgres needs a database URL first', async () => {
    const fresh = makeHome();
    try {
      const bad = await runMain(['config', 'set', 'backend', 'postgres'], { env: fresh.env });
      expect([bad.code, bad.stderr]).toEqual([2, `error: set database-url first\namplify config set database-url postgres://user@host/db\n${HELP}\n`]);
      expect((await runMain(['config', 'get', 'backend'], { env: fresh.env })).stdout).toBe('embedded\n');
    } finally {
      await fresh.cleanup();
    }
  });

  test('a hand-edited value of the wrong type is named in a warning and not used; set repairs it', async () => {
    const file = join(home.paths.config, 'config.json');
    writeFileSync(file, JSON.stringify({ backend: 'embedded', editor: 'false' }));
    const get = await run('get', 'editor');
    expect([get.code, get.stdout, get.stderr]).toEqual([0, 'false\n', `warning: the setting "editor" in ${file} is ignored (expected true or false, got "false"): the default is used\n`]);
    expect((await run('set', 'editor', 'true')).code).toBe(0);
    const fixed = await run('get', 'editor');
    expect([fixed.stdout, fixed.stderr]).toEqual(['true\n', '']);
    expect((await run('set', 'editor', 'false')).code).toBe(0);
  });
});


describe('choosing a backend: settings, environment and --backend', () => {
  const ANON_KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.c2lnbmF0dXJlLW9mLXRoZS1hbm9uLWtleQ';
  const SERVICE_KEY = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJlLW9mLXRoZS1rZXk';
  const fresh = () => {
    const h = makeHome();
    homes.push(h);
    return { h, run: (argv: string[], extra: NodeJS.ProcessEnv = {}) => runMain(argv, { env: { ...h.env, ...extra } }) };
  };
  const homes: ReturnType<typeof makeHome>[] = [];
  afterAll(() => Promise.all(homes.map((h) => h.cleanup())));

  test('list shows every setting, its source, and masks the key and the password', async () => {
    const { run } = fresh();
    expect((await run(['config', 'set', 'supabase-url', 'https://abcd.supabase.co/'])).code).toBe(0);
    expect((await run(['config', 'set', 'supabase-anon-key', ANON_KEY])).code).toBe(0);
    const list = await run(['config', 'list', '--json'], { AMPLIFY_DATABASE_URL: 'postgres://me:s3cret@db/amplify', AMPLIFY_AI_MODEL: 'llama3.2' });
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain('s3cret');
    expect(list.stdout).not.toContain(ANON_KEY);
    expect(JSON.parse(list.stdout).settings).toEqual([
      { key: 'editor', value: 'false', source: 'default', origin: null, invalid: null },
      { key: 'rate', value: 'true', source: 'default', origin: null, invalid: null },
      { key: 'backend', value: 'postgres', source: 'environment', origin: 'AMPLIFY_DATABASE_URL', invalid: null },
      { key: 'database-url', value: 'postgres://me:***@db/amplify', source: 'environment', origin: 'AMPLIFY_DATABASE_URL', invalid: null },
      { key: 'supabase-url', value: 'https://abcd.supabase.co', source: 'config file', origin: null, invalid: null },
      { key: 'supabase-anon-key', value: `${ANON_KEY.slice(0, 6)}…${ANON_KEY.slice(-4)}`, source: 'config file', origin: null, invalid: null },
      { key: 'feedback', value: 'local', source: 'default', origin: null, invalid: null },
      { key: 'ai-model', value: 'llama3.2', source: 'environment', origin: 'AMPLIFY_AI_MODEL', invalid: null },
    ]);
    const table = await run(['config', 'list']);
    expect(table.stdout).toMatch(/supabase-url\s+│ https:\/\/abcd\.supabase\.co\s+│ config file/);
    expect(table.stdout).toMatch(/backend\s+│ embedded\s+│ default/);
  });

  test('SUPABASE_URL and SUPABASE_ANON_KEY win over the file, --backend over AMPLIFY_BACKEND', async () => {
    const { run } = fresh();
    await run(['config', 'set', 'supabase-url', 'https://file.supabase.co']);
    const env = { SUPABASE_URL: 'https://env.supabase.co', SUPABASE_ANON_KEY: ANON_KEY, AMPLIFY_BACKEND: 'supabase' };
    const list = JSON.parse((await run(['config', 'list', '--json'], env)).stdout).settings as { key: string; value: string; source: string; origin: string }[];
    expect(list.find((s) => s.key === 'supabase-url')).toMatchObject({ value: 'https://env.supabase.co', origin: 'SUPABASE_URL' });
    expect(list.find((s) => s.key === 'backend')).toMatchObject({ value: 'supabase', origin: 'AMPLIFY_BACKEND' });
    const flagged = JSON.parse((await run(['config', 'list', '--json', '--backend', 'embedded'], env)).stdout).settings as { key: string; value: string; origin: string }[];
    expect(flagged.find((s) => s.key === 'backend')).toMatchObject({ value: 'embedded', source: 'flag', origin: '--backend' });
  });

  test.each([
    [['config', 'set', 'supabase-url', 'ftp://x.supabase.co'], "error: 'ftp://x.supabase.co' is not a Supabase project URL"],
    [['config', 'set', 'supabase-url', 'https://x.supabase.co?key=1'], "error: 'https://x.supabase.co?key=1' is not a Supabase project URL"],
    [['config', 'set', 'supabase-anon-key', 'short'], 'error: that is not a Supabase API key'],
    [['config', 'set', 'supabase-anon-key', SERVICE_KEY], 'error: that is the service_role (secret) key, which bypasses row-level security'],
    [['config', 'set', 'supabase-anon-key', 'sb_secret_0123456789abcdefghij'], 'error: that is the service_role (secret) key, which bypasses row-level security'],
    [['config', 'set', 'backend', 'supabase'], 'error: set supabase-url first'],
    [['history', '--backend', 'sqlite'], "error: option '-b, --backend <backend>' argument 'sqlite' is invalid. Allowed choices are embedded, postgres, supabase."],
  ])('%j is refused, exit 2, and nothing is saved', async (argv, first) => {
    const { h, run } = fresh();
    const bad = await run(argv);
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, first]);
    expect(bad.stderr).not.toContain(SERVICE_KEY);
    expect(() => readFileSync(join(h.paths.config, 'config.json'), 'utf8')).toThrow(/ENOENT/);
  });

  test('a hand-edited backend that cannot be used stops a command instead of quietly using another database', async () => {
    const { h, run } = fresh();
    const file = join(h.paths.config, 'config.json');
    mkdirSync(h.paths.config, { recursive: true });
    writeFileSync(file, JSON.stringify({ backend: 'supabse' }));
    const history = await run(['history']);
    expect(history.code).toBe(1);
    expect(history.stderr).toContain(`error: the setting "backend" in ${file} cannot be used (expected one of "embedded", "postgres", "supabase", got "supabse")\n`);
    expect(history.stderr).toContain('Set it again: `amplify config set backend <value>`.');
    const list = JSON.parse((await run(['config', 'list', '--json'])).stdout).settings as { key: string; invalid: string | null }[];
    expect(list.find((s) => s.key === 'backend')?.invalid).toBe('expected one of "embedded", "postgres", "supabase", got "supabse"');
  });

  test('the supabase backend without a project names the setting to make; AMPLIFY_BACKEND with a typo is refused', async () => {
    const { run } = fresh();
    const none = await run(['history', '--backend', 'supabase']);
    expect([none.code, none.stderr]).toEqual([
      1,
      "error: the supabase backend needs a project URL\nSet it: `amplify config set supabase-url https://<project-ref>.supabase.co`, or SUPABASE_URL (Project Settings → API).\n",
    ]);
    const typo = await run(['history'], { AMPLIFY_BACKEND: 'supabse' });
    expect([typo.code, typo.stderr]).toEqual([1, "error: AMPLIFY_BACKEND must be one of embedded, postgres, supabase, not 'supabse'\nUnset it, or set it to one of those.\n"]);
  });

  test.each([
    [{ SUPABASE_URL: 'not a url', SUPABASE_ANON_KEY: ANON_KEY }, "error: SUPABASE_URL: 'not a url' is not a Supabase project URL"],
    [{ SUPABASE_URL: 'https://abcd.supabase.co', SUPABASE_ANON_KEY: SERVICE_KEY }, 'error: SUPABASE_ANON_KEY: that is the service_role (secret) key, which bypasses row-level security'],
  ])('the environment is checked as `config set` checks: %j, exit 1, for data commands and login alike', async (extra, line) => {
    const { run } = fresh();
    for (const argv of [['history', '--backend', 'supabase'], ['login']]) {
      const bad = await run(argv, extra);
      expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([1, line]);
      expect(bad.stderr).not.toContain(SERVICE_KEY);
    }
  });

  test('unset removes a setting; the one the current backend uses cannot be removed', async () => {
    const { run } = fresh();
    await run(['config', 'set', 'supabase-url', 'https://abcd.supabase.co']);
    await run(['config', 'set', 'supabase-anon-key', ANON_KEY]);
    expect((await run(['config', 'set', 'backend', 'supabase'])).code).toBe(0);
    const refused = await run(['config', 'unset', 'supabase-url']);
    expect([refused.code, refused.stderr.split('\n')[0]]).toEqual([2, 'error: the supabase backend uses supabase-url']);
    expect((await run(['config', 'set', 'backend', 'embedded'])).code).toBe(0);
    const removed = await run(['config', 'unset', 'supabase-url']);
    expect([removed.code, removed.stderr]).toEqual([0, 'Removed supabase-url.\n']);
    expect((await run(['config', 'get', 'supabase-url'])).stdout).toBe('\n');
  });
});
