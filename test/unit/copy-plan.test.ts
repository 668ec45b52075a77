import { describe, expect, test } from 'vitest';
import { planSession } from '../../src/commands/shared/copy-plan.js';
import type { ExportedSession, ResponseRecord } from '../../src/store/store.js';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 15, 9, minute)).toISOString();

function answer(questionId: string, overrides: Partial<ResponseRecord> = {}): ResponseRecord {
  return { id: `r-${questionId}`, sessionId: 's', questionId, responseText: `answer ${questionId}`, duration: 10, answeredAt: at(1), ...overrides };
}

function session(overrides: Partial<ExportedSession> = {}): ExportedSession {
  return {
    session: { id: 's', interviewType: 'technical', customDomain: null, questionIds: ['q1', 'q2', 'q3'], config: {}, startedAt: at(0) },
    position: 2,
    completedAt: null,
    duration: null,
    questions: [],
    responses: [answer('q1'), answer('q2')],
    ...overrides,
  };
}

describe('planSession: what a copy sends of a session the target may have', () => {
  test('a session the target lacks goes whole', () => {
    const here = session();
    expect(planSession(here, undefined)).toEqual({ send: here, existed: false, answersThere: 0 });
  });

  test.each<[string, Partial<ExportedSession>, Partial<ExportedSession>, string[] | null, number]>([
    ['the same everywhere: nothing', {}, {}, null, 2],
    ['the same but another response id there (an upsert keeps the target’s): nothing', {}, { responses: [answer('q1', { id: 'other' }), answer('q2')] }, null, 2],
    ['one answer missing there', {}, { responses: [answer('q1')], position: 1 }, ['q2'], 1],
    ['an older answer there', {}, { responses: [answer('q1', { responseText: 'draft', answeredAt: at(0) }), answer('q2')] }, ['q1'], 1],
    ['a different answer there at the same instant (the upsert takes ours)', {}, { responses: [answer('q1', { duration: 99 }), answer('q2')] }, ['q1'], 1],
    ['a later answer there, which the target keeps: nothing', {}, { responses: [answer('q1', { responseText: 'later', answeredAt: at(5) }), answer('q2')] }, null, 2],
    ['further here (a skipped question): the position, no answer', { position: 3 }, {}, [], 2],
    ['further there: nothing', {}, { position: 3 }, null, 2],
    ['completed here only: the completion, no answer', { completedAt: at(9), duration: 60, position: 3 }, {}, [], 2],
    ['completed there only: nothing', {}, { completedAt: at(9), duration: 60, position: 3 }, null, 2],
    ['completed on both, at other times: nothing (the first completion stays)', { completedAt: at(9), duration: 60 }, { completedAt: at(8), duration: 50 }, null, 2],
  ])('%s', (_, hereChanges, thereChanges, sentQuestions, answersThere) => {
    const here = session(hereChanges);
    const plan = planSession(here, session(thereChanges));
    expect(plan.existed).toBe(true);
    expect(plan.answersThere).toBe(answersThere);
    expect(plan.send && plan.send.responses.map((r) => r.questionId)).toEqual(sentQuestions);
    if (plan.send) expect({ ...plan.send, responses: here.responses }).toEqual(here);
  });
});
