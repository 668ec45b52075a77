import type { AiFeedbackRecord } from '../store/store.js';

/** Where a model's feedback is asked for: an OpenAI-compatible chat-completions API. */
export interface AiEndpoint {
  /** e.g. https://api.openai.com/v1 or http://localhost:11434/v1 (Ollama), without a trailing slash. */
  baseUrl: string;
  apiKey: string | null;
  model: string;
}

export interface AiRequest {
  questionText: string;
  interviewType: string;
  customDomain: string | null;
  answerText: string;
}

/** Why a model's feedback did not arrive: one line, never the key. */
export class AiFeedbackError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'unreachable' | 'refused' | 'malformed',
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AiFeedbackError';
  }
}

export const DEFAULT_AI_BASE_URL = 'https://api.openai.com/v1';

/** A reply larger than this is not feedback: it is not read further. */
const MAX_REPLY_BYTES = 1024 * 1024;

const INSTRUCTIONS =
  'You are an interview coach. Give concise feedback on the candidate\'s answer to the interview question: ' +
  'what is strong, what is missing, and one concrete improvement. Plain text, under 200 words.';

/** The endpoint from the OpenAI SDK's own variables and the model setting, or what is missing. */
export function aiEndpointFrom(env: NodeJS.ProcessEnv, settings: { aiModel: string | null }): AiEndpoint | { problem: string } {
  const base = (env.OPENAI_BASE_URL || DEFAULT_AI_BASE_URL).trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return { problem: `OPENAI_BASE_URL '${base}' is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `OPENAI_BASE_URL must be an http(s):// URL, not ${url.protocol}//…` };
  if (url.username || url.password) return { problem: 'OPENAI_BASE_URL must not hold a user or password: put the key in OPENAI_API_KEY' };
  const model = (env.AMPLIFY_AI_MODEL || settings.aiModel || '').trim();
  if (!model) return { problem: 'no model: set AMPLIFY_AI_MODEL, or amplify config set ai-model NAME' };
  const apiKey = env.OPENAI_API_KEY?.trim() || null;
  if (!apiKey && url.hostname === 'api.openai.com') return { problem: 'no API key: set OPENAI_API_KEY, or OPENAI_BASE_URL for another endpoint (a local server needs none)' };
  return { baseUrl: base, apiKey, model };
}

/** Exactly what one request sends (shown before the person agrees to send anything). */
export function aiRequestBody(endpoint: AiEndpoint, request: AiRequest): { url: string; body: unknown } {
  const kind = request.customDomain ? `${request.customDomain.replace(/_/g, ' ')} (${request.interviewType})` : request.interviewType.replace(/_/g, ' ');
  return {
    url: `${endpoint.baseUrl}/chat/completions`,
    body: {
      model: endpoint.model,
      messages: [
        { role: 'system', content: INSTRUCTIONS },
        { role: 'user', content: `Interview: ${kind}\n\nQuestion: ${request.questionText}\n\nAnswer:\n${request.answerText}` },
      ],
      temperature: 0.2,
    },
  };
}

/** One request, bounded by `timeoutMs` (and `signal`); the model's reply, or an AiFeedbackError. */
export async function requestAiFeedback(
  endpoint: AiEndpoint,
  request: AiRequest,
  options: { timeoutMs: number; now: () => Date; signal?: AbortSignal },
): Promise<AiFeedbackRecord> {
  const { url, body } = aiRequestBody(endpoint, request);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let text: string;
  let status: number;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal,
      // The key goes to the host that was configured, and nowhere a redirect points.
      redirect: 'manual',
    });
    status = response.status;
    text = await readCapped(response);
  } catch (error) {
    if (timeout.aborted) throw new AiFeedbackError(`${endpoint.baseUrl} did not answer within ${options.timeoutMs} ms`, 'timeout');
    if (options.signal?.aborted) throw new AiFeedbackError('abandoned when the command ended', 'timeout');
    if (error instanceof AiFeedbackError) throw error;
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new AiFeedbackError(`${endpoint.baseUrl} is unreachable${cause ? ` (${cause})` : ''}`, 'unreachable');
  }
  if (status < 200 || status >= 300) throw refusal(status, text, endpoint);
  let reply: unknown;
  try {
    reply = JSON.parse(text);
  } catch {
    throw new AiFeedbackError(`${endpoint.baseUrl} answered with something that is not JSON`, 'malformed', status);
  }
  const content = (reply as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message?.content;
  if (typeof content !== 'string' || content.trim() === '') {
    throw new AiFeedbackError(`${endpoint.baseUrl} answered without a message (no choices[0].message.content)`, 'malformed', status);
  }
  const model = (reply as { model?: unknown }).model;
  return { model: typeof model === 'string' && model.trim() ? model : endpoint.model, text: content.trim(), receivedAt: options.now().toISOString() };
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_REPLY_BYTES) {
      await response.body.cancel().catch(() => undefined);
      throw new AiFeedbackError(`the reply was larger than ${MAX_REPLY_BYTES / 1024 / 1024} MiB`, 'malformed', response.status);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The endpoint's error, said in one line: OpenAI's `{error: {message}}` when it sent one. */
function refusal(status: number, text: string, endpoint: AiEndpoint): AiFeedbackError {
  let detail = '';
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } | string }).error;
    detail = typeof message === 'string' ? message : typeof message?.message === 'string' ? message.message : '';
  } catch {
    // Not JSON: the status says enough.
  }
  const said = oneLine(detail, endpoint.apiKey);
  const why =
    status >= 300 && status < 400
      ? `redirected (HTTP ${status}): set OPENAI_BASE_URL to the final address`
      : status === 401 || status === 403
      ? 'the endpoint refused the key (OPENAI_API_KEY)'
      : status === 404
        ? `no such model or URL (model ${endpoint.model}, ${endpoint.baseUrl}/chat/completions)`
        : status === 429
          ? 'rate-limited'
          : `HTTP ${status}`;
  return new AiFeedbackError(`${why}${said ? `: ${said}` : ''}`, 'refused', status);
}

/** A server's message made safe to print: control characters out, the key never echoed, short. */
function oneLine(text: string, apiKey: string | null): string {
  let line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (apiKey) line = line.split(apiKey).join('***');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
