import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import type { Settings } from '../config.js';
import { isPostgresUrl, redact } from '../store/connection-url.js';
import { BACKENDS, type BackendName } from '../store/store.js';

const KEYS = ['editor', 'backend', 'database-url'] as const;
type Key = (typeof KEYS)[number];

function checkKey(key: string): Key {
  if (!(KEYS as readonly string[]).includes(key)) throw new UsageError(`unknown setting '${key}'`, `Settings: ${KEYS.join(', ')}.`);
  return key as Key;
}

function shown(settings: Settings, key: Key): string {
  if (key === 'editor') return String(settings.editor);
  if (key === 'backend') return settings.backend;
  return settings.databaseUrl ? redact(settings.databaseUrl) : '';
}

export async function runConfigGet(key: string | undefined, ctx: Context): Promise<void> {
  const settings = (await ctx.config()).settings;
  if (key) return ctx.stdout.write(`${shown(settings, checkKey(key))}\n`);
  for (const k of KEYS) ctx.stdout.write(`${k}=${shown(settings, k)}\n`);
}

export async function runConfigSet(key: string, value: string, ctx: Context): Promise<void> {
  const config = await ctx.config();
  switch (checkKey(key)) {
    case 'editor':
      if (!['true', 'false'].includes(value)) throw new UsageError('editor is true or false');
      await config.set('editor', value === 'true');
      break;
    case 'backend':
      if (!isBackend(value)) throw new UsageError(`backend is one of: ${BACKENDS.join(', ')}`);
      if (value === 'postgres' && !config.settings.databaseUrl) throw new UsageError('set database-url first', 'amplify config set database-url postgres://user@host/db');
      await config.set('backend', value);
      break;
    case 'database-url':
      if (!isPostgresUrl(value)) throw new UsageError(`'${redact(value)}' is not a postgres:// or postgresql:// URL`, 'e.g. amplify config set database-url postgres://user:password@host:5432/amplify');
      await config.set('databaseUrl', value);
      await config.set('backend', 'postgres');
      break;
  }
  ctx.stderr.write(`Saved ${key}.\n`);
}

function isBackend(value: string): value is BackendName {
  return (BACKENDS as readonly string[]).includes(value);
}
