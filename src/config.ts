import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { moveAsideAsCorrupt, readJson } from './json-files.js';
import type { AmplifyPaths } from './paths.js';
import { boolean, oneOf, string, type Schema } from './schema.js';
import { BACKENDS, type BackendName } from './store/store.js';

export interface Settings {
  backend: BackendName;
  databaseUrl?: string;
  /** Open $EDITOR for every answer. */
  editor: boolean;
}

export type SettingKey = 'backend' | 'databaseUrl' | 'editor';

const DEFAULTS: Settings = { backend: 'embedded', editor: false };

const SETTING_SCHEMAS: { [K in SettingKey]: Schema<Settings[K]> } = {
  backend: oneOf(BACKENDS),
  databaseUrl: string(),
  editor: boolean,
};

/** A setting that was not used: a value of the wrong type (`key`), or a whole file that cannot be read (`key` null). */
export interface IgnoredSetting {
  file: string;
  key: SettingKey | null;
  reason: string;
}

/**
 * Settings in a conf file. Reading parses the JSON directly: loading conf (and its schema
 * validator) costs more than a whole `amplify history`, so it is loaded only to write.
 */
export class Config {
  private constructor(
    private readonly dir: string,
    private current: Settings,
    /** The local profile: this machine's user in the embedded and postgres backends. */
    readonly profileId: string,
    /** Files that could not be read and were moved aside, for the caller to report. */
    readonly movedAside: string[],
    /** Settings left at their default because what the file holds does not fit, for the caller to report. */
    readonly ignored: IgnoredSetting[],
  ) {}

  static async load(paths: AmplifyPaths): Promise<Config> {
    const movedAside: string[] = [];
    const ignored: IgnoredSetting[] = [];
    const settings = readSettings(join(paths.config, 'config.json'), movedAside, ignored);
    return new Config(paths.config, { ...DEFAULTS, ...settings }, claimProfileId(paths.config, movedAside), movedAside, ignored);
  }

  get settings(): Settings {
    return this.current;
  }

  async set<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    const conf = await this.conf();
    conf.set(key, value);
    // The file may still hold a hand-edited value of another setting: it stays ignored.
    this.current = { ...DEFAULTS, ...validSettings({ ...conf.store }, conf.path, []) };
  }

  private async conf() {
    const { default: Conf } = await import('conf');
    return new Conf<Settings>({
      cwd: this.dir,
      configName: 'config',
      serialize: (value) => JSON.stringify(value, null, 2),
      defaults: DEFAULTS,
      configFileMode: 0o600,
    });
  }
}

/**
 * The first process to create the profile wins (link() fails on an existing file) and every
 * other one adopts its id: two first commands at once must not make two profiles.
 */
function claimProfileId(dir: string, movedAside: string[]): string {
  const file = join(dir, 'profile-id');
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (UUID.test(id)) return id;
    // Not an id at all (a hand edit): no session can be stored under it, so a new one loses nothing.
    movedAside.push(moveAsideAsCorrupt(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, randomUUID(), { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
  return readFileSync(file, 'utf8').trim();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Settings conf can no longer parse are moved aside (conf would refuse every write); a value
 * of the wrong type (a hand edit: `"editor": "false"`) is reported and left at its default.
 */
function readSettings(file: string, movedAside: string[], ignored: IgnoredSetting[]): Partial<Settings> {
  const read = readJson(file);
  if (!read.ok) {
    if (read.reason === 'unreadable') ignored.push({ file, key: null, reason: read.detail });
    if (read.reason === 'invalid') movedAside.push(moveAsideAsCorrupt(file));
    return {};
  }
  const parsed = read.value;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    movedAside.push(moveAsideAsCorrupt(file));
    return {};
  }
  return validSettings(parsed as Record<string, unknown>, file, ignored);
}

function validSettings(stored: Record<string, unknown>, file: string, ignored: IgnoredSetting[]): Partial<Settings> {
  const settings: Record<string, unknown> = {};
  for (const key of Object.keys(SETTING_SCHEMAS) as SettingKey[]) {
    const value = stored[key];
    if (value === undefined) continue;
    const problem = SETTING_SCHEMAS[key].problem(value, '');
    if (problem) ignored.push({ file, key, reason: problem });
    else settings[key] = value;
  }
  return settings as Partial<Settings>;
}

