import type { Config, SettingKey } from '../config.js';
import { UserError } from '../errors.js';
import { BACKENDS, type BackendName } from './store.js';

/** A Supabase project as supabase-js needs it. */
export interface SupabaseProject {
  url: string;
  anonKey: string;
}

/** Where this command's data lives, with everything needed to reach it. */
export type StoreSettings =
  | { backend: 'embedded' }
  | { backend: 'postgres'; databaseUrl: string }
  | { backend: 'supabase'; project: SupabaseProject };

/** Where a value came from, most specific first: what `config list` shows. */
export type SettingSource = 'flag' | 'environment' | 'config file' | 'default';

export interface ResolvedSetting {
  /** The name users type: `amplify config set <key>`. */
  key: string;
  value: string | undefined;
  source: SettingSource;
  /** The variable or flag it came from, when not the file. */
  origin: string | null;
  /** Why a value in the file was not used, when it was not. */
  invalid: string | null;
}

export function isBackend(value: string): value is BackendName {
  return (BACKENDS as readonly string[]).includes(value);
}

/**
 * Each setting's value and where it came from. The flag wins over the environment, which
 * wins over the file (Supabase's own variable names are used, as its tools do).
 * AMPLIFY_DATABASE_URL alone also means the postgres backend, as it always has.
 */
export function resolveSettings(
  config: Config,
  env: NodeJS.ProcessEnv,
  backendFlag?: BackendName,
): Record<'backend' | 'database-url' | 'supabase-url' | 'supabase-anon-key' | 'editor' | 'rate' | 'feedback' | 'ai-model', ResolvedSetting> {
  const settings = config.settings;
  const invalid = (key: SettingKey) => config.ignored.find((i) => i.key === key)?.reason ?? null;
  const fromFile = (key: SettingKey, name: string, value: string | undefined): ResolvedSetting => ({
    key: name,
    value,
    source: value === undefined || config.isDefault(key) ? 'default' : 'config file',
    origin: null,
    invalid: invalid(key),
  });
  const fromEnv = (variable: string, fallback: ResolvedSetting): ResolvedSetting => {
    const value = env[variable];
    return value ? { ...fallback, value, source: 'environment', origin: variable } : fallback;
  };

  let backend = fromEnv('AMPLIFY_BACKEND', fromFile('backend', 'backend', settings.backend));
  if (backend.source !== 'environment' && env.AMPLIFY_DATABASE_URL) backend = { ...backend, value: 'postgres', source: 'environment', origin: 'AMPLIFY_DATABASE_URL' };
  if (backendFlag) backend = { ...backend, value: backendFlag, source: 'flag', origin: '--backend' };
  return {
    backend,
    'database-url': fromEnv('AMPLIFY_DATABASE_URL', fromFile('databaseUrl', 'database-url', settings.databaseUrl)),
    'supabase-url': fromEnv('SUPABASE_URL', fromFile('supabaseUrl', 'supabase-url', settings.supabaseUrl)),
    'supabase-anon-key': fromEnv('SUPABASE_ANON_KEY', fromFile('supabaseAnonKey', 'supabase-anon-key', settings.supabaseAnonKey)),
    editor: fromFile('editor', 'editor', String(settings.editor)),
    rate: fromFile('rate', 'rate', String(settings.rate)),
    feedback: fromFile('feedback', 'feedback', settings.feedback),
    'ai-model': fromEnv('AMPLIFY_AI_MODEL', fromFile('aiModel', 'ai-model', settings.aiModel)),
  };
}

/**
 * The backend this command uses and how to reach it. A setting it needs that is missing, or
 * that the file holds in a form that cannot be used, stops the command: falling back to
 * another database would put answers where the person does not look for them.
 */
export function storeSettings(config: Config, env: NodeJS.ProcessEnv, backendFlag?: BackendName): StoreSettings {
  const resolved = resolveSettings(config, env, backendFlag);
  const backend = usable(resolved.backend, config) ?? 'embedded';
  if (!isBackend(backend)) {
    throw new UserError(`AMPLIFY_BACKEND must be one of ${BACKENDS.join(', ')}, not '${backend}'`, 'Unset it, or set it to one of those.');
  }
  if (backend === 'embedded') return { backend };
  if (backend === 'postgres') {
    const databaseUrl = usable(resolved['database-url'], config);
    if (!databaseUrl) {
      throw new UserError('the postgres backend needs a database URL', 'Set one: `amplify config set database-url postgres://user@host:5432/amplify`, or AMPLIFY_DATABASE_URL.');
    }
    return { backend, databaseUrl };
  }
  return { backend, project: projectOf(resolved, config, 'the supabase backend') };
}

/** The Supabase project the settings name, whichever backend is in use (to sign in before switching). */
export function supabaseProject(config: Config, env: NodeJS.ProcessEnv): SupabaseProject {
  return projectOf(resolveSettings(config, env), config, 'signing in to Supabase');
}

function projectOf(resolved: ReturnType<typeof resolveSettings>, config: Config, what: string): SupabaseProject {
  const url = usable(resolved['supabase-url'], config);
  const anonKey = usable(resolved['supabase-anon-key'], config);
  // A value from the environment has not been checked by `config set`.
  for (const [setting, problem] of [
    [resolved['supabase-url'], url && projectUrlProblem(url)],
    [resolved['supabase-anon-key'], anonKey && anonKeyProblem(anonKey)],
  ] as const) {
    if (problem) throw new UserError(`${setting.origin ?? setting.key}: ${problem.message}`, problem.hint);
  }
  if (!url || !anonKey) {
    throw new UserError(
      `${what} needs ${!url ? 'a project URL' : "the project's anon key"}`,
      !url
        ? 'Set it: `amplify config set supabase-url https://<project-ref>.supabase.co`, or SUPABASE_URL (Project Settings → API).'
        : 'Set it: `amplify config set supabase-anon-key <anon key>`, or SUPABASE_ANON_KEY (Project Settings → API).',
    );
  }
  return { url: url.replace(/\/+$/, ''), anonKey };
}

/** A value from the file that failed its check is an error here, not a silent default. */
function usable(setting: ResolvedSetting, config: Config): string | undefined {
  if (setting.source === 'default' && setting.invalid) {
    const file = config.ignored.find((i) => i.reason === setting.invalid)?.file;
    throw new UserError(`the setting "${setting.key}" in ${file} cannot be used (${setting.invalid})`, `Set it again: \`amplify config set ${setting.key} <value>\`.`);
  }
  return setting.value;
}

/** What is wrong with a Supabase project URL (http(s), a host, nothing after the path), or null. */
export function projectUrlProblem(value: string): { message: string; hint: string } | null {
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (url && /^https?:$/.test(url.protocol) && url.hostname && !url.search && !url.hash && !url.username && !url.password) return null;
  return { message: `'${value}' is not a Supabase project URL`, hint: 'e.g. amplify config set supabase-url https://abcdefghijklmnop.supabase.co (Project Settings → API)' };
}

/**
 * What is wrong with an anon key, or null. The anon key is meant to be public; the
 * service-role key is not, and bypasses row-level security: amplify refuses to use it.
 */
export function anonKeyProblem(key: string): { message: string; hint: string } | null {
  if (!/^[A-Za-z0-9._-]{20,}$/.test(key)) {
    return { message: 'that is not a Supabase API key', hint: "Copy the project's anon (publishable) key from Project Settings → API." };
  }
  if (isServiceRoleKey(key)) {
    return { message: 'that is the service_role (secret) key, which bypasses row-level security', hint: 'Use the anon (publishable) key; keep the secret key off this machine.' };
  }
  return null;
}

/** The secret key that bypasses row-level security (a legacy JWT with that role, or a new sb_secret_ key). */
export function isServiceRoleKey(key: string): boolean {
  return key.startsWith('sb_secret_') || jwtRole(key) === 'service_role';
}

function jwtRole(key: string): unknown {
  const payload = key.split('.')[1];
  if (!payload) return undefined;
  try {
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { role?: unknown }).role;
  } catch {
    return undefined;
  }
}
