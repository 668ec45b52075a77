import type { AmplifyPaths } from '../../paths.js';
import type { SupabaseProject } from '../store-settings.js';

/**
 * The id of the user signed in to `project` on this machine, read from the kept sign-in
 * without loading supabase-js; null when nobody is signed in.
 */
export function signedInUserId(_paths: AmplifyPaths, _project: SupabaseProject): string | null {
  // Written with the sign-in (amplify login).
  return null;
}
