import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
    /** Files that could not be read and were moved aside, for the caller to report. */
    readonly movedAside: string[],
  ) {}

  static async load(paths: AmplifyPaths): Promise<Config> {
    const movedAside: string[] = [];
    const settings = readSettings(join(paths.config, 'config.json'), movedAside);
    return new Config(paths.config, { ...DEFAULTS, ...settings }, claimProfileId(paths.config, movedAside), movedAside);
  }

  get settings(): Settings {
    return this.current;
  }

  async set<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
    const conf = await this.conf();
    conf.set(key, value);
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
function claimProfileId(dir: string, movedAside: string[]): string {
  const file = join(dir, 'profile-id');
  try {
    const id = readFileSync(file, 'utf8').trim();
    if (UUID.test(id)) return id;
    // Not an id at all (a hand edit): no session can be stored under it, so a new one loses nothing.
    movedAside.push(moveAside(file));
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

/** Settings conf can no longer parse are moved aside (conf would refuse every write). */
function readSettings(file: string, movedAside: string[]): Partial<Settings> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Partial<Settings>;
  } catch {
    // unreadable: moved aside below
  }
  movedAside.push(moveAside(file));
  return {};
}

function moveAside(file: string): string {
  const to = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, to);
  return to;
}
