import type { Context } from '../../context.js';
import { backendIdentity, type Destination } from '../../journal/destination.js';
import { storeSettings, type StoreSettings } from '../../store/store-settings.js';

/** The backend this command uses: settings, environment and `--backend` together. */
export async function currentSettings(ctx: Context): Promise<StoreSettings> {
  return storeSettings(await ctx.config(), ctx.env, ctx.backendFlag);
}

/**
 * The database and user this command's settings point at. On Supabase the user is whoever is
 * signed in (nobody: an id no journal entry has), elsewhere the local profile.
 */
export async function currentDestination(ctx: Context): Promise<Destination> {
  const config = await ctx.config();
  const settings = storeSettings(config, ctx.env, ctx.backendFlag);
  const userId =
    settings.backend === 'supabase'
      ? ((await import('../../store/supabase/session-file.js')).signedInUserId(ctx.paths, settings.project) ?? '')
      : config.profileId;
  return { database: backendIdentity(settings, ctx.paths), userId };
}
