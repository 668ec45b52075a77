import { canPrompt, type Context } from '../../context.js';
import { DatabaseUnavailableError, UsageError } from '../../errors.js';
import { dbTimeoutMs } from '../../store/db-timeout.js';
import { supabaseProject, type SupabaseProject } from '../../store/store-settings.js';
import type { AuthConnection } from '../../store/supabase/client.js';
import { SessionFile } from '../../store/supabase/session-file.js';

export interface Credentials {
  email?: string;
  passwordStdin?: boolean;
}

/** The project to sign in to, its kept sign-in, and the deadline of each request. */
export async function signInTarget(ctx: Context): Promise<{ project: SupabaseProject; file: SessionFile; timeoutMs: number }> {
  const project = supabaseProject(await ctx.config(), ctx.env);
  return { project, file: new SessionFile(ctx.paths, project), timeoutMs: dbTimeoutMs(ctx.env) };
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export async function emailOf(options: Credentials, ctx: Context, command: string): Promise<string> {
  const email = options.email ?? (canPrompt(ctx) ? await ctx.prompter.text('Email') : undefined);
  if (email === undefined) throw new UsageError(`${command} needs --email when it cannot prompt (no terminal)`, `e.g. amplify ${command} --email you@example.com --password-stdin`);
  const trimmed = email.trim();
  if (!EMAIL.test(trimmed)) throw new UsageError(`'${trimmed}' is not an email address`);
  return trimmed;
}

/** The password: from standard input with --password-stdin (no echo, no shell history), or a hidden prompt. */
export async function passwordOf(options: Credentials, ctx: Context, command: string, confirm = false): Promise<string> {
  let password: string;
  if (options.passwordStdin) password = (await readAll(ctx.stdin)).replace(/\r?\n$/, '');
  else if (canPrompt(ctx)) {
    password = await ctx.prompter.secret('Password');
    if (confirm && (await ctx.prompter.secret('Password again')) !== password) throw new UsageError('the two passwords differ');
  } else {
    throw new UsageError(`${command} needs the password on standard input when it cannot prompt (no terminal)`, `e.g. printf '%s\\n' "$PASSWORD" | amplify ${command} --email you@example.com --password-stdin`);
  }
  if (password === '') throw new UsageError('the password is empty');
  return password;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * What Supabase Auth said, as an error amplify acts on: no answer (or a 5xx) is the project
 * being unreachable; anything else is its refusal, returned for the caller to word.
 */
export function authFailure(error: { name: string; message: string; status?: number }, connection: AuthConnection, project: SupabaseProject): string {
  const status = error.status ?? 0;
  if (error.name === 'AuthRetryableFetchError' || status === 0 || status >= 500) {
    const why = connection.unreachable() ?? `HTTP ${status}`;
    throw new DatabaseUnavailableError(`Supabase Auth at ${project.url} could not be reached (${why})`, { cause: error, problem: 'unreachable' });
  }
  return error.message;
}
