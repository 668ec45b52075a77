import type { SupabaseProject } from '../store-settings.js';
import { anonHeaders, noAnswer } from './http.js';

export interface ProjectProbe {
  reachable: boolean;
  /** Why not, in one line. */
  problem: string | null;
  /** `amplify_schema_version()`; null when the project does not have it (or was not reached). */
  schemaVersion: string | null;
}

/**
 * One anonymous read of the project's schema version, with plain fetch: `db status` must
 * work before anyone signs in, and without loading supabase-js.
 */
export async function probeProject(project: SupabaseProject, timeoutMs: number): Promise<ProjectProbe> {
  let response: Response;
  try {
    response = await fetch(`${project.url}/rest/v1/rpc/amplify_schema_version`, {
      method: 'POST',
      headers: anonHeaders(project),
      body: '{}',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { reachable: false, problem: noAnswer(error, timeoutMs), schemaVersion: null };
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return { reachable: true, problem: null, schemaVersion: typeof body === 'string' ? body : null };
  const message = (body as { message?: unknown } | null)?.message;
  const said = typeof message === 'string' ? `: ${message}` : '';
  // 404: the function is missing (PGRST202), so the migrations are not (all) there; the project answered.
  if (response.status === 404) return { reachable: true, problem: null, schemaVersion: null };
  return { reachable: response.status < 500, problem: `HTTP ${response.status}${said}`, schemaVersion: null };
}
