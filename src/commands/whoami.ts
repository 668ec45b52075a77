import type { Context } from '../context.js';
import { SessionFile } from '../store/supabase/session-file.js';
import { currentSettings } from './shared/destination.js';
import { writeJson } from './shared/json.js';

/** Who the answers are stored as: the Supabase user signed in, or the local profile. */
export async function runWhoami(options: { json?: boolean }, ctx: Context): Promise<void> {
  const settings = await currentSettings(ctx);
  if (settings.backend !== 'supabase') {
    const profileId = (await ctx.config()).profileId;
    if (options.json) return writeJson(ctx.stdout, { backend: settings.backend, url: null, user: null, expiresAt: null, profileId });
    return void ctx.stdout.write(`Backend ${settings.backend}: answers are stored under this machine's local profile, ${profileId}.\n`);
  }
  const { project } = settings;
  const file = new SessionFile(ctx.paths, project);
  const session = file.session();
  if (!session) throw file.signedOut();
  const expiresAt = new Date(session.expiresAt * 1000).toISOString();
  if (options.json) return writeJson(ctx.stdout, { backend: 'supabase', url: project.url, user: session.user, expiresAt, profileId: null });
  ctx.stdout.write(`Signed in to ${project.url} as ${session.user.email ?? '(no email)'} (user ${session.user.id}).\n`);
}
