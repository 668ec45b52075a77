import { AuthError } from '../../errors.js';
import type { AmplifyPaths } from '../../paths.js';
import type { Store } from '../store.js';
import type { SupabaseProject } from '../store-settings.js';

export interface OpenSupabaseOptions {
  project: SupabaseProject;
  paths: AmplifyPaths;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** The data API as the user signed in to `project`, over supabase-js. */
export async function openSupabaseStore(options: OpenSupabaseOptions): Promise<Store> {
  throw new AuthError(`not signed in to ${options.project.url}`);
}
