import type { ServerResponse } from 'node:http';
import { bearerToken, header, sendJson, startStandinServer, type StandinServer } from './standin-server.js';

/**
 * A stand-in for an OpenAI-compatible chat-completions API (`POST {base}/chat/completions`,
 * as OpenAI, Ollama and llama.cpp's server speak it): the request and reply shapes of OpenAI's
 * API reference, its error body `{error: {message, type, code}}`, a Bearer key when one is
 * configured, and switches for what tests need: a delay, a failure, a malformed reply, a
 * reply far too large, and silence (`server.pause()`). Every request is recorded.
 */
export interface ChatRequest {
  authorization: string | undefined;
  body: { model?: string; messages?: { role: string; content: string }[]; temperature?: number };
}

export type Behaviour =
  | { kind: 'reply'; content?: (request: ChatRequest) => string; model?: string }
  | { kind: 'fail'; status: number; body?: unknown }
  | { kind: 'not-json' }
  | { kind: 'no-choices' }
  | { kind: 'huge' };

export interface ChatStandin {
  /** The base URL to put in OPENAI_BASE_URL (…/v1). */
  baseUrl: string;
  server: StandinServer;
  requests: ChatRequest[];
  behave(behaviour: Behaviour, options?: { delayMs?: number }): void;
  stop(): Promise<void>;
}

/** The reply a test can predict: the model echoes the first words of the answer. */
export function defaultFeedback(request: ChatRequest): string {
  const answer = request.body.messages?.at(-1)?.content.split('Answer:\n')[1] ?? '';
  return `Feedback on "${answer.slice(0, 40)}": name the result.`;
}

export async function startChatStandin(options: { apiKey?: string } = {}): Promise<ChatStandin> {
  const requests: ChatRequest[] = [];
  let behaviour: Behaviour = { kind: 'reply' };
  let delayMs = 0;
  const server = await startStandinServer([
    {
      prefix: '/v1',
      handler: async (req, res, path, raw) => {
        if (req.method !== 'POST' || path !== '/chat/completions') return error(res, 404, `Unknown request URL: ${req.method} ${path}`, 'invalid_request_error', 'unknown_url');
        const authorization = header(req, 'authorization');
        if (options.apiKey && bearerToken(req) !== options.apiKey) {
          return error(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
        }
        let body: ChatRequest['body'];
        try {
          body = JSON.parse(raw.toString('utf8')) as ChatRequest['body'];
        } catch {
          return error(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
        }
        if (typeof body.model !== 'string' || !Array.isArray(body.messages)) return error(res, 400, "Missing required parameter: 'model' or 'messages'.", 'invalid_request_error', null);
        const request = { authorization, body };
        requests.push(request);
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (res.destroyed) return;
        switch (behaviour.kind) {
          case 'fail':
            return sendJson(res, behaviour.status, behaviour.body ?? { error: { message: `failure ${behaviour.status}`, type: 'server_error', code: null } });
          case 'not-json':
            res.writeHead(200, { 'Content-Type': 'application/json' });
            return void res.end('{"choices": [ {"message": ');
          case 'no-choices':
            return sendJson(res, 200, { id: 'chatcmpl-1', object: 'chat.completion', created: 0, model: body.model });
          case 'huge':
            res.writeHead(200, { 'Content-Type': 'application/json' });
            for (let i = 0; i < 3 && !res.destroyed; i++) res.write('x'.repeat(1024 * 1024));
            return void res.end();
          case 'reply':
            return sendJson(res, 200, {
              id: `chatcmpl-${requests.length}`,
              object: 'chat.completion',
              created: Math.floor(Date.now() / 1000),
              model: behaviour.model ?? body.model,
              choices: [{ index: 0, message: { role: 'assistant', content: (behaviour.content ?? defaultFeedback)(request) }, finish_reason: 'stop' }],
              usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
            });
        }
      },
    },
  ]);
  return {
    baseUrl: `${server.url}/v1`,
    server,
    requests,
    behave(next, opts = {}) {
      behaviour = next;
      delayMs = opts.delayMs ?? 0;
    },
    stop: () => server.stop(),
  };
}

function error(res: ServerResponse, status: number, message: string, type: string, code: string | null): void {
  sendJson(res, status, { error: { message, type, param: null, code } });
}
