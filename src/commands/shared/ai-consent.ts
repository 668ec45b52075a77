import { canPrompt, type Context } from '../../context.js';
import type { FeedbackMode } from '../../config.js';
import { UsageError } from '../../errors.js';
import { aiEndpointFrom, aiRequestBody, type AiEndpoint } from '../../feedback/ai-client.js';
import { resolveSettings } from '../../store/store-settings.js';

/**
 * The endpoint a model's feedback is asked from, or null when only local feedback is wanted.
 * Nothing leaves the machine without consent: `config set feedback ai` is consent; the
 * `--feedback ai` flag shows once, in a terminal, exactly what each request sends and asks,
 * and remembers a yes for that endpoint.
 */
export async function aiEndpointForRun(ctx: Context, flag: FeedbackMode | undefined): Promise<AiEndpoint | null> {
  const config = await ctx.config();
  if ((flag ?? config.settings.feedback) !== 'ai') return null;
  const endpoint = aiEndpointFrom(ctx.env, { aiModel: resolveSettings(config, ctx.env, ctx.backendFlag)['ai-model'].value ?? null });
  if ('problem' in endpoint) throw new UsageError(`--feedback ai: ${endpoint.problem}`);
  if (config.settings.feedback === 'ai' || config.settings.aiConsent?.includes(endpoint.baseUrl)) return endpoint;
  if (!canPrompt(ctx)) {
    throw new UsageError(
      `--feedback ai would send your answers to ${endpoint.baseUrl}, and there is no terminal to ask you first`,
      'Agree once by running it in a terminal, or for good with: amplify config set feedback ai',
    );
  }
  const { url, body } = aiRequestBody(endpoint, { questionText: '<the question>', interviewType: '<the interview type>', customDomain: null, answerText: '<your answer>' });
  ctx.stderr.write(
    `\nWith --feedback ai, each answer is sent with its question to a model, and its reply is stored beside the local feedback.\n` +
      `For each answer amplify sends POST ${url}${endpoint.apiKey ? ' (with OPENAI_API_KEY)' : ''}:\n${JSON.stringify(body, null, 2)}\n\n`,
  );
  const agreed = await ctx.prompter.select(`Send your answers to ${endpoint.baseUrl}?`, [
    { name: 'Yes, and do not ask again for this endpoint', value: true },
    { name: 'No: local feedback only', value: false },
  ]);
  if (!agreed) {
    ctx.stderr.write('Local feedback only: nothing is sent.\n');
    return null;
  }
  await config.set('aiConsent', [...(config.settings.aiConsent ?? []), endpoint.baseUrl]);
  return endpoint;
}
