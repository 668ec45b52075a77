import { randomUUID } from 'node:crypto';
import Conf from 'conf';
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

export class Config {
  private readonly conf: Conf<Settings>;

  constructor(paths: AmplifyPaths) {
    this.conf = new Conf<Settings>({
      cwd: paths.config,
      configName: 'config',
      serialize: (value) => JSON.stringify(value, null, 2),
      defaults: { profileId: '', backend: 'embedded', editor: false },
    });
    if (!this.conf.get('profileId')) this.conf.set('profileId', randomUUID());
  }

  get settings(): Settings {
    return this.conf.store;
  }

  set<K extends SettingKey>(key: K, value: Settings[K]): void {
    this.conf.set(key, value);
  }

  delete(key: SettingKey): void {
    this.conf.delete(key);
  }

  get path(): string {
    return this.conf.path;
  }
}
