import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeSessions, type WriteReport } from '../../src/commands/shared/write-sessions.js';
import { Config } from '../../src/config.js';
import { openStore } from '../../src/store/open-store.js';
import type { ExportedSession, Store } from '../../src/store/store.js';
import { makeHome, type TestHome } from '../support/home.js';
import { createTestDatabase } from '../support/postgres.js';

/** The writer `db copy` and `import` share, against a real PostgreSQL server. */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let home: TestHome;
let store: Store;
beforeAll(async () => {
  database = await createTestDatabase();
  home = makeHome({ AMPLIFY_DATABASE_URL: database.url });
  store = await openStore({ paths: home.paths, config: await Config.load(home.paths), env: home.env });
});
afterAll(async () => {
  await store?.close();
  await home?.cleanup();
  await database?.drop();
});

test('a session the target refuses in a batch of 16 is found by halving (9 calls, not 17); the other 15 are written', async () => {
  const [question] = await store.listQuestions('technical', null);
  const session = (questionId: string, i: number): ExportedSession => {
    const id = randomUUID();
    return {
      session: { id, interviewType: 'technical', customDomain: null, questionIds: [questionId], config: {}, startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() },
      position: 1,
      completedAt: null,
      duration: null,
      questions: [],
      responses: [{ id: randomUUID(), sessionId: id, questionId, responseText: `answer ${i}`, duration: 5, answeredAt: new Date(Date.UTC(2026, 0, 1, 0, i, 30)).toISOString() }],
    };
  };
  const sessions = Array.from({ length: 16 }, (_, i) => session(i === 10 ? 'no-such-question' : (question?.questionId as string), i));
  let calls = 0;
  const counting: Store = Object.assign(Object.create(store) as Store, {
    syncSessions: (batch: Parameters<Store['syncSessions']>[0]) => {
      calls++;
      return store.syncSessions(batch);
    },
  });
  const report: WriteReport = { sessions: 0, responses: 0, refused: [] };
  await writeSessions(counting, sessions, report);
  expect(report).toEqual({ sessions: 15, responses: 15, refused: [{ id: sessions[10]?.session.id, reason: expect.stringMatching(/unknown question/) }] });
  expect(calls).toBe(9);
  const stored = await store.exportSessions({ after: null, limit: 100 });
  expect(stored.map((s) => s.session.id)).toEqual(sessions.filter((_, i) => i !== 10).map((s) => s.session.id));
});
