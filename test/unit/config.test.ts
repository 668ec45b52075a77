import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { Config } from '../../src/config.js';
import { makeHome, type TestHome } from '../support/home.js';

let home: TestHome;
afterEach(() => rmSync(home.dir, { recursive: true, force: true }));

const configDir = () => home.paths.config;
const write = (name: string, text: string) => {
  mkdirSync(configDir(), { recursive: true });
  writeFileSync(join(configDir(), name), text);
};
const asideOf = (name: string) => readdirSync(configDir()).filter((f) => f.startsWith(`${name}.corrupt-`));

describe('Config', () => {
  test('defaults, and one profile id that stays the same across loads', async () => {
    home = makeHome();
    const first = await Config.load(home.paths);
    expect(first.settings).toEqual({ backend: 'embedded', editor: false, rate: true, feedback: 'local' });
    expect(first.profileId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await Config.load(home.paths)).profileId).toBe(first.profileId);
    expect(first.movedAside).toEqual([]);
  });

  test('a setting is written through conf and read back by a new load', async () => {
    home = makeHome();
    await (await Config.load(home.paths)).set('editor', true);
    expect((await Config.load(home.paths)).settings.editor).toBe(true);
    // Only what was set: a default written to the file would look like a choice to `config list`.
    expect(JSON.parse(readFileSync(join(configDir(), 'config.json'), 'utf8'))).toEqual({ editor: true });
  });

  test.each(['{"backend": "postg', '[1, 2]', 'null'])('an unreadable settings file %j is moved aside, reported, and writes work again', async (text) => {
    home = makeHome();
    write('config.json', text);
    const config = await Config.load(home.paths);
    expect(config.settings).toEqual({ backend: 'embedded', editor: false, rate: true, feedback: 'local' });
    expect(config.movedAside).toEqual([join(configDir(), asideOf('config.json')[0] as string)]);
    expect(readFileSync(config.movedAside[0] as string, 'utf8')).toBe(text);
    await config.set('editor', true);
    expect((await Config.load(home.paths)).settings.editor).toBe(true);
  });

  test('a profile id file that holds no id is moved aside and a new id is made', async () => {
    home = makeHome();
    write('profile-id', 'not-a-uuid\n');
    const config = await Config.load(home.paths);
    expect(config.profileId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(asideOf('profile-id')).toHaveLength(1);
    expect(existsSync(join(configDir(), 'profile-id'))).toBe(true);
    expect((await Config.load(home.paths)).profileId).toBe(config.profileId);
  });

  test.each([
    ['"editor": "false"', { editor: 'false' }, 'editor', 'expected true or false, got "false"'],
    ['"backend": "mysql"', { backend: 'mysql' }, 'backend', 'expected one of "embedded", "postgres", "supabase", got "mysql"'],
    ['"databaseUrl": 5', { databaseUrl: 5 }, 'databaseUrl', 'expected a postgres:// URL, got 5'],
    ['"supabaseUrl": "abc.supabase.co"', { supabaseUrl: 'abc.supabase.co' }, 'supabaseUrl', 'expected an http(s):// URL, got "abc.supabase.co"'],
    ['"feedback": "gpt"', { feedback: 'gpt' }, 'feedback', 'expected one of "local", "ai", got "gpt"'],
    ['"aiConsent": "yes"', { aiConsent: 'yes' }, 'aiConsent', 'expected a list, got "yes"'],
  ])('a setting of the wrong type (%s) is reported by file and key and left at its default; the others are used', async (_name, edit, key, reason) => {
    home = makeHome();
    write('config.json', JSON.stringify({ backend: 'embedded', editor: true, ...edit }));
    const config = await Config.load(home.paths);
    expect(config.ignored).toEqual([{ file: join(configDir(), 'config.json'), key, reason }]);
    expect(config.settings).toEqual({ backend: 'embedded', editor: key === 'editor' ? false : true, rate: true, feedback: 'local' });
    expect(config.movedAside).toEqual([]);
    // Setting another key keeps the bad value out of what this process uses.
    await config.set('backend', 'embedded');
    expect(config.settings).toEqual({ backend: 'embedded', editor: key === 'editor' ? false : true, rate: true, feedback: 'local' });
  });

  test('a settings file that cannot be read (a directory in its place) is reported; the defaults are used', async () => {
    home = makeHome();
    mkdirSync(join(configDir(), 'config.json'), { recursive: true });
    const config = await Config.load(home.paths);
    expect(config.settings).toEqual({ backend: 'embedded', editor: false, rate: true, feedback: 'local' });
    expect(config.ignored).toEqual([{ file: join(configDir(), 'config.json'), key: null, reason: 'EISDIR' }]);
  });
});
