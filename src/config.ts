import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AmplifyPaths } from './paths.js';

export interface Settings {
  backend: 'embedded' | 'postgres';
  databaseUrl?: string;
  /** Open $EDITOR for every answer. */
  editor: boolean;
}

export type SettingKey = 'backend' | 'databaseUrl' | 'editor';

const DEFAULTS: Settings = { backend: 'embedded', editor: false };

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
  ) {}

  static async load(paths: AmplifyPaths): Promise<Config> {
    return new Config(paths.config, { ...DEFAULTS, ...readSettings(join(paths.config, 'config.json')) }, claimProfileId(paths.config));
  }

  get settings(): Settings {
    return this.current;
  }

  get path(): string {
    return join(this.dir, 'config.json');
  }

  async set<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    const conf = await this.conf();
    conf.set(key, value);
    this.current = conf.store;
  }

  async delete(key: SettingKey): Promise<void> {
    const conf = await this.conf();
    conf.delete(key);
    this.current = conf.store;
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
function claimProfileId(dir: string): string {
  const file = join(dir, 'profile-id');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    // not created yet
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

function readSettings(file: string): Partial<Settings> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Partial<Settings>) : {};
  } catch {
    // Missing, or unreadable: conf rewrites it on the first write.
    return {};
  }
}
