import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Config } from '../../src/config.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { detailOf, FakeClock, typed } from '../support/commands-helpers.js';
import { runMain } from '../support/context.js';
import { makeHome } from '../support/home.js';

const home = makeHome();
let store: Store;
beforeAll(async () => {
  store = await openStore({ paths: home.paths, config: await Config.load(home.paths), env: home.env });
});
afterAll(async () => {
  await store?.close();
  await home.cleanup();
});

test('resume continues a session this machine never saw (started elsewhere): from the database, at its position', async () => {
  const [first, second, third] = (await store.listQuestions('technical', null)).slice(0, 3).map((q) => q.questionId);
  const id = randomUUID();
  await store.createSession({
    id,
    interviewType: 'technical',
    customDomain: null,
    questionIds: [first, second, third] as string[],
    config: { questionCount: 3, timeLimitSeconds: null },
    startedAt: '2026-11-20T09:00:00.000Z',
  });
  await store.saveResponses([
    { id: randomUUID(), sessionId: id, questionId: first as string, responseText: 'Answered on the laptop', duration: 40, answeredAt: '2026-11-20T09:00:40.000Z' },
  ]);
  await store.advanceSession(id, 2); // the second question was skipped there

  const clock = new FakeClock();
  const run = await runMain(['resume', id.slice(0, 8)], { env: home.env, clock: clock.read, steps: [typed(clock, 'Answered here', 25)] });
  expect(run.code, run.stderr).toBe(0);
  expect(run.prompter.asked).toEqual(['answer: answer']);
  expect(run.stderr).toContain('Question 3 of 3 · 0:40 elapsed');

  const detail = await detailOf(home.env, id);
  expect(detail.completedAt).not.toBeNull();
  expect(detail.duration).toBe(65);
  expect(detail.questions.map((q) => q.responseText)).toEqual(['Answered on the laptop', null, 'Answered here']);
});
