import type { Context } from '../../context.js';
import { backendIdentity, type Destination } from '../../journal/destination.js';
import { storeSettings } from '../../store/open-store.js';

/** The database and user this command's settings point at. */
export async function currentDestination(ctx: Context): Promise<Destination> {
  const config = await ctx.config();
  return { database: backendIdentity(storeSettings(config, ctx.env), ctx.paths), userId: config.profileId };
}
