import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { moveAsideAsCorrupt, readJson } from './json-files.js';
import type { AmplifyPaths } from './paths.js';
import { arrayOf, boolean, oneOf, string, type Schema } from './schema.js';
import { BACKENDS, type BackendName } from './store/store.js';

export interface Settings {
  backend: BackendName;
  databaseUrl?: string;
  /** The project URL of a Supabase project, e.g. https://abcd.supabase.co. */
  supabaseUrl?: string;
  /** Its anon (publishable) key: public by design, masked on screen all the same. */
  supabaseAnonKey?: string;
  /** Open $EDITOR for every answer. */
  editor: boolean;
  /** Ask for a one-key rating (again, hard, good, easy) after each answer, in a terminal. */
  rate: boolean;
  /** `ai` adds a model's feedback to the local one; setting it is the person's consent to send answers. */
  feedback: FeedbackMode;
  /** The model asked for feedback (AMPLIFY_AI_MODEL wins). */
  aiModel?: string;
  /** Endpoints the person agreed, once, to send answers to (the `--feedback ai` flag asks first). */
  aiConsent?: string[];
}

export const FEEDBACK_MODES = ['local', 'ai'] as const;
export type FeedbackMode = (typeof FEEDBACK_MODES)[number];

export type SettingKey = 'backend' | 'databaseUrl' | 'supabaseUrl' | 'supabaseAnonKey' | 'editor' | 'rate' | 'feedback' | 'aiModel' | 'aiConsent';

const DEFAULTS: Settings = { backend: 'embedded', editor: false, rate: true, feedback: 'local' };

const SETTING_SCHEMAS: { [K in SettingKey]: Schema<Settings[K]> } = {
  backend: oneOf(BACKENDS),
  databaseUrl: string(/^postgres(ql)?:\/\//, 'a postgres:// URL'),
  supabaseUrl: string(/^https?:\/\/[^\s/]+/, 'an http(s):// URL'),
  supabaseAnonKey: string(/^\S+$/, 'an API key'),
  editor: boolean,
  rate: boolean,
  feedback: oneOf(FEEDBACK_MODES),
  aiModel: string(/^\S+$/, 'a model name'),
  aiConsent: arrayOf(string()),
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
    /** What the file holds (valid values only); the rest are defaults. */
    private stored: Partial<Settings>,
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
    return new Config(paths.config, settings, claimProfileId(paths.config, movedAside), movedAside, ignored);
  }

  get settings(): Settings {
    return { ...DEFAULTS, ...this.stored };
  }

  /** Whether the file holds no usable value of `key`, so the default applies. */
  isDefault(key: SettingKey): boolean {
    return this.stored[key] === undefined;
  }

  async set<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    const conf = await this.conf();
    conf.set(key, value);
    this.reload(key, conf.store, conf.path);
  }

  async unset(key: SettingKey): Promise<void> {
    const conf = await this.conf();
    conf.delete(key);
    this.reload(key, conf.store, conf.path);
  }

  private reload(changed: SettingKey, store: Partial<Settings>, file: string): void {
    // The file may still hold a hand-edited value of another setting: it stays ignored.
    const stillIgnored = this.ignored.filter((i) => i.key !== changed);
    this.ignored.splice(0, this.ignored.length, ...stillIgnored);
    this.stored = validSettings({ ...store }, file, []);
  }

  private async conf() {
    const { default: Conf } = await import('conf');
    return new Conf<Settings>({
      cwd: this.dir,
      configName: 'config',
      serialize: (value) => JSON.stringify(value, null, 2),
      // No defaults in the file: what it holds is what was set, so `config list` can tell.
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
  // node:crypto on first use: only a new profile needs it.
  writeFileSync(tmp, process.getBuiltinModule('node:crypto').randomUUID(), { mode: 0o600 });
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

