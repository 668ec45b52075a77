import type { Context } from '../context.js';
import { DatabaseUnavailableError } from '../errors.js';
import { authClient } from '../store/supabase/client.js';
import { authFailure, signInTarget } from './shared/sign-in.js';

/** Ends the sign-in: at the project when it answers, on this machine in any case. */
export async function runLogout(ctx: Context): Promise<void> {
  const { project, file, timeoutMs } = await signInTarget(ctx);
  const session = file.session();
  if (!session) return void ctx.stderr.write(`Not signed in to ${project.url}.\n`);
  let ended = true;
  try {
    const connection = await authClient(project, file, timeoutMs);
    const { error } = await connection.client.auth.signOut({ scope: 'local' });
    if (error) authFailure(error, connection, project);
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    ended = false;
  }
  file.remove();
  ctx.stderr.write(`Signed out of ${project.url}${session.user.email ? ` (${session.user.email})` : ''}.\n`);
  if (!ended) ctx.stderr.write(ctx.stderr.style.dim('The project could not be reached: its copy of the sign-in ends by itself when it expires.\n'));
}
