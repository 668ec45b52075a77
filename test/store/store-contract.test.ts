import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDatabaseRefusal } from '../../src/errors.js';
import type { InterviewType, NewSession, Question, ResponseRecord, Store } from '../../src/store/store.js';
import { openBackend, type BackendName, type StoreBackend } from '../support/store-backends.js';
import { LIBRARY, type OwnQuestionInput } from '../../src/store/library.js';

/** Fixed instants, so that every timestamp can be compared exactly. */
const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 0, 15, 9, minute, second)).toISOString();

describe.each<BackendName>(['embedded', 'postgres', 'supabase'])('Store contract: %s backend', (backendName) => {
  let backend: StoreBackend;
  let bank: Record<'behavioral' | 'technical' | 'system_design', Question[]>;

  beforeAll(async () => {
    backend = await openBackend(backendName);
    const { store } = backend;
    bank = {
      behavioral: await store.listQuestions('behavioral', null),
      technical: await store.listQuestions('technical', null),
      system_design: await store.listQuestions('system_design', null),
    };
  });
  afterAll(async () => {
    await backend?.cleanup();
  });

  /** Each test acts as its own user, so history, reports and prefixes never see another test's rows. */
  const user = () => backend.newUser();

  function newSession(overrides: Partial<NewSession> & { count?: number } = {}): NewSession {
    const { count = 3, ...rest } = overrides;
    const type = rest.interviewType ?? 'technical';
    return {
      id: randomUUID(),
      interviewType: type,
      customDomain: null,
      questionIds: type === 'custom' || type === 'mixed' ? [] : bank[type].slice(0, count).map((q) => q.questionId),
      config: { questionCount: count, timeLimitSeconds: null },
      startedAt: at(0),
      ...rest,
    };
  }

  function answer(session: NewSession, index: number, overrides: Partial<ResponseRecord> = {}): ResponseRecord {
    return {
      id: randomUUID(),
      sessionId: session.id,
      questionId: session.questionIds[index] as string,
      responseText: `answer to question ${index + 1}`,
      duration: 10 + index,
      answeredAt: at(1 + index),
      ...overrides,
    };
  }

  async function created(store: Store, overrides: Parameters<typeof newSession>[0] = {}): Promise<NewSession> {
    const session = newSession(overrides);
    await store.createSession(session);
    return session;
  }

  /** The answers of a session as the store reads them back, by position. */
  async function answers(store: Store, sessionId: string) {
    const detail = await store.sessionDetail(sessionId);
    return (detail?.questions ?? []).map((q) => (q.responseText === null ? null : { text: q.responseText, duration: q.duration, answeredAt: q.answeredAt }));
  }

  /** Response rows of a session as the database holds them, seen past row-level security. */
  async function storedRows(sessionId: string): Promise<number> {
    const [row] = await backend.admin<{ rows: number }[]>`select count(*)::int as rows from public.interview_responses where session_id = ${sessionId}`;
    return row?.rows ?? -1;
  }

  describe('question bank', () => {
    it('summarises every type and at least five custom domains, with counts equal to the listed questions', async () => {
      const summary = await backend.store.questionBank();
      expect(new Set(summary.map((e) => e.interviewType))).toEqual(new Set(['behavioral', 'technical', 'system_design', 'custom']));
      const domains = summary.filter((e) => e.interviewType === 'custom').map((e) => e.customDomain);
      expect(domains.length).toBeGreaterThanOrEqual(5);
      expect(domains).not.toContain(null);
      for (const entry of summary) {
        const questions = await backend.store.listQuestions(entry.interviewType, entry.customDomain);
        expect(questions, `${entry.interviewType}/${entry.customDomain}`).toHaveLength(entry.questionCount);
      }
    });

    it('lists questions of one type or domain only, each with a difficulty and tags', async () => {
      const frontend = await backend.store.listQuestions('custom', 'frontend');
      expect(frontend.length).toBeGreaterThan(0);
      const otherIds = new Set([...bank.technical, ...bank.behavioral, ...bank.system_design].map((q) => q.questionId));
      for (const q of [...frontend, ...bank.technical]) {
        expect(['easy', 'medium', 'hard']).toContain(q.difficulty);
        expect(q.tags.length).toBeGreaterThan(0);
        expect(q.questionText.length).toBeGreaterThan(10);
      }
      expect(frontend.filter((q) => otherIds.has(q.questionId))).toEqual([]);
      expect(await backend.store.listQuestions('custom', 'no_such_domain')).toEqual([]);
    });

    it('has a fingerprint that stays the same until a question text changes, and comes back with it', async () => {
      const before = await backend.store.questionBankFingerprint();
      const summary = await backend.store.questionBank();
      expect(before).toMatch(/^[0-9a-f]{32}$/);
      expect(await backend.store.questionBankFingerprint()).toBe(before);
      const [question] = bank.technical;
      const id = question?.questionId as string;
      await backend.admin`update public.interview_questions set question_text = question_text || ' (edited)' where question_id = ${id}`;
      try {
        expect(await backend.store.questionBankFingerprint()).not.toBe(before);
        // The counts alone cannot tell: they did not change.
        expect(await backend.store.questionBank()).toEqual(summary);
      } finally {
        await backend.admin`update public.interview_questions set question_text = ${question?.questionText as string} where question_id = ${id}`;
      }
      expect(await backend.store.questionBankFingerprint()).toBe(before);
    });
  });

  describe('createSession', () => {
    it('stores the type, config, start time and the questions in their order', async () => {
      const store = await user();
      const session = await created(store, { questionIds: [bank.technical[4], bank.technical[1], bank.technical[7]].map((q) => q!.questionId), config: { questionCount: 3, timeLimitSeconds: 90 } });
      const detail = await store.sessionDetail(session.id);
      expect(detail).toMatchObject({
        id: session.id,
        interviewType: 'technical',
        customDomain: null,
        config: { questionCount: 3, timeLimitSeconds: 90 },
        currentIndex: 0,
        startedAt: at(0),
        completedAt: null,
        duration: null,
      });
      expect(detail?.questions.map((q) => [q.position, q.questionId, q.questionText])).toEqual(
        [bank.technical[4], bank.technical[1], bank.technical[7]].map((q, i) => [i + 1, q!.questionId, q!.questionText]),
      );
    });

    it('stores a custom domain', async () => {
      const store = await user();
      const [q] = await store.listQuestions('custom', 'backend');
      const session = await created(store, { interviewType: 'custom', customDomain: 'backend', questionIds: [q!.questionId] });
      expect(await store.history({ limit: 5 })).toMatchObject([{ id: session.id, interviewType: 'custom', customDomain: 'backend', questionCount: 1 }]);
    });

    it('is a no-op when replayed with the same id, even with different content', async () => {
      const store = await user();
      const session = await created(store);
      await store.saveResponses([answer(session, 0)]);
      await store.createSession(session);
      await store.createSession({ ...session, config: { changed: true }, startedAt: at(30), questionIds: session.questionIds.slice(0, 1) });
      expect(await store.history({ limit: 10 })).toMatchObject([{ id: session.id, startedAt: at(0), questionCount: 3, answeredCount: 1 }]);
      expect((await store.sessionDetail(session.id))?.config).toEqual(session.config);
    });

    it.each([
      ['no questions', () => [], /needs at least one question/],
      ['the same question twice', () => [bank.technical[0]!.questionId, bank.technical[0]!.questionId], /cannot ask a question twice/],
      ['an unknown question id', () => ['technical-does-not-exist'], /unknown question id/],
    ])('refuses a session with %s, storing nothing', async (_, questionIds, message) => {
      const store = await user();
      await expect(store.createSession(newSession({ questionIds: questionIds() }))).rejects.toMatchObject({ code: '22023', message: expect.stringMatching(message) });
      expect(await store.history({ limit: 10 })).toEqual([]);
    });
  });

  describe('saveResponses', () => {
    it('saves one answer with its text, duration and time, and moves the position past it', async () => {
      const store = await user();
      const session = await created(store);
      expect(await store.saveResponses([answer(session, 0, { responseText: 'A process has its own memory.', duration: 42 })])).toBe(1);
      expect(await answers(store, session.id)).toEqual([{ text: 'A process has its own memory.', duration: 42, answeredAt: at(1) }, null, null]);
      expect((await store.sessionDetail(session.id))?.currentIndex).toBe(1);
    });

    it('saves a batch in one call, and a replay of the batch leaves exactly the same rows', async () => {
      const store = await user();
      const session = await created(store);
      const batch = [0, 1, 2].map((i) => answer(session, i));
      expect(await store.saveResponses(batch)).toBe(3);
      const first = await store.sessionDetail(session.id);
      for (let replay = 0; replay < 3; replay++) await store.saveResponses(batch);
      await store.saveResponses([batch[1]!]);
      expect(await store.sessionDetail(session.id)).toEqual(first);
      expect(first?.questions.map((q) => q.responseId)).toEqual(batch.map((r) => r.id));
      expect(await store.history({ limit: 5 })).toMatchObject([{ answeredCount: 3 }]);
      expect(await storedRows(session.id)).toBe(3);
    });

    it('saves an empty batch as nothing', async () => {
      expect(await backend.store.saveResponses([])).toBe(0);
    });

    it('replaces an earlier answer to the same question with a later one', async () => {
      const store = await user();
      const session = await created(store);
      await store.saveResponses([answer(session, 0, { responseText: 'first try', duration: 5, answeredAt: at(1) })]);
      await store.saveResponses([answer(session, 0, { responseText: 'second try', duration: 9, answeredAt: at(2) })]);
      expect(await answers(store, session.id)).toEqual([{ text: 'second try', duration: 9, answeredAt: at(2) }, null, null]);
      expect(await store.history({ limit: 5 })).toMatchObject([{ answeredCount: 1 }]);
    });

    it('keeps the latest of two answers to one question within a batch, whatever their order', async () => {
      const store = await user();
      const session = await created(store);
      await store.saveResponses([
        answer(session, 0, { responseText: 'later', answeredAt: at(5) }),
        answer(session, 0, { responseText: 'earlier', answeredAt: at(2) }),
      ]);
      expect((await answers(store, session.id))[0]).toMatchObject({ text: 'later', answeredAt: at(5) });
    });

    it('does not let a late replay of an earlier answer overwrite a later one', async () => {
      const store = await user();
      const session = await created(store);
      const earlier = answer(session, 0, { responseText: 'earlier', answeredAt: at(2) });
      await store.saveResponses([earlier]);
      await store.saveResponses([answer(session, 0, { responseText: 'later', answeredAt: at(5) })]);
      await store.saveResponses([earlier]);
      expect((await answers(store, session.id))[0]).toMatchObject({ text: 'later', answeredAt: at(5) });
    });

    it('advances the position to just past the furthest answered question, never back', async () => {
      const store = await user();
      const session = await created(store, { count: 4 });
      const position = async () => (await store.sessionDetail(session.id))?.currentIndex;
      await store.saveResponses([answer(session, 2)]);
      expect(await position()).toBe(3);
      await store.saveResponses([answer(session, 0)]);
      expect(await position()).toBe(3);
      await store.saveResponses([answer(session, 1), answer(session, 3)]);
      expect(await position()).toBe(4);
    });

    it('refuses an answer to a session that does not exist', async () => {
      const store = await user();
      const ghost = newSession();
      await expect(store.saveResponses([answer(ghost, 0)])).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/row-level security/) });
    });
  });

  describe('advanceSession', () => {
    it('moves the position forward only, and never past the last question', async () => {
      const store = await user();
      const session = await created(store, { count: 3 });
      const steps: [number, number][] = [
        [2, 2],
        [1, 2],
        [3, 3],
        [99, 3],
      ];
      for (const [to, expected] of steps) {
        await store.advanceSession(session.id, to);
        expect((await store.sessionDetail(session.id))?.currentIndex, `advance to ${to}`).toBe(expected);
      }
    });
  });

  describe('completeSession', () => {
    it('records completion time and duration, moves to the end, and drops it from the incomplete list', async () => {
      const store = await user();
      const session = await created(store);
      await store.saveResponses([answer(session, 0)]);
      await store.completeSession(session.id, at(20), 600);
      expect(await store.sessionDetail(session.id)).toMatchObject({ completedAt: at(20), duration: 600, currentIndex: 3 });
      expect(await store.incompleteSessions()).toEqual([]);
    });

    it('is idempotent: a second call keeps the first completion time and duration', async () => {
      const store = await user();
      const session = await created(store);
      await store.completeSession(session.id, at(20), 600);
      await store.completeSession(session.id, at(45), 1234);
      expect(await store.history({ limit: 5 })).toMatchObject([{ id: session.id, completedAt: at(20), duration: 600 }]);
    });

    it('refuses a session that does not exist', async () => {
      const store = await user();
      await expect(store.completeSession(randomUUID(), at(20), 1)).rejects.toMatchObject({ code: 'P0002', message: expect.stringMatching(/not found/) });
    });
  });

  describe('discardSession', () => {
    it('deletes the session with its answers, and says whether there was one', async () => {
      const store = await user();
      const kept = await created(store);
      const session = await created(store);
      await store.saveResponses([answer(session, 0), answer(session, 1)]);
      expect(await store.discardSession(session.id)).toBe(true);
      expect(await store.sessionDetail(session.id)).toBeNull();
      expect(await store.discardSession(session.id)).toBe(false);
      expect((await store.history({ limit: 5 })).map((s) => s.id)).toEqual([kept.id]);
      expect(await storedRows(session.id)).toBe(0);
    });
  });

  describe('incompleteSessions', () => {
    it('lists unfinished sessions newest first, with how far each got', async () => {
      const store = await user();
      const older = await created(store, { startedAt: at(0), count: 4 });
      const done = await created(store, { startedAt: at(10) });
      const newer = await created(store, { startedAt: at(20), interviewType: 'behavioral', count: 2 });
      await store.saveResponses([answer(older, 0), answer(older, 1)]);
      await store.advanceSession(older.id, 3);
      await store.completeSession(done.id, at(15), 300);
      expect(await store.incompleteSessions()).toEqual([
        { id: newer.id, interviewType: 'behavioral', customDomain: null, questionCount: 2, answeredCount: 0, currentIndex: 0, startedAt: at(20) },
        { id: older.id, interviewType: 'technical', customDomain: null, questionCount: 4, answeredCount: 2, currentIndex: 3, startedAt: at(0) },
      ]);
    });
  });

  describe('exportSessions', () => {
    it('pages through every session of the caller, oldest first, with config, position, completion and answers, and nothing to anyone else', async () => {
      const store = await user();
      const ties = at(30);
      const sessions = [
        await created(store, { startedAt: at(20), count: 2 }),
        await created(store, { startedAt: at(0), interviewType: 'behavioral', count: 3 }),
        await created(store, { startedAt: ties, count: 1 }),
        await created(store, { startedAt: ties, count: 1 }),
      ];
      await store.saveResponses([answer(sessions[0]!, 1, { responseText: "'); drop table x; -- 🎉" }), answer(sessions[0]!, 0)]);
      await store.completeSession(sessions[0]!.id, at(25), 300);
      await store.advanceSession(sessions[1]!.id, 2);
      const pages: string[][] = [];
      const all = [];
      for (let after = null as { startedAt: string; id: string } | null; ; ) {
        const page = await store.exportSessions({ after, limit: 2 });
        if (page.length === 0) break;
        pages.push(page.map((p) => p.session.id));
        all.push(...page);
        const last = page.at(-1)!;
        after = { startedAt: last.session.startedAt, id: last.session.id };
      }
      const tied = [sessions[2]!.id, sessions[3]!.id].sort();
      expect(pages).toEqual([[sessions[1]!.id, sessions[0]!.id], tied]);
      expect(all[1]).toEqual({
        session: sessions[0],
        position: 2,
        completedAt: at(25),
        duration: 300,
        questions: bank.technical.slice(0, 2).map(({ questionId, questionText, difficulty }) => ({ questionId, questionText, difficulty, interviewType: 'technical', customDomain: null })),
        responses: [answer(sessions[0]!, 0, { id: all[1]!.responses[0]!.id }), answer(sessions[0]!, 1, { id: all[1]!.responses[1]!.id, responseText: "'); drop table x; -- 🎉" })],
      });
      expect(all[0]).toMatchObject({ position: 2, completedAt: null, duration: null, responses: [] });
      const chosen = [sessions[3]!.id, sessions[1]!.id];
      expect((await store.exportSessions({ after: null, limit: 100, ids: chosen })).map((e) => e.session.id)).toEqual([sessions[1]!.id, sessions[3]!.id]);
      // Someone else sees none of it, not even by id.
      const stranger = await user();
      expect(await stranger.exportSessions({ after: null, limit: 100 })).toEqual([]);
      expect(await stranger.exportSessions({ after: null, limit: 100, ids: chosen })).toEqual([]);
    });
  });

  describe('importQuestions', () => {
    it("adds what the bank lacks as the caller's own, inactive and invisible to others; an existing id is left alone", async () => {
      const store = await user();
      const id = `imported-${randomUUID()}`;
      const existing = bank.technical[0]!;
      const added = await store.importQuestions([
        { questionId: id, interviewType: 'custom', customDomain: 'frontend', questionText: "It's <b>mine</b> 🎉", difficulty: 'hard' },
        { questionId: existing.questionId, interviewType: 'technical', customDomain: null, questionText: 'Overwritten?', difficulty: 'easy' },
      ]);
      expect(added).toBe(1);
      expect(await store.importQuestions([{ questionId: id, interviewType: 'custom', customDomain: 'frontend', questionText: 'again', difficulty: null }])).toBe(0);
      // Its sessions can ask it and show its text; new interviews never pick it.
      const session = await created(store, { interviewType: 'custom', customDomain: 'frontend', questionIds: [id] });
      await store.saveResponses([answer(session, 0)]);
      expect((await store.sessionDetail(session.id))?.questions[0]).toMatchObject({ questionId: id, questionText: "It's <b>mine</b> 🎉", difficulty: 'hard' });
      expect((await store.listQuestions('custom', 'frontend')).map((q) => q.questionId)).not.toContain(id);
      expect((await store.listQuestions('technical', null)).find((q) => q.questionId === existing.questionId)?.questionText).toBe(existing.questionText);
      const [row] = await backend.admin<{ owner: string | null; active: boolean }[]>`select owner_id is not null as owner, is_active as active from public.interview_questions where question_id = ${id}`;
      expect(row).toEqual({ owner: true, active: false });
      const [others] = await backend.admin`select count(*)::int as n from public.interview_questions where question_id = ${existing.questionId} and owner_id is not null`;
      expect(others?.n).toBe(0);
    });
  });

  describe('progress', () => {
    const day = (d: number, h = 9) => new Date(Date.UTC(2026, 0, d, h)).toISOString();
    const query = { today: '2026-01-21', since: null, until: null, interviewType: null, customDomain: null, by: 'week' as const };

    it('reports sessions, completion, durations and words per answer by week, day or month, with the streak and the least practised types', async () => {
      const store = await user();
      expect(await store.progress(query)).toEqual({ periods: [], streakDays: 0, sessionsThisMonth: 0, users: 0, byType: [] });
      // Week of Mon 12 Jan: two technical sessions, one completed. Week of Mon 19 Jan: 19, 20, 21 in a row.
      const a = await created(store, { startedAt: day(12), count: 2 });
      await created(store, { startedAt: day(14), count: 1 });
      const c = await created(store, { startedAt: day(19), interviewType: 'behavioral', count: 1 });
      await created(store, { startedAt: day(20), count: 1 });
      await created(store, { startedAt: day(21), count: 1 });
      await store.saveResponses([
        answer(a, 0, { responseText: 'one two three', duration: 10 }),
        answer(a, 1, { responseText: "don't — stop, 🎉 now", duration: 20 }),
        answer(c, 0, { responseText: 'שלום עולם', duration: 60 }),
      ]);
      await store.completeSession(a.id, day(12, 10), 300);
      await store.completeSession(c.id, day(19, 10), 100);
      const weeks = await store.progress(query);
      expect(weeks.periods).toEqual([
        { period: '2026-01-12', sessionsStarted: 2, sessionsCompleted: 1, completionRate: 50, avgSessionSeconds: 300, avgAnswerSeconds: 15, avgAnswerWords: 3, answers: 2 },
        { period: '2026-01-19', sessionsStarted: 3, sessionsCompleted: 1, completionRate: 33.33, avgSessionSeconds: 100, avgAnswerSeconds: 60, avgAnswerWords: 2, answers: 1 },
      ]);
      expect(weeks.streakDays).toBe(3);
      expect(weeks.sessionsThisMonth).toBe(5);
      expect(weeks.users).toBe(1);
      expect(weeks.byType).toEqual([
        { interviewType: 'behavioral', sessions: 1 },
        { interviewType: 'technical', sessions: 4 },
      ]);
      // The day after the last session the streak still stands; two days after, it is over.
      expect((await store.progress({ ...query, today: '2026-01-22' })).streakDays).toBe(3);
      expect((await store.progress({ ...query, today: '2026-01-23' })).streakDays).toBe(0);
      const days = await store.progress({ ...query, by: 'day', since: day(19, 0), until: day(21, 0), interviewType: 'technical' });
      expect(days.periods.map((p) => [p.period, p.sessionsStarted])).toEqual([['2026-01-20', 1]]);
      expect((await store.progress({ ...query, by: 'month' })).periods.map((p) => [p.period, p.sessionsStarted])).toEqual([['2026-01-01', 5]]);
      // Someone else has none of it, even asking for every user: row-level security decides.
      const stranger = await user();
      expect((await stranger.progress(query)).periods).toEqual([]);
      expect((await stranger.progress({ ...query, allUsers: true })).periods).toEqual([]);
    });
  });

  describe('history', () => {
    async function fiveSessions(store: Store) {
      const types: Exclude<InterviewType, 'custom'>[] = ['technical', 'behavioral', 'technical', 'system_design', 'technical'];
      const sessions: NewSession[] = [];
      // Created out of order: history sorts by start time, not by insertion.
      for (const i of [2, 0, 4, 1, 3]) sessions[i] = await created(store, { interviewType: types[i], startedAt: at(i * 10), count: 2 });
      await store.saveResponses([answer(sessions[1]!, 0), answer(sessions[1]!, 1)]);
      await store.completeSession(sessions[1]!.id, at(15), 240);
      return sessions;
    }

    it('lists sessions newest first with their counts, completion and duration', async () => {
      const store = await user();
      const sessions = await fiveSessions(store);
      const history = await store.history({ limit: 20 });
      expect(history.map((s) => s.id)).toEqual([...sessions].reverse().map((s) => s.id));
      expect(history[3]).toEqual({
        id: sessions[1]!.id,
        interviewType: 'behavioral',
        customDomain: null,
        startedAt: at(10),
        completedAt: at(15),
        duration: 240,
        questionCount: 2,
        answeredCount: 2,
      });
      expect(history[0]).toMatchObject({ completedAt: null, duration: null, answeredCount: 0 });
    });

    it.each<[string, { limit: number; interviewType?: InterviewType }, number[]]>([
      ['limit', { limit: 2 }, [4, 3]],
      ['limit 0', { limit: 0 }, []],
      ['type filter', { limit: 20, interviewType: 'technical' }, [4, 2, 0]],
      ['type filter and limit', { limit: 1, interviewType: 'technical' }, [4]],
      ['a type with no sessions', { limit: 20, interviewType: 'custom' }, []],
    ])('applies %s', async (_, options, expected) => {
      const store = await user();
      const sessions = await fiveSessions(store);
      expect((await store.history(options)).map((s) => s.id)).toEqual(expected.map((i) => sessions[i]!.id));
    });
  });

  describe('findSessions', () => {
    it('resolves a unique prefix, reports an ambiguous one with two ids, and finds nothing for an unknown one', async () => {
      const store = await user();
      const shared = randomBytes(4).toString('hex');
      const id = (suffix: string) => `${shared}-${suffix}-4000-8000-${randomBytes(6).toString('hex')}`;
      const a = await created(store, { id: id('aaaa'), startedAt: at(1) });
      const b = await created(store, { id: id('abbb'), startedAt: at(2) });
      const cases: [string, string[]][] = [
        [`${shared}-aa`, [a.id]],
        [`${shared}-AB`.toUpperCase(), [b.id]],
        [a.id, [a.id]],
        [shared, [b.id, a.id]],
        [`${shared}-ff`, []],
      ];
      for (const [prefix, expected] of cases) expect((await store.findSessions(prefix)).sort(), prefix).toEqual(expected.sort());
    });
  });

  describe('sessionDetail', () => {
    it('returns every question in order, answered or not, and null for an unknown id', async () => {
      const store = await user();
      const session = await created(store, { count: 3 });
      const saved = answer(session, 1, { responseText: 'only the middle one', duration: 33 });
      await store.saveResponses([saved]);
      const detail = await store.sessionDetail(session.id);
      expect(detail?.questions).toEqual(
        session.questionIds.map((questionId, i) => {
          const q = bank.technical.find((x) => x.questionId === questionId)!;
          const answered = i === 1;
          return {
            position: i + 1,
            questionId,
            questionText: q.questionText,
            difficulty: q.difficulty,
            responseId: answered ? saved.id : null,
            responseText: answered ? 'only the middle one' : null,
            duration: answered ? 33 : null,
            answeredAt: answered ? saved.answeredAt : null,
            keyPoints: q.keyPoints,
            questionType: 'technical',
            questionDomain: null,
            questionTimeLimitSeconds: null,
            timing: null,
            timeLimitSeconds: null,
            feedback: null,
            aiFeedback: null,
            rating: null,
          };
        }),
      );
      expect(await store.sessionDetail(randomUUID())).toBeNull();
    });
  });

  describe('feedback and timing', () => {
    const feedback = (score: number, version = 1) => ({ version, score, breakdown: [{ part: 'length', points: score, max: 100, note: 'n' }], findings: [] });

    it('stores how an answer was timed, its limit and its feedback, shown in the detail and exported; a replay without feedback keeps it', async () => {
      const store = await user();
      const session = await created(store, { count: 2 });
      const timing = { thinkingMs: 4200, writingMs: 61_000, pausedMs: 30_000 };
      const saved = answer(session, 0, { duration: 65, timing, timeLimitSeconds: 60, feedback: feedback(72) });
      await store.saveResponses([saved]);
      const [first] = (await store.sessionDetail(session.id))!.questions;
      expect(first).toMatchObject({ timing, timeLimitSeconds: 60, feedback: feedback(72), aiFeedback: null });
      await store.saveResponses([{ ...saved, feedback: null }]);
      expect((await store.sessionDetail(session.id))!.questions[0]!.feedback).toEqual(feedback(72));
      const [exported] = await store.exportSessions({ after: null, limit: 10 });
      expect(exported!.responses).toEqual([{ ...saved, feedback: feedback(72) }]);
      // A copy carries all of it, the model's feedback included.
      const copy = await user();
      const copied = { ...session, id: randomUUID() };
      const sent = { ...saved, id: randomUUID(), sessionId: copied.id, aiFeedback: { model: 'm', text: 'Good.', receivedAt: at(9) } };
      expect(await copy.syncSessions([{ session: copied, create: true, position: 1, completedAt: null, duration: null, responses: [sent] }])).toEqual([{ sessionId: copied.id, outcome: 'synced' }]);
      expect((await copy.sessionDetail(copied.id))!.questions[0]).toMatchObject({ timing, timeLimitSeconds: 60, feedback: feedback(72), aiFeedback: { model: 'm', text: 'Good.', receivedAt: at(9) } });
    });

    it("keeps a model's feedback beside the local one, for the caller's own answers only; a new answer drops the old one's", async () => {
      const store = await user();
      const session = await created(store, { count: 1 });
      const saved = answer(session, 0, { feedback: feedback(50) });
      await store.saveResponses([saved]);
      const ai = { model: 'llama3', text: "Name the result'); drop table x; -- 🎉", receivedAt: at(5) };
      expect(await (await user()).saveAiFeedback(saved.id, ai)).toBe(false);
      expect(await store.saveAiFeedback(saved.id, ai)).toBe(true);
      expect((await store.sessionDetail(session.id))!.questions[0]).toMatchObject({ feedback: feedback(50), aiFeedback: ai });
      await store.saveResponses([saved]);
      expect((await store.sessionDetail(session.id))!.questions[0]!.aiFeedback).toEqual(ai);
      await store.saveResponses([answer(session, 0, { answeredAt: at(30), responseText: 'a new answer' })]);
      expect((await store.sessionDetail(session.id))!.questions[0]!.aiFeedback).toBeNull();
    });

    it('lists answers whose feedback is missing or older, page by page, and stores new feedback, never an older version over a newer', async () => {
      const store = await user();
      const session = await created(store, { count: 3 });
      await store.saveResponses([answer(session, 0), answer(session, 1, { feedback: feedback(40, 1) }), answer(session, 2, { feedback: feedback(90, 2), timing: { thinkingMs: 1, writingMs: 9000, pausedMs: 0 } })]);
      const stale: string[] = [];
      for (let after: string | null = null; ; ) {
        const page = await store.answersToRescore(2, after, 1);
        if (page.length === 0) break;
        stale.push(...page.map((p) => p.responseId));
        after = page.at(-1)!.responseId;
      }
      const detail = (await store.sessionDetail(session.id))!;
      const ids = detail.questions.map((q) => q.responseId!);
      expect(stale).toEqual([ids[0], ids[1]].sort());
      const [one] = await store.answersToRescore(3, null, 100).then((all) => all.filter((a) => a.responseId === ids[2]));
      const q = bank.technical.find((x) => x.questionId === session.questionIds[2])!;
      expect(one).toEqual({ responseId: ids[2], interviewType: 'technical', customDomain: null, questionText: q.questionText, difficulty: q.difficulty, keyPoints: q.keyPoints, responseText: 'answer to question 3', duration: 12, writingMs: 9000 });
      expect(await store.saveFeedback([{ responseId: ids[0]!, feedback: feedback(61, 2) }, { responseId: ids[2]!, feedback: feedback(10, 1) }])).toBe(1);
      expect((await store.sessionDetail(session.id))!.questions.map((x) => x.feedback?.score)).toEqual([61, 40, 90]);
      expect(await (await user()).saveFeedback([{ responseId: ids[1]!, feedback: feedback(99, 5) }])).toBe(0);
      expect(await (await user()).answersToRescore(99, null, 100)).toEqual([]);
    });

    it("puts beside each answer the caller's latest earlier answer to the same question, from another session", async () => {
      const store = await user();
      const first = await created(store, { count: 2, startedAt: at(0) });
      const second = await created(store, { count: 2, startedAt: at(10) });
      const third = await created(store, { count: 2, startedAt: at(20) });
      await store.saveResponses([answer(first, 0, { responseText: 'oldest', answeredAt: at(1), feedback: feedback(30) }), answer(second, 0, { responseText: 'older', answeredAt: at(11) })]);
      await store.saveResponses([answer(third, 0, { responseText: 'now', answeredAt: at(21) }), answer(third, 1, { answeredAt: at(22) })]);
      const previous = await store.previousAnswers(third.id);
      expect(previous).toEqual([{ questionId: third.questionIds[0], sessionId: second.id, responseText: 'older', duration: 10, answeredAt: at(11), feedbackScore: null }]);
      expect((await store.previousAnswers(second.id))[0]).toMatchObject({ sessionId: first.id, responseText: 'oldest', feedbackScore: 30 });
      expect(await (await user()).previousAnswers(third.id)).toEqual([]);
    });

    it('reports the score by period and type, the median and 90th percentile of thinking and writing time, and the overrun rate', async () => {
      const store = await user();
      const query = { today: '2026-01-21', since: null, until: null, interviewType: null, customDomain: null, by: 'week' as const };
      expect(await store.answerReport(query)).toEqual({ scoreTrend: [], timing: [] });
      const week1 = await created(store, { count: 3, startedAt: new Date(Date.UTC(2026, 0, 12, 9)).toISOString() });
      const week2 = await created(store, { count: 2, startedAt: new Date(Date.UTC(2026, 0, 19, 9)).toISOString() });
      const behavioral = await created(store, { interviewType: 'behavioral', count: 1, startedAt: new Date(Date.UTC(2026, 0, 19, 9)).toISOString() });
      const timed = (think: number, write: number) => ({ thinkingMs: think * 1000, writingMs: write * 1000, pausedMs: 0 });
      await store.saveResponses([
        answer(week1, 0, { feedback: feedback(40), timing: timed(10, 50), duration: 60, timeLimitSeconds: 60 }),
        answer(week1, 1, { feedback: feedback(50), timing: timed(20, 100), duration: 120, timeLimitSeconds: 60 }),
        answer(week1, 2, { timing: timed(30, 150), duration: 180 }),
        answer(week2, 0, { feedback: feedback(80), timing: timed(40, 200), duration: 240, timeLimitSeconds: 300 }),
        answer(week2, 1),
        answer(behavioral, 0, { feedback: feedback(65) }),
      ]);
      const report = await store.answerReport(query);
      expect(report.scoreTrend).toEqual([
        { period: '2026-01-12', interviewType: 'technical', avgScore: 45, answers: 2 },
        { period: '2026-01-19', interviewType: 'behavioral', avgScore: 65, answers: 1 },
        { period: '2026-01-19', interviewType: 'technical', avgScore: 80, answers: 1 },
      ]);
      expect(report.timing).toEqual([
        { interviewType: 'behavioral', timedAnswers: 0, thinkingMedianMs: null, thinkingP90Ms: null, writingMedianMs: null, writingP90Ms: null, limitedAnswers: 0, overruns: 0, overrunRate: null },
        // Thinking 10, 20, 30, 40 s, by nearest rank: the median is the 2nd, the 90th percentile the 4th.
        { interviewType: 'technical', timedAnswers: 4, thinkingMedianMs: 20_000, thinkingP90Ms: 40_000, writingMedianMs: 100_000, writingP90Ms: 200_000, limitedAnswers: 3, overruns: 1, overrunRate: 33.33 },
      ]);
      expect((await store.answerReport({ ...query, interviewType: 'behavioral', by: 'month' })).scoreTrend).toEqual([{ period: '2026-01-01', interviewType: 'behavioral', avgScore: 65, answers: 1 }]);
      expect(await (await user()).answerReport({ ...query, allUsers: true })).toEqual({ scoreTrend: [], timing: [] });
    });
  });

  describe('reports', () => {
    it('is empty for a user without sessions', async () => {
      const store = await user();
      expect(await store.reports()).toEqual({
        completion: { completed: 0, total: 0, completionRate: null },
        averageDurationByType: [],
        responseTimes: { avgResponseTime: null, minResponseTime: null, maxResponseTime: null },
      });
    });

    it('computes completion rate, average duration by type over completed sessions, and response times', async () => {
      const store = await user();
      const t1 = await created(store, { interviewType: 'technical' });
      const t2 = await created(store, { interviewType: 'technical' });
      const b1 = await created(store, { interviewType: 'behavioral' });
      await created(store, { interviewType: 'system_design' });
      await store.saveResponses([answer(t1, 0, { duration: 5 }), answer(t1, 1, { duration: 10 }), answer(b1, 0, { duration: 11 })]);
      await store.completeSession(t1.id, at(30), 100);
      await store.completeSession(t2.id, at(30), 51);
      await store.completeSession(b1.id, at(30), 30);
      const reports = await store.reports();
      expect(reports.completion).toEqual({ completed: 3, total: 4, completionRate: 75 });
      expect([...reports.averageDurationByType].sort((x, y) => x.interviewType.localeCompare(y.interviewType))).toEqual([
        { interviewType: 'behavioral', avgDurationSeconds: 30 },
        { interviewType: 'technical', avgDurationSeconds: 75.5 },
      ]);
      expect(reports.responseTimes).toEqual({ avgResponseTime: 8.67, minResponseTime: 5, maxResponseTime: 11 });
    });
  });

  describe('hostile text', () => {
    const hostile: [string, string][] = [
      ['a 100,000-character answer', `${'x'.repeat(99_991)} the end.`],
      ['quotes', `He said "it's fine" and I said 'no' — \`backticks\` too`],
      ['backslashes', 'C:\\new\\table \\\\server\\share \\n is not a newline \\u0041 \\x00'],
      ['emoji', '🎉 shipped it 👩🏽‍💻 with 🇳🇱 flags and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢'],
      ['right-to-left text', 'שלום עולם — مرحبا بالعالم \u202Eevil\u202C'],
      ['combining characters', 'e\u0301 n\u0303 Z\u0351\u0364\u0363a\u0358l\u0347g\u0316o'],
      ['an SQL injection', "'); drop table interview_sessions; --"],
      ['dollar quoting and JSON', '$$ $tag$ {"id": 1, "x": [null]} ::jsonb'],
      ['whitespace and control characters', '  line one\n\tline two\r\n\u0007\u001b[31mred\u001b[0m  '],
    ];

    it.each(hostile)('stores %s byte for byte', async (_, text) => {
      const store = await user();
      const session = await created(store, { count: 1 });
      const response = answer(session, 0, { responseText: text });
      await store.saveResponses([response]);
      expect((await answers(store, session.id))[0]?.text).toBe(text);
      const md5 = createHash('md5').update(text, 'utf8').digest('hex');
      const [row] = await backend.admin<{ md5: string; chars: number }[]>`
        select md5(response_text) as md5, char_length(response_text)::int as chars from public.interview_responses where id = ${response.id}`;
      expect(row).toEqual({ md5, chars: [...text].length });
    });

    it('stores every hostile text of one batch in one call', async () => {
      const store = await user();
      const session = await created(store, { count: hostile.length });
      await store.saveResponses(hostile.map(([, text], i) => answer(session, i, { responseText: text })));
      expect((await answers(store, session.id)).map((a) => a?.text)).toEqual(hostile.map(([, text]) => text));
    });

    it('refuses an id that is not a UUID as the database does (22P02), a refusal rather than a bug', async () => {
      const store = await user();
      const call = store.sessionDetail("not-a-uuid'; select 1; --");
      await expect(call).rejects.toThrow(expect.objectContaining({ code: '22P02', message: expect.stringContaining('invalid input syntax for type uuid') }));
      await expect(call).rejects.toSatisfy(isDatabaseRefusal);
    });

    // Postgres text cannot hold U+0000: the store must say so plainly, not fail with 22P05.
    it('refuses a NUL character with a clear error, and stores nothing of that call', async () => {
      const store = await user();
      const session = await created(store, { count: 2 });
      await store.saveResponses([answer(session, 0, { responseText: 'kept' })]);
      const call = store.saveResponses([answer(session, 0, { responseText: 'replaced?' }), answer(session, 1, { responseText: 'before\u0000after' })]);
      await expect(call).rejects.toThrow(/NUL character/);
      expect((await answers(store, session.id)).map((a) => a?.text ?? null)).toEqual(['kept', null]);
    });
  });

  describe('question library', () => {
    const own = (text: string, extra: Partial<OwnQuestionInput> = {}): OwnQuestionInput => ({
      id: null,
      interviewType: 'custom',
      customDomain: 'acme',
      text,
      difficulty: 'medium',
      tags: ['acme'],
      keyPoints: ['why acme', 'what you would change'],
      timeLimitSeconds: 300,
      ...extra,
    });
    const day = (n: number, minute = 0) => new Date(Date.UTC(2026, 0, 15 + n, 9, minute)).toISOString();

    it("adds one's own questions, idempotently, picked for interviews and seen by nobody else", async () => {
      const store = await user();
      const input = [own('Why Acme?'), own('Walk me through  our checkout.', { id: 'acme-checkout', interviewType: 'system_design', customDomain: null, tags: [] })];
      const first = await store.run(LIBRARY.saveOwnQuestions(input));
      expect(first).toMatchObject({ added: 2, updated: 0, unchanged: 0, shared: 0 });
      expect(first.ids[0]).toMatch(/^own-[0-9a-f]{12}$/);
      expect(first.ids[1]).toBe('acme-checkout');
      expect(await store.run(LIBRARY.saveOwnQuestions(input))).toEqual({ ...first, added: 0, unchanged: 2 });
      const listed = await store.run(LIBRARY.bankQuestions({ customDomain: 'acme' }));
      expect(listed).toEqual([
        { questionId: first.ids[0], interviewType: 'custom', customDomain: 'acme', questionText: 'Why Acme?', difficulty: 'medium', tags: ['acme'], keyPoints: ['why acme', 'what you would change'], timeLimitSeconds: 300, own: true, active: true, disabled: false },
      ]);
      expect((await store.listQuestions('custom', 'acme')).map((q) => [q.questionId, q.timeLimitSeconds])).toEqual([[first.ids[0], 300]]);
      expect((await store.questionBank()).find((e) => e.customDomain === 'acme')?.questionCount).toBe(1);
      expect((await store.run(LIBRARY.bankQuestions({ search: 'OUR CHECKOUT' }))).map((q) => q.questionId)).toEqual(['acme-checkout']);
      expect((await store.run(LIBRARY.bankQuestions({ search: "%' or 1=1 --" })))).toEqual([]);
      const other = await user();
      expect(await other.run(LIBRARY.bankQuestions({ customDomain: 'acme' }))).toEqual([]);
      expect(await other.listQuestions('custom', 'acme')).toEqual([]);
      // Another user's explicit id collides with a question they cannot see: refused, all or nothing.
      await expect(other.run(LIBRARY.saveOwnQuestions([own('Mine'), own('Theirs', { id: 'acme-checkout' })]))).rejects.toMatchObject({ code: '23505', message: expect.stringMatching(/acme-checkout is taken/) });
      expect(await other.run(LIBRARY.bankQuestions({ customDomain: 'acme' }))).toEqual([]);
    });

    it('leaves the shared bank alone, edits only its own, and keeps the text a session asked', async () => {
      const store = await user();
      const shared = bank.technical[0] as Question;
      const saved = await store.run(LIBRARY.saveOwnQuestions([own('Tell me about Acme.', { id: 'acme-tell' }), own('Rewritten', { id: shared.questionId, interviewType: 'technical', customDomain: null })]));
      expect(saved).toMatchObject({ added: 1, shared: 1, ids: ['acme-tell', shared.questionId] });
      expect((await store.listQuestions('technical', null)).find((q) => q.questionId === shared.questionId)?.questionText).toBe(shared.questionText);
      const session = await created(store, { interviewType: 'custom', customDomain: 'acme', questionIds: ['acme-tell'] });
      expect(await store.run(LIBRARY.saveOwnQuestions([own('Tell me about Acme, in two minutes.', { id: 'acme-tell' })]))).toMatchObject({ updated: 1 });
      expect((await store.sessionDetail(session.id))!.questions[0]!.questionText).toBe('Tell me about Acme.');
      expect((await store.exportSessions({ after: null, limit: 10 }))[0]!.questions[0]).toMatchObject({ questionText: 'Tell me about Acme.', interviewType: 'custom', customDomain: 'acme' });
      expect((await store.run(LIBRARY.bankQuestions({ ids: ['acme-tell'] })))[0]!.questionText).toBe('Tell me about Acme, in two minutes.');
      const direct = await backend.admin`select count(*)::int as n from public.interview_questions where question_id = ${shared.questionId} and question_text = ${shared.questionText}`;
      expect(direct[0]?.n).toBe(1);
    });

    it('disables a shared question for the caller only, and enables it again', async () => {
      const store = await user();
      const other = await user();
      const target = bank.behavioral[0] as Question;
      const before = await store.questionBankFingerprint();
      expect(await store.run(LIBRARY.setDisabled([target.questionId], true))).toBe(1);
      expect(await store.run(LIBRARY.setDisabled([target.questionId], true))).toBe(0);
      expect((await store.listQuestions('behavioral', null)).map((q) => q.questionId)).not.toContain(target.questionId);
      expect((await other.listQuestions('behavioral', null)).map((q) => q.questionId)).toContain(target.questionId);
      expect(await store.questionBankFingerprint()).not.toBe(before);
      expect((await store.run(LIBRARY.bankQuestions({ ids: [target.questionId] })))[0]).toMatchObject({ disabled: true, active: true });
      await expect(store.run(LIBRARY.setDisabled(['no-such-question'], true))).rejects.toMatchObject({ code: '22023', message: expect.stringMatching(/no question no-such-question/) });
      expect(await store.run(LIBRARY.setDisabled([target.questionId], false))).toBe(1);
      expect(await store.questionBankFingerprint()).toBe(before);
    });

    it('saves, lists, shows, refuses to overwrite, replaces and deletes templates, per user', async () => {
      const store = await user();
      const ids = [bank.technical[1]!.questionId, bank.behavioral[1]!.questionId];
      expect(await store.run(LIBRARY.saveTemplate({ name: 'acme-onsite', description: 'Round 1', questionIds: ids, replace: false }))).toBe(true);
      await expect(store.run(LIBRARY.saveTemplate({ name: 'acme-onsite', description: null, questionIds: ids.slice(0, 1), replace: false }))).rejects.toMatchObject({ code: '23505', message: expect.stringMatching(/a template named acme-onsite exists/) });
      const [summary] = await store.run(LIBRARY.templates());
      expect(summary).toMatchObject({ name: 'acme-onsite', description: 'Round 1', questionCount: 2 });
      expect(new Set(summary!.interviewTypes)).toEqual(new Set(['technical', 'behavioral']));
      expect((await store.run(LIBRARY.template('acme-onsite')))!.questions.map((q) => q.questionId)).toEqual(ids);
      expect(await store.run(LIBRARY.saveTemplate({ name: 'acme-onsite', description: null, questionIds: [ids[1]!], replace: true }))).toBe(false);
      expect((await store.run(LIBRARY.template('acme-onsite')))).toMatchObject({ description: null, questions: [{ questionId: ids[1] }] });
      await expect(store.run(LIBRARY.saveTemplate({ name: 'bad name', description: null, questionIds: ids, replace: false }))).rejects.toMatchObject({ code: '23514' });
      await expect(store.run(LIBRARY.saveTemplate({ name: 'x', description: null, questionIds: ['nope'], replace: false }))).rejects.toMatchObject({ code: '22023' });
      const other = await user();
      expect(await other.run(LIBRARY.templates())).toEqual([]);
      expect(await other.run(LIBRARY.template('acme-onsite'))).toBeNull();
      expect(await other.run(LIBRARY.deleteTemplate('acme-onsite'))).toBe(false);
      expect(await store.run(LIBRARY.deleteTemplate('acme-onsite'))).toBe(true);
      expect(await store.run(LIBRARY.templates())).toEqual([]);
    });

    it('keeps a review state per question: failed or skipped comes back the same day, answered well moves further out each time, disabled never', async () => {
      const store = await user();
      const [q1, q2, q3, q4] = bank.technical.slice(0, 4).map((q) => q.questionId) as [string, string, string, string];
      const feedback = (score: number) => ({ version: 1, score });
      // Day 0: q1 skipped (asked, no answer), q2 answered well, q3 rated "again", q4 answered well (then disabled).
      const first = await created(store, { questionIds: [q1, q2, q3, q4], startedAt: day(0) });
      await store.saveResponses([
        { ...answer(first, 1, { answeredAt: day(0, 2), feedback: feedback(85) }) },
        { ...answer(first, 2, { answeredAt: day(0, 3), feedback: feedback(90), rating: 'again' }) },
        { ...answer(first, 3, { answeredAt: day(0, 4), feedback: feedback(90) }) },
      ]);
      await store.completeSession(first.id, day(0, 5), 300);
      const states = async () => Object.fromEntries((await store.run(LIBRARY.reviewStates({}))).map((r) => [r.questionId, r]));
      let now = await states();
      expect(now[q1]).toMatchObject({ box: 0, dueAt: day(0), lastOutcome: 'again', timesAsked: 1, lapses: 1 });
      expect(now[q2]).toMatchObject({ box: 1, dueAt: day(1, 2), lastOutcome: 'good', lapses: 0 });
      expect(now[q3]).toMatchObject({ box: 0, dueAt: day(0, 3), lastOutcome: 'again' });
      // Day 1: q2 well again → box 2, three days out; q1 answered over its limit → hard, box 1.
      const second = await created(store, { questionIds: [q2, q1], startedAt: day(1, 10) });
      await store.saveResponses([answer(second, 0, { answeredAt: day(1, 11), feedback: feedback(80) }), answer(second, 1, { answeredAt: day(1, 12), feedback: feedback(95), duration: 200, timeLimitSeconds: 120 })]);
      now = await states();
      expect(now[q2]).toMatchObject({ box: 2, dueAt: day(4, 11), timesAsked: 2 });
      expect(now[q1]).toMatchObject({ box: 1, dueAt: day(2, 12), lastOutcome: 'hard', lapses: 1 });
      // A rating given after the answer was saved takes its place; a low score is a failure.
      await store.saveResponses([answer(second, 0, { id: undefined as never, answeredAt: day(1, 11), feedback: feedback(80), rating: 'easy' })].map((r) => ({ ...r, id: randomUUID() })));
      expect((await states())[q2]).toMatchObject({ box: 3, dueAt: day(8, 11), lastOutcome: 'easy' });
      await store.run(LIBRARY.setDisabled([q4], true));
      expect(await states()).not.toHaveProperty(q4);
      expect((await store.run(LIBRARY.reviewStates({ interviewType: 'behavioral' })))).toEqual([]);
      expect(await (await user()).run(LIBRARY.reviewStates({}))).toEqual([]);
    });

    it("takes a mixed session, and a rating with an answer, carried by a copy", async () => {
      const store = await user();
      const session = await created(store, { interviewType: 'mixed', questionIds: [bank.technical[0]!.questionId, bank.behavioral[0]!.questionId] });
      await store.saveResponses([answer(session, 0, { rating: 'hard' })]);
      const detail = await store.sessionDetail(session.id);
      expect(detail).toMatchObject({ interviewType: 'mixed', customDomain: null });
      expect(detail!.questions[0]!.rating).toBe('hard');
      expect((await store.exportSessions({ after: null, limit: 10 }))[0]!.responses[0]!.rating).toBe('hard');
      expect((await store.history({ limit: 5 }))[0]!.interviewType).toBe('mixed');
    });
  });

  describe('row-level security', () => {
    let owner: Store;
    let other: Store;
    let session: NewSession;

    beforeAll(async () => {
      owner = await user();
      other = await user();
      session = await created(owner, { count: 3 });
      await owner.saveResponses([answer(session, 0, { responseText: 'mine' })]);
    });

    const untouched = async () => {
      expect(await answers(owner, session.id)).toEqual([{ text: 'mine', duration: 10, answeredAt: at(1) }, null, null]);
      expect(await owner.sessionDetail(session.id)).toMatchObject({ currentIndex: 1, completedAt: null });
      expect(await storedRows(session.id)).toBe(1);
    };

    it("shows another user none of the owner's sessions, answers or numbers", async () => {
      expect(await other.history({ limit: 50 })).toEqual([]);
      expect(await other.incompleteSessions()).toEqual([]);
      expect(await other.findSessions(session.id.slice(0, 8))).toEqual([]);
      expect(await other.sessionDetail(session.id)).toBeNull();
      expect((await other.reports()).completion).toEqual({ completed: 0, total: 0, completionRate: null });
      expect((await other.reports()).responseTimes.maxResponseTime).toBeNull();
    });

    it.each([
      ['a new answer', 1],
      ['an answer replacing the owner’s', 0],
    ])("refuses %s written into the owner's session", async (_, index) => {
      await expect(other.saveResponses([answer(session, index, { responseText: 'intruder' })])).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/row-level security/) });
      await untouched();
    });

    it("cannot advance, complete, discard or take over the owner's session", async () => {
      await other.advanceSession(session.id, 3);
      await expect(other.completeSession(session.id, at(50), 1)).rejects.toMatchObject({ code: 'P0002', message: expect.stringMatching(/not found/) });
      expect(await other.discardSession(session.id)).toBe(false);
      await expect(other.createSession({ ...session, config: { stolen: true } })).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/belongs to another user/) });
      await untouched();
      expect((await owner.sessionDetail(session.id))?.config).toEqual(session.config);
    });
  });
});
