import { readFileSync, writeFileSync } from 'node:fs';
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
    expect([get.code, get.stdout, get.stderr]).toEqual([0, 'editor=false\nbackend=embedded\ndatabase-url=\nsupabase-url=\nsupabase-anon-key=\n', '']);
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
    expect(get.stdout).toBe('editor=false\nbackend=postgres\ndatabase-url=postgres://me:***@db.example.com:5432/amplify\nsupabase-url=\nsupabase-anon-key=\n');
    expect(get.stdout).not.toContain('s3cret');
    expect((await run('set', 'backend', 'embedded')).code).toBe(0);
    expect((await run('get', 'backend')).stdout).toBe('embedded\n');
  });

  const URL_EXAMPLE = 'e.g. amplify config set database-url postgres://user:password@host:5432/amplify';
  test.each([
    [['set', 'editor', 'yes'], 'error: editor is true or false'],
    [['set', 'editor', 'TRUE'], 'error: editor is true or false'],
    [['set', 'colour', 'red'], `error: unknown setting 'colour'`, 'Settings: editor, backend, database-url, supabase-url, supabase-anon-key.'],
    [['get', 'colour'], `error: unknown setting 'colour'`, 'Settings: editor, backend, database-url, supabase-url, supabase-anon-key.'],
    [['set', 'backend', 'sqlite'], 'error: backend is one of: embedded, postgres, supabase'],
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

