import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AmplifyPaths } from './paths.js';

export interface Settings {
  /** The local profile: this machine's user in the embedded and postgres backends. */
  profileId: string;
  backend: 'embedded' | 'postgres';
  databaseUrl?: string;
  /** Open $EDITOR for every answer. */
  editor: boolean;
}

export type SettingKey = 'backend' | 'databaseUrl' | 'editor';

const DEFAULTS: Settings = { profileId: '', backend: 'embedded', editor: false };

/**
 * Settings in a conf file. Reading parses the JSON directly: loading conf (and its schema
 * validator) costs more than a whole `amplify history`, so it is loaded only to write.
 */
export class Config {
  private constructor(
    private readonly dir: string,
    private current: Settings,
  ) {}

  static async load(paths: AmplifyPaths): Promise<Config> {
    const config = new Config(paths.config, { ...DEFAULTS, ...readSettings(join(paths.config, 'config.json')) });
    if (!config.current.profileId) await config.set('profileId', randomUUID());
    return config;
  }

  get settings(): Settings {
    return this.current;
  }

  get path(): string {
    return join(this.dir, 'config.json');
  }

  async set<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
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

function readSettings(file: string): Partial<Settings> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Partial<Settings>) : {};
  } catch {
    // Missing, or unreadable: conf rewrites it on the first write.
    return {};
  }
}
