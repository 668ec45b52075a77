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

test('two unfinished sessions whose ids share eight characters are listed, and named, apart', async () => {
  const [question] = (await store.listQuestions('behavioral', null)).map((q) => q.questionId);
  const ids = ['abcdef12-3456-4000-8000-000000000001', 'abcdef12-3457-4000-8000-000000000002'];
  for (const id of ids) {
    await store.createSession({
      id,
      interviewType: 'behavioral',
      customDomain: null,
      questionIds: [question as string],
      config: { questionCount: 1, timeLimitSeconds: null },
      startedAt: '2026-11-21T09:00:00.000Z',
    });
  }
  const list = await runMain(['resume'], { env: home.env });
  expect(list.code).toBe(2);
  expect(list.stderr).toContain('  amplify resume abcdef12-3456   # ');
  expect(list.stderr).toContain('  amplify resume abcdef12-3457   # ');
  const ambiguous = await runMain(['resume', 'abcdef12'], { env: home.env });
  expect(ambiguous.code).toBe(1);
  expect(ambiguous.stderr).toBe("error: 'abcdef12' is ambiguous: abcdef12-3456, abcdef12-3457\nType more characters of the id.\n");
  for (const id of ids) expect((await runMain(['resume', id, '--discard'], { env: home.env })).code).toBe(0);
});
