import { canPrompt, type Context } from '../context.js';
import { AuthError, UsageError } from '../errors.js';
import { authClient } from '../store/supabase/client.js';
import { authFailure, emailOf, passwordOf, signInTarget, type Credentials } from './shared/sign-in.js';

export interface LoginOptions extends Credentials {
  otp?: boolean;
  code?: string;
}

/** Signs in to the Supabase project with a password, or a one-time code sent by email. */
export async function runLogin(options: LoginOptions, ctx: Context): Promise<void> {
  if (options.code !== undefined && !options.otp) throw new UsageError('--code goes with --otp');
  if (options.otp && options.passwordStdin) throw new UsageError('--otp signs in with a code, not a password: drop --password-stdin');
  const { project, file, timeoutMs } = await signInTarget(ctx);
  const email = await emailOf(options, ctx, 'login');
  const connection = await authClient(project, file, timeoutMs);
  const { client } = connection;
  if (options.otp) {
    let code = options.code;
    if (code === undefined) {
      const { error } = await client.auth.signInWithOtp({ email, options: { shouldCreateUser: false } });
      if (error) throw new AuthError(`Supabase did not send a code: ${authFailure(error, connection, project)}`, 'Check the address; `amplify signup` creates an account.');
      if (!canPrompt(ctx)) {
        ctx.stderr.write(`A code was sent to ${email}. Finish with: amplify login --email ${email} --otp --code <code>\n`);
        return;
      }
      code = await ctx.prompter.text(`Code sent to ${email}`);
    }
    const { error } = await client.auth.verifyOtp({ email, token: code.trim(), type: 'email' });
    if (error) throw new AuthError(`Supabase refused the code: ${authFailure(error, connection, project)}`, 'Codes expire after a while: run `amplify login --otp` again for a new one.');
  } else {
    const password = await passwordOf(options, ctx, 'login');
    const { error } = await client.auth.signInWithPassword({ email, password });
    if (error) throw new AuthError(`Supabase refused the sign-in: ${authFailure(error, connection, project)}`, 'Check the email and password; `amplify signup` creates an account.');
  }
  ctx.stderr.write(`${ctx.stderr.style.green('✓')} Signed in to ${project.url} as ${email}.\n`);
}
