import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { FEEDBACK_MODES, type FeedbackMode, type SettingKey } from '../config.js';
import { isPostgresUrl, redact } from '../store/connection-url.js';
import { anonKeyProblem, isBackend, projectUrlProblem, resolveSettings, type ResolvedSetting } from '../store/store-settings.js';
import { BACKENDS } from '../store/store.js';
import { renderTable } from '../ui/table.js';
import { writeJson } from './shared/json.js';

const KEYS = ['editor', 'rate', 'backend', 'database-url', 'supabase-url', 'supabase-anon-key', 'feedback', 'ai-model'] as const;
type Key = (typeof KEYS)[number];

const STORED_AS: Record<Key, SettingKey> = {
  editor: 'editor',
  rate: 'rate',
  backend: 'backend',
  'database-url': 'databaseUrl',
  'supabase-url': 'supabaseUrl',
  'supabase-anon-key': 'supabaseAnonKey',
  feedback: 'feedback',
  'ai-model': 'aiModel',
};

function checkKey(key: string): Key {
  if (!(KEYS as readonly string[]).includes(key)) throw new UsageError(`unknown setting '${key}'`, `Settings: ${KEYS.join(', ')}.`);
  return key as Key;
}

/** What may be shown of a value: URLs without their password, keys only by their ends. */
function masked(key: Key, value: string | undefined): string {
  if (value === undefined) return '';
  if (key === 'database-url') return redact(value);
  if (key === 'supabase-anon-key') return value.length > 16 ? `${value.slice(0, 6)}…${value.slice(-4)}` : '***';
  return value;
}

async function resolved(ctx: Context): Promise<Record<Key, ResolvedSetting>> {
  return resolveSettings(await ctx.config(), ctx.env, ctx.backendFlag);
}

export async function runConfigGet(key: string | undefined, ctx: Context): Promise<void> {
  const settings = await resolved(ctx);
  if (key) {
    const k = checkKey(key);
    return ctx.stdout.write(`${masked(k, settings[k].value)}\n`);
  }
  for (const k of KEYS) ctx.stdout.write(`${k}=${masked(k, settings[k].value)}\n`);
}

function sourceOf(setting: ResolvedSetting): string {
  const origin = setting.origin ? ` (${setting.origin})` : '';
  const invalid = setting.invalid ? `; the file's value is invalid: ${setting.invalid}` : '';
  return `${setting.source}${origin}${invalid}`;
}

export async function runConfigList(options: { json?: boolean }, ctx: Context): Promise<void> {
  const settings = await resolved(ctx);
  const rows = KEYS.map((k) => ({ setting: settings[k], shown: settings[k].value === undefined ? null : masked(k, settings[k].value) }));
  if (options.json) {
    return writeJson(ctx.stdout, { settings: rows.map(({ setting: { key, source, origin, invalid }, shown }) => ({ key, value: shown, source, origin, invalid })) });
  }
  const { style } = ctx.stdout;
  const table = rows.map(({ setting, shown }) => [setting.key, shown ?? style.dim('(not set)'), setting.invalid ? style.yellow(sourceOf(setting)) : sourceOf(setting)]);
  ctx.stdout.write(`${renderTable(['Setting', 'Value', 'From'], table, { style, maxWidth: ctx.stdout.columns })}\n`);
}

export async function runConfigSet(key: string, value: string, ctx: Context): Promise<void> {
  const config = await ctx.config();
  switch (checkKey(key)) {
    case 'editor':
      if (!['true', 'false'].includes(value)) throw new UsageError('editor is true or false');
      await config.set('editor', value === 'true');
      break;
    case 'rate':
      if (!['true', 'false'].includes(value)) throw new UsageError('rate is true or false');
      await config.set('rate', value === 'true');
      break;
    case 'backend': {
      if (!isBackend(value)) throw new UsageError(`backend is one of: ${BACKENDS.join(', ')}`);
      const settings = await resolved(ctx);
      if (value === 'postgres' && !settings['database-url'].value) {
        throw new UsageError('set database-url first', 'amplify config set database-url postgres://user@host/db');
      }
      if (value === 'supabase' && (!settings['supabase-url'].value || !settings['supabase-anon-key'].value)) {
        throw new UsageError(
          `set ${settings['supabase-url'].value ? 'supabase-anon-key' : 'supabase-url'} first`,
          'Both are in the project\'s API settings: amplify config set supabase-url https://<ref>.supabase.co, amplify config set supabase-anon-key <anon key>',
        );
      }
      await config.set('backend', value);
      break;
    }
    case 'database-url':
      if (!isPostgresUrl(value)) throw new UsageError(`'${redact(value)}' is not a postgres:// or postgresql:// URL`, 'e.g. amplify config set database-url postgres://user:password@host:5432/amplify');
      await config.set('databaseUrl', value);
      await config.set('backend', 'postgres');
      break;
    case 'supabase-url':
      await config.set('supabaseUrl', checked(projectUrlProblem(value), value));
      break;
    case 'supabase-anon-key':
      await config.set('supabaseAnonKey', checked(anonKeyProblem(value.trim()), value.trim()));
      break;
    case 'feedback':
      if (!isFeedbackMode(value)) throw new UsageError(`feedback is one of: ${FEEDBACK_MODES.join(', ')}`, 'local: computed on this machine; ai: the local feedback and a model\'s (answers are sent to OPENAI_BASE_URL).');
      await config.set('feedback', value);
      break;
    case 'ai-model':
      if (!/^\S+$/.test(value)) throw new UsageError('ai-model is a model name without spaces', 'e.g. amplify config set ai-model gpt-4o-mini');
      await config.set('aiModel', value);
      break;
  }
  ctx.stderr.write(`Saved ${key}.\n`);
}

export async function runConfigUnset(key: string, ctx: Context): Promise<void> {
  const k = checkKey(key);
  const config = await ctx.config();
  if (k === 'database-url' && config.settings.backend === 'postgres') {
    throw new UsageError('the postgres backend uses database-url', 'Choose another backend first: amplify config set backend embedded');
  }
  if ((k === 'supabase-url' || k === 'supabase-anon-key') && config.settings.backend === 'supabase') {
    throw new UsageError(`the supabase backend uses ${k}`, 'Choose another backend first: amplify config set backend embedded');
  }
  await config.unset(STORED_AS[k]);
  ctx.stderr.write(`Removed ${key}.\n`);
}

function isFeedbackMode(value: string): value is FeedbackMode {
  return (FEEDBACK_MODES as readonly string[]).includes(value);
}

function checked(problem: { message: string; hint: string } | null, value: string): string {
  if (problem) throw new UsageError(problem.message, problem.hint);
  return value.replace(/\/+$/, '');
}
