import type { Context } from '../context.js';
import { UserError } from '../errors.js';
import { authClient } from '../store/supabase/client.js';
import { authFailure, emailOf, passwordOf, signInTarget, type Credentials } from './shared/sign-in.js';

/** Creates an account on the Supabase project, where it allows sign-ups. */
export async function runSignup(options: Credentials, ctx: Context): Promise<void> {
  const { project, file, timeoutMs } = await signInTarget(ctx);
  const email = await emailOf(options, ctx, 'signup');
  const password = await passwordOf(options, ctx, 'signup', true);
  const connection = await authClient(project, file, timeoutMs);
  const { client } = connection;
  const { data, error } = await client.auth.signUp({ email, password });
  if (error) {
    const reason = authFailure(error, connection, project);
    const code = (error as { code?: string }).code;
    if (code === 'signup_disabled') throw new UserError(`${project.url} does not allow sign-ups`, "Ask the project's owner to create your account, then run `amplify login`.");
    throw new UserError(`Supabase refused the sign-up: ${reason}`);
  }
  const { style } = ctx.stderr;
  if (data.session) ctx.stderr.write(`${style.green('✓')} Account created; signed in to ${project.url} as ${email}.\n`);
  else ctx.stderr.write(`${style.green('✓')} Account created. Confirm it with the link sent to ${email}, then run \`amplify login\`.\n`);
}
