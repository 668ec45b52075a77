import { expect, test } from 'vitest';
import { journalSessionFromDetail } from '../../src/journal/from-database.js';
import { journalSessionProblem } from '../../src/journal/journal.js';
import type { SessionDetail, SessionQuestion } from '../../src/store/store.js';

const question = (position: number, answer: { text: string; duration: number } | null): SessionQuestion => ({
  position,
  questionId: `technical-00${position}`,
  questionText: `Question ${position}?`,
  difficulty: 'easy',
  responseId: answer ? `00000000-0000-4000-8000-00000000000${position}` : null,
  responseText: answer?.text ?? null,
  duration: answer?.duration ?? null,
  answeredAt: answer ? `2026-01-15T09:0${position}:00.000Z` : null,
  keyPoints: [],
  timing: null,
  timeLimitSeconds: null,
  feedback: null,
  aiFeedback: null,
  rating: null,
});

const detail: SessionDetail = {
  id: '3f2a9c1e-0000-4000-8000-000000000000',
  interviewType: 'technical',
  customDomain: null,
  config: { questionCount: 4, timeLimitSeconds: 60 },
  currentIndex: 3,
  startedAt: '2026-01-15T09:00:00.000Z',
  completedAt: null,
  duration: null,
  // Answered, passed without an answer, answered, not reached yet.
  questions: [question(1, { text: 'One.', duration: 30 }), question(2, null), question(3, { text: 'Three.', duration: 45 }), question(4, null)],
};

test('a session from the database becomes a journal entry that goes on where it stopped', () => {
  const here = { database: 'postgres:postgres://me@db.example.com/amplify', userId: '11111111-2222-4333-8444-555555555555' };
  const session = journalSessionFromDetail(detail, here);
  expect(session).toMatchObject({
    ...here,
    id: detail.id,
    interviewType: 'technical',
    customDomain: null,
    config: { questionCount: 4, timeLimitSeconds: 60 },
    startedAt: '2026-01-15T09:00:00.000Z',
    position: 3,
    positionInDb: 3,
    skipped: ['technical-002'],
    activeMs: 75_000,
    createdInDb: true,
    completedAt: null,
    completedInDb: false,
    orphaned: false,
  });
  expect(session.questions).toEqual([1, 2, 3, 4].map((n) => ({ questionId: `technical-00${n}`, questionText: `Question ${n}?`, difficulty: 'easy', keyPoints: [] })));
  expect(session.responses).toEqual([
    { id: '00000000-0000-4000-8000-000000000001', questionId: 'technical-001', responseText: 'One.', duration: 30, answeredAt: '2026-01-15T09:01:00.000Z', timing: null, timeLimitSeconds: null, feedback: null, rating: null, acked: true },
    { id: '00000000-0000-4000-8000-000000000003', questionId: 'technical-003', responseText: 'Three.', duration: 45, answeredAt: '2026-01-15T09:03:00.000Z', timing: null, timeLimitSeconds: null, feedback: null, rating: null, acked: true },
  ]);
  expect(journalSessionProblem(session, detail.id)).toBeNull();
});
