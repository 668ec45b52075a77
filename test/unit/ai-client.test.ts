import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { aiEndpointFrom, aiRequestBody, requestAiFeedback, type AiEndpoint } from '../../src/feedback/ai-client.js';
import { AiFeedbackQueue } from '../../src/feedback/ai-queue.js';
import { startChatStandin, type ChatStandin } from '../support/chat-completions-standin.js';

const KEY = 'sk-test-0123456789abcdef';
const NOW = new Date('2026-11-28T12:00:00.000Z');
const request = { questionText: 'Design a URL shortener.', interviewType: 'system_design', customDomain: null, answerText: "Base62 keys'); drop table x; -- 🎉" };

let standin: ChatStandin;
let endpoint: AiEndpoint;
beforeAll(async () => {
  standin = await startChatStandin({ apiKey: KEY });
  endpoint = { baseUrl: standin.baseUrl, apiKey: KEY, model: 'llama3.2' };
});
afterAll(() => standin?.stop());
beforeEach(() => {
  standin.requests.length = 0;
  standin.behave({ kind: 'reply' });
  standin.server.resume();
});

const ask = (options: { timeoutMs?: number; signal?: AbortSignal; to?: AiEndpoint } = {}) =>
  requestAiFeedback(options.to ?? endpoint, request, { timeoutMs: options.timeoutMs ?? 5000, now: () => NOW, signal: options.signal });

describe('one request', () => {
  test('sends the model, an instruction and the question with the answer, with the key as a Bearer token', async () => {
    expect(await ask()).toEqual({ model: 'llama3.2', text: `Feedback on "Base62 keys'); drop table x; -- 🎉": name the result.`, receivedAt: NOW.toISOString() });
    const [sent] = standin.requests;
    expect(sent?.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.body).toEqual(aiRequestBody(endpoint, request).body);
    expect(sent?.body.messages?.[1]?.content).toBe(`Interview: system design\n\nQuestion: Design a URL shortener.\n\nAnswer:\n${request.answerText}`);
  });

  test('sends no Authorization header without a key (a local server), and takes the model the reply names', async () => {
    const open = await startChatStandin();
    try {
      open.behave({ kind: 'reply', model: 'llama3.2:latest' });
      const reply = await requestAiFeedback({ baseUrl: open.baseUrl, apiKey: null, model: 'llama3.2' }, request, { timeoutMs: 5000, now: () => NOW });
      expect(reply.model).toBe('llama3.2:latest');
      expect(open.requests[0]?.authorization).toBeUndefined();
    } finally {
      await open.stop();
    }
  });

  test.each([
    ['a refused key', { kind: 'fail', status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}.`, type: 'invalid_request_error', code: 'invalid_api_key' } } }, 'refused', 'the endpoint refused the key (OPENAI_API_KEY): Incorrect API key provided: ***.'],
    ['an unknown model', { kind: 'fail', status: 404, body: { error: { message: 'model "llama3.2" not found, try pulling it first', type: 'api_error' } } }, 'refused', `no such model or URL (model llama3.2, {base}/chat/completions): model "llama3.2" not found, try pulling it first`],
    ['a rate limit', { kind: 'fail', status: 429, body: { error: { message: 'Rate limit reached', type: 'requests' } } }, 'refused', 'rate-limited: Rate limit reached'],
    ['a server error without a body it can read', { kind: 'fail', status: 503, body: 'upstream down' }, 'refused', 'HTTP 503'],
    ['control characters in its message', { kind: 'fail', status: 500, body: { error: { message: 'boom\x1b[2J\nsecond line' } } }, 'refused', 'HTTP 500: boom [2J second line'],
    ['a reply that is not JSON', { kind: 'not-json' }, 'malformed', '{base} answered with something that is not JSON'],
    ['a reply without choices', { kind: 'no-choices' }, 'malformed', '{base} answered without a message (no choices[0].message.content)'],
    ['an empty message', { kind: 'reply', content: () => '  \n ' }, 'malformed', '{base} answered without a message (no choices[0].message.content)'],
    ['a reply of several MiB', { kind: 'huge' }, 'malformed', 'the reply was larger than 1 MiB'],
    ['a redirect, which would carry the key elsewhere', { kind: 'fail', status: 307, body: { error: { message: 'moved' } } }, 'refused', 'redirected (HTTP 307): set OPENAI_BASE_URL to the final address: moved'],
  ] as const)('%s is an AiFeedbackError of one line, without the key', async (_, behaviour, kind, message) => {
    standin.behave(behaviour);
    const error = await ask().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AiFeedbackError', kind, message: message.replaceAll('{base}', standin.baseUrl) });
    expect((error as Error).message).not.toContain(KEY);
    expect((error as Error).message).not.toMatch(/[\n\x1b]/);
  });

  test('a silent endpoint times out promptly', async () => {
    standin.server.pause();
    const started = Date.now();
    await expect(ask({ timeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout', message: `${standin.baseUrl} did not answer within 200 ms` });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a closed port is unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const to = { ...endpoint, baseUrl: `http://127.0.0.1:${port}/v1` };
    await expect(ask({ to })).rejects.toMatchObject({ kind: 'unreachable', message: `http://127.0.0.1:${port}/v1 is unreachable (ECONNREFUSED)` });
  });
});

describe('the endpoint from the environment and the settings', () => {
  test.each([
    [{ OPENAI_API_KEY: 'k' }, { aiModel: 'gpt-4o-mini' }, { baseUrl: 'https://api.openai.com/v1', apiKey: 'k', model: 'gpt-4o-mini' }],
    [{}, { aiModel: 'gpt-4o-mini' }, { problem: 'no API key: set OPENAI_API_KEY, or OPENAI_BASE_URL for another endpoint (a local server needs none)' }],
    [{ OPENAI_BASE_URL: 'http://localhost:11434/v1/', AMPLIFY_AI_MODEL: 'llama3.2', OPENAI_API_KEY: ' k ' }, { aiModel: 'gpt-4o-mini' }, { baseUrl: 'http://localhost:11434/v1', apiKey: 'k', model: 'llama3.2' }],
    [{}, { aiModel: null }, { problem: 'no model: set AMPLIFY_AI_MODEL, or amplify config set ai-model NAME' }],
    [{ OPENAI_BASE_URL: 'not a url', AMPLIFY_AI_MODEL: 'm' }, { aiModel: null }, { problem: "OPENAI_BASE_URL 'not a url' is not a URL" }],
    [{ OPENAI_BASE_URL: 'file:///etc/passwd', AMPLIFY_AI_MODEL: 'm' }, { aiModel: null }, { problem: 'OPENAI_BASE_URL must be an http(s):// URL, not file://…' }],
    [{ OPENAI_BASE_URL: 'https://me:pw@example.com/v1', AMPLIFY_AI_MODEL: 'm' }, { aiModel: null }, { problem: 'OPENAI_BASE_URL must not hold a user or password: put the key in OPENAI_API_KEY' }],
  ])('%j with %j', (env, settings, expected) => {
    expect(aiEndpointFrom(env, settings)).toEqual(expected);
  });
});

describe('the queue that asks while the interview goes on', () => {
  test('stores every reply, two requests at a time, and reports failures instead of throwing', async () => {
    const saved: string[] = [];
    const queue = new AiFeedbackQueue(endpoint, async (id, feedback) => (saved.push(`${id}:${feedback.model}`), id !== 'gone'), { timeoutMs: 5000, now: () => NOW });
    standin.behave({ kind: 'reply' }, { delayMs: 50 });
    for (const id of ['a', 'b', 'c', 'gone']) queue.add(id, request);
    expect(queue.pending).toBe(4);
    const outcomes = await queue.settle(10_000);
    expect(outcomes.map((o) => [o.responseId, o.failure]).sort()).toEqual([['a', null], ['b', null], ['c', null], ['gone', 'the answer is no longer in the database']]);
    expect(saved.sort()).toEqual(['a:llama3.2', 'b:llama3.2', 'c:llama3.2', 'gone:llama3.2']);
  });

  test('settle gives up at its deadline: what is still running is abandoned and named', async () => {
    standin.server.pause();
    const queue = new AiFeedbackQueue(endpoint, async () => true, { timeoutMs: 60_000, now: () => NOW });
    for (const id of ['a', 'b', 'c']) queue.add(id, request);
    const outcomes = await queue.settle(300);
    expect(outcomes.map((o) => o.failure).sort()).toEqual(['abandoned when the command ended', 'abandoned when the command ended', 'not asked before the interview ended']);
  });
});
