import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { runMain } from '../support/context.js';
import { jsonOf, latestSession } from '../support/commands-helpers.js';
import { makeHome, type TestHome } from '../support/home.js';
import { startChatStandin, type ChatStandin } from '../support/chat-completions-standin.js';

const KEY = 'sk-amplify-test-key-0123456789';
let standin: ChatStandin;
let home: TestHome;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  standin = await startChatStandin({ apiKey: KEY });
  home = makeHome();
  env = { ...home.env, OPENAI_BASE_URL: standin.baseUrl, OPENAI_API_KEY: KEY, AMPLIFY_AI_MODEL: 'llama3.2' };
});
afterAll(async () => {
  await standin?.stop();
  home?.cleanup();
});
beforeEach(() => {
  standin.requests.length = 0;
  standin.behave({ kind: 'reply' });
});

const START = ['start', '--type', 'technical', '--count', '2', '--new', '--feedback', 'ai'];
const TEXTS = ['First: a queue with retries.', 'Second: idempotency keys.'];
/** A fresh script each time: the scripted prompter uses its steps up. */
const answers = () => TEXTS.map((text) => ({ answer: { kind: 'answer' as const, text } }));
const aiOf = async (id: string, environment = env) => (await jsonOf<{ questions: { aiFeedback: { model: string; text: string } | null }[] }>(environment, ['show', id])).questions.map((q) => q.aiFeedback);

describe('consent: nothing leaves the machine unless the person opts in', () => {
  test('without a terminal or the setting, --feedback ai is refused before anything starts', async () => {
    const run = await runMain(START, { env });
    expect([run.code, run.stderr]).toEqual([
      2,
      `error: --feedback ai would send your answers to ${standin.baseUrl}, and there is no terminal to ask you first\nAgree once by running it in a terminal, or for good with: amplify config set feedback ai\n(run with --help for usage)\n`,
    ]);
    expect(standin.requests).toHaveLength(0);
  });

  test('without a model it says which setting is missing', async () => {
    const run = await runMain(START, { env: { ...env, AMPLIFY_AI_MODEL: '' } });
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([2, 'error: --feedback ai: no model: set AMPLIFY_AI_MODEL, or amplify config set ai-model NAME']);
  });

  test('in a terminal the flag shows exactly what is sent and asks once: no sends nothing, yes is remembered for that endpoint', async () => {
    const consent = (choose: boolean) => ({ select: `Send your answers to ${standin.baseUrl}?`, choose: (choices: { value: unknown }[]) => choices.find((c) => c.value === choose)?.value });
    const declined = await runMain([...START, '--no-rate'], { env, tty: true, steps: [consent(false), ...answers()] });
    expect(declined.code, declined.stderr).toBe(0);
    expect(declined.stderr).toContain(`For each answer amplify sends POST ${standin.baseUrl}/chat/completions (with OPENAI_API_KEY):\n{\n  "model": "llama3.2",`);
    expect(declined.stderr).toContain('Answer:\\n<your answer>');
    expect(declined.stderr).toContain('Local feedback only: nothing is sent.');
    expect(declined.stderr).not.toContain(KEY);
    expect(standin.requests).toHaveLength(0);

    const agreed = await runMain([...START, '--no-rate'], { env, tty: true, steps: [consent(true), ...answers()] });
    expect(agreed.code, agreed.stderr).toBe(0);
    expect(agreed.stderr).toContain("✓ The model's feedback on 2 answers is stored");
    expect(standin.requests).toHaveLength(2);
    expect(await aiOf((await latestSession(env)).id)).toEqual([
      expect.objectContaining({ model: 'llama3.2', text: 'Feedback on "First: a queue with retries.": name the result.' }),
      expect.objectContaining({ text: 'Feedback on "Second: idempotency keys.": name the result.' }),
    ]);
    // Asked once: the next run goes straight to the questions, and a pipe is fine too.
    const again = await runMain(START, { env, steps: answers() });
    expect(again.code, again.stderr).toBe(0);
    expect(standin.requests).toHaveLength(4);
    // Another endpoint is another consent.
    const elsewhere = await runMain(START, { env: { ...env, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
    expect(elsewhere.code).toBe(2);
  });
});

describe('with the setting (consent for good)', () => {
  let configured: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const own = makeHome();
    configured = { ...own.env, OPENAI_BASE_URL: standin.baseUrl, OPENAI_API_KEY: KEY, AMPLIFY_AI_MODEL: 'llama3.2' };
    expect((await runMain(['config', 'set', 'feedback', 'ai'], { env: configured })).code).toBe(0);
  });
  const start = (environment: NodeJS.ProcessEnv = configured) => runMain(['start', '--type', 'technical', '--count', '2', '--new'], { env: environment, steps: answers() });

  test('every answer is sent with its question while the interview goes on, and stored beside the local feedback', async () => {
    const run = await start();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Waiting for the model's feedback on \d answers? \(llama3\.2\)…\n|✓ The model's feedback on 2 answers is stored/);
    const id = (await latestSession(configured)).id;
    const detail = await jsonOf<{ questions: { questionText: string; feedback: { score: number } | null; aiFeedback: unknown }[] }>(configured, ['show', id]);
    for (const q of detail.questions) {
      expect(q.feedback?.score).toEqual(expect.any(Number));
      expect(q.aiFeedback).toMatchObject({ model: 'llama3.2' });
    }
    expect(standin.requests.map((r) => r.body.messages?.[1]?.content)).toEqual(detail.questions.map((q, i) => `Interview: technical\n\nQuestion: ${q.questionText}\n\nAnswer:\n${TEXTS[i]}`));
    const text = await runMain(['show', id], { env: configured });
    expect(text.stdout).toContain('   Model feedback (llama3.2)\n     Feedback on "First: a queue with retries.": name the result.\n');
  });

  test.each([
    ['a slow endpoint', { kind: 'reply' } as const, 2000, /did not answer within 300 ms/],
    ['a failing endpoint', { kind: 'fail', status: 500, body: { error: { message: 'model overloaded' } } } as const, 0, /HTTP 500: model overloaded/],
    ['a malformed reply', { kind: 'not-json' } as const, 0, /answered with something that is not JSON/],
  ])('%s never breaks the interview; what did not arrive is named, and `feedback <id>` fetches it later', async (_, behaviour, delayMs, reason) => {
    standin.behave(behaviour, { delayMs });
    const run = await start({ ...configured, AMPLIFY_AI_TIMEOUT_MS: '300' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Interview complete');
    const id = (await latestSession(configured)).id;
    expect(run.stderr).toMatch(new RegExp(`! The model's feedback on 2 answers did not arrive \\(.*${reason.source}.*\\)\\. Ask again with: amplify feedback ${id.slice(0, 8)} --feedback ai\\n`));
    expect(await aiOf(id, configured)).toEqual([null, null]);

    standin.behave({ kind: 'reply' });
    const fetched = await runMain(['feedback', id.slice(0, 8)], { env: configured });
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stdout).toContain('Model feedback (llama3.2)');
    expect((await aiOf(id, configured)).every((a) => a !== null)).toBe(true);
    // Nothing left to ask: a second fetch sends nothing.
    const before = standin.requests.length;
    expect((await runMain(['feedback', id.slice(0, 8), '--json'], { env: configured })).code).toBe(0);
    expect(standin.requests.length).toBe(before);
  });

  test('a refused key is named without the key, and the answers are safe', async () => {
    const run = await start({ ...configured, OPENAI_API_KEY: 'sk-wrong-key-987654321' });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('the endpoint refused the key (OPENAI_API_KEY): Incorrect API key provided.');
    expect(run.stderr).not.toContain('sk-wrong-key-987654321');
    const detail = await jsonOf<{ questions: { responseText: string }[] }>(configured, ['show', (await latestSession(configured)).id]);
    expect(detail.questions.map((q) => q.responseText)).toEqual(TEXTS);
  });
});
