import type { SupabaseProject } from '../store-settings.js';

/** The headers a request to the project's API needs without a signed-in user. */
export function anonHeaders(project: SupabaseProject): Record<string, string> {
  return { apikey: project.anonKey, authorization: `Bearer ${project.anonKey}`, 'content-type': 'application/json' };
}

/** Why a fetch got no answer, in a few words: the deadline, or the system's error code. */
export function noAnswer(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
