import type { AmplifyPaths } from '../../paths.js';
import { RpcStore } from '../rpc-store.js';
import type { Store } from '../store.js';
import type { SupabaseProject } from '../store-settings.js';
import { AccessTokens } from './access-tokens.js';
import { dataClient } from './client.js';
import { SessionFile } from './session-file.js';

export interface OpenSupabaseOptions {
  project: SupabaseProject;
  paths: AmplifyPaths;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * The data API as the user signed in to `project`, over supabase-js. Without a sign-in this
 * fails before supabase-js is even loaded.
 */
export async function openSupabaseStore(options: OpenSupabaseOptions): Promise<Store> {
  const { project, paths, timeoutMs } = options;
  const file = new SessionFile(paths, project);
  const session = file.session();
  if (!session) throw file.signedOut();
  const tokens = new AccessTokens(file, timeoutMs, session);
  // Renewed first when close to expiry, so that no request of this command carries a stale token.
  await tokens.valid();
  const client = await dataClient(project, () => tokens.latest, timeoutMs);
  return new RpcStore(client, timeoutMs, tokens);
}

/**
 * The data API with the project's service-role key, for a team owner's reports over every
 * user: row-level security lets that key read every row. The key is used for this command
 * only, never stored.
 */
export async function openServiceStore(project: SupabaseProject, serviceRoleKey: string, timeoutMs: number): Promise<Store> {
  const client = await dataClient(project, () => serviceRoleKey, timeoutMs);
  return new RpcStore(client, timeoutMs, undefined, true);
}
