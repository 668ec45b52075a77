/**
 * The data API's payloads and rows, shared by every Store: the SQL functions take and return
 * the same snake_case JSON whether they are reached over the Postgres wire or over PostgREST.
 */
import { UserError } from '../errors.js';
import type {
  AiFeedbackRecord,
  AnswerReport,
  AnswerTiming,
  AnswerToRescore,
  FeedbackDocument,
  PreviousAnswer,
  ProgressReport,
  BankEntry,
  ExportedSession,
  IncompleteSession,
  InterviewType,
  Question,
  Rating,
  Reports,
  ResponseRecord,
  SessionDetail,
  SessionSummary,
  SessionSync,
  SyncOutcome,
} from './store.js';

export type Row = Record<string, unknown>;

/** Postgres text cannot hold U+0000: said plainly, before the call, instead of a 22P05. */
export function refuseNul(responses: ResponseRecord[]): void {
  if (responses.some((r) => r.responseText.includes('\u0000'))) {
    throw new UserError('an answer contains a NUL character (U+0000), which Postgres cannot store');
  }
}

/** The argument of save_interview_responses. */
export function responsesPayload(responses: ResponseRecord[]): Row[] {
  return responses.map((r) => ({ session_id: r.sessionId, ...responsePayload(r) }));
}

/** One answer as the functions take it: what it lacks is sent as nothing at all. */
function responsePayload(r: ResponseRecord): Row {
  const row: Row = {
    id: r.id,
    question_id: r.questionId,
    response_text: r.responseText,
    duration: r.duration,
    answered_at: r.answeredAt,
  };
  if (r.timing) Object.assign(row, { thinking_ms: r.timing.thinkingMs, writing_ms: r.timing.writingMs, paused_ms: r.timing.pausedMs });
  if (r.timeLimitSeconds) row.time_limit_seconds = r.timeLimitSeconds;
  if (r.feedback) row.feedback = r.feedback;
  if (r.aiFeedback) row.ai_feedback = r.aiFeedback;
  if (r.rating) row.rating = r.rating;
  return row;
}

/** The argument of sync_interview_sessions. */
export function syncPayload(batch: SessionSync[]): Row[] {
  return batch.map((b) => ({
    id: b.session.id,
    create: b.create,
    interview_type: b.session.interviewType,
    custom_domain: b.session.customDomain,
    config: b.session.config,
    question_ids: b.session.questionIds,
    started_at: b.session.startedAt,
    position: b.position,
    completed_at: b.completedAt,
    duration: b.duration,
    responses: b.responses.map(responsePayload),
  }));
}

export function toBankEntry(r: Row): BankEntry {
  return {
    interviewType: r.interview_type as InterviewType,
    customDomain: (r.custom_domain as string | null) ?? null,
    questionCount: Number(r.question_count),
  };
}

export function toQuestion(r: Row): Question {
  return {
    questionId: r.question_id as string,
    questionText: r.question_text as string,
    difficulty: r.difficulty as Question['difficulty'],
    tags: r.tags as string[],
    keyPoints: (r.key_points as string[] | null) ?? [],
    timeLimitSeconds: numberOrNull(r.time_limit_seconds),
  };
}

export function toSyncOutcome(r: Row): SyncOutcome {
  return { sessionId: r.session_id as string, outcome: r.outcome as SyncOutcome['outcome'] };
}

export function toIncompleteSession(r: Row): IncompleteSession {
  return {
    id: r.id as string,
    interviewType: r.interview_type as InterviewType,
    customDomain: (r.custom_domain as string | null) ?? null,
    questionCount: Number(r.question_count),
    answeredCount: Number(r.answered_count),
    currentIndex: Number(r.current_index),
    startedAt: iso(r.started_at),
  };
}

export function toSessionSummary(r: Row): SessionSummary {
  return {
    id: r.id as string,
    interviewType: r.interview_type as InterviewType,
    customDomain: (r.custom_domain as string | null) ?? null,
    startedAt: iso(r.started_at),
    completedAt: r.completed_at == null ? null : iso(r.completed_at),
    duration: r.duration == null ? null : Number(r.duration),
    questionCount: Number(r.question_count),
    answeredCount: Number(r.answered_count),
  };
}

/** The jsonb of interview_session_detail; null when there is no such session of this user. */
export function toSessionDetail(d: Row | null | undefined): SessionDetail | null {
  if (!d) return null;
  return {
    id: d.id as string,
    interviewType: d.interview_type as InterviewType,
    customDomain: (d.custom_domain as string | null) ?? null,
    config: (d.config as Record<string, unknown>) ?? {},
    currentIndex: Number(d.current_index),
    startedAt: iso(d.started_at),
    completedAt: d.completed_at == null ? null : iso(d.completed_at),
    duration: d.duration == null ? null : Number(d.duration),
    questions: (d.questions as Row[]).map((q) => ({
      position: Number(q.position),
      questionId: q.question_id as string,
      questionText: (q.question_text as string | null) ?? '',
      difficulty: (q.difficulty as string | null) ?? '',
      responseId: (q.response_id as string | null) ?? null,
      responseText: (q.response_text as string | null) ?? null,
      duration: q.duration == null ? null : Number(q.duration),
      answeredAt: q.answered_at == null ? null : iso(q.answered_at),
      keyPoints: (q.key_points as string[] | null) ?? [],
      ...(q.question_type ? { questionType: q.question_type as InterviewType, questionDomain: (q.question_domain as string | null) ?? null, questionTimeLimitSeconds: numberOrNull(q.question_time_limit_seconds) } : {}),
      timing: toTiming(q),
      timeLimitSeconds: numberOrNull(q.time_limit_seconds),
      feedback: (q.feedback as FeedbackDocument | null) ?? null,
      aiFeedback: (q.ai_feedback as AiFeedbackRecord | null) ?? null,
      rating: (q.rating as Rating | null) ?? null,
    })),
  };
}

/** Timing is all there or not at all: answers from before it was recorded have none. */
function toTiming(r: Row): AnswerTiming | null {
  if (r.thinking_ms == null || r.writing_ms == null) return null;
  return { thinkingMs: Number(r.thinking_ms), writingMs: Number(r.writing_ms), pausedMs: Number(r.paused_ms ?? 0) };
}

/** The rows of report_completion_rate, report_average_duration_by_type and report_response_times. */
export function toReports(completion: Row | undefined, byType: Row[], times: Row | undefined): Reports {
  return {
    completion: {
      completed: Number(completion?.completed ?? 0),
      total: Number(completion?.total ?? 0),
      completionRate: numberOrNull(completion?.completion_rate),
    },
    averageDurationByType: byType.map((r) => ({
      interviewType: r.interview_type as string,
      avgDurationSeconds: Number(r.avg_duration_seconds),
    })),
    responseTimes: {
      avgResponseTime: numberOrNull(times?.avg_response_time),
      minResponseTime: numberOrNull(times?.min_response_time),
      maxResponseTime: numberOrNull(times?.max_response_time),
    },
  };
}

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

function numberOrNull(value: unknown): number | null {
  return value == null ? null : Number(value);
}

/** A row of export_interview_sessions: a session in the shape of the sync payload. */
export function toExportedSession(d: Row): ExportedSession {
  const id = d.id as string;
  return {
    session: {
      id,
      interviewType: d.interview_type as InterviewType,
      customDomain: (d.custom_domain as string | null) ?? null,
      questionIds: d.question_ids as string[],
      config: (d.config as Record<string, unknown>) ?? {},
      startedAt: iso(d.started_at),
    },
    position: Number(d.position),
    completedAt: d.completed_at == null ? null : iso(d.completed_at),
    duration: d.duration == null ? null : Number(d.duration),
    questions: (d.questions as Row[]).map((q) => ({
      questionId: q.question_id as string,
      questionText: (q.question_text as string | null) ?? null,
      difficulty: (q.difficulty as string | null) ?? null,
      ...(q.interview_type ? { interviewType: q.interview_type as InterviewType, customDomain: (q.custom_domain as string | null) ?? null } : {}),
    })),
    responses: (d.responses as Row[]).map((r) => ({
      id: r.id as string,
      sessionId: id,
      questionId: r.question_id as string,
      responseText: r.response_text as string,
      duration: Number(r.duration),
      answeredAt: iso(r.answered_at),
      ...answerExtras(r),
    })),
  };
}

/** What an answer may carry besides its text and time, present only when it has it. */
function answerExtras(r: Row): Partial<ResponseRecord> {
  const extras: Partial<ResponseRecord> = {};
  const timing = toTiming(r);
  if (timing) extras.timing = timing;
  if (r.time_limit_seconds != null) extras.timeLimitSeconds = Number(r.time_limit_seconds);
  if (r.feedback != null) extras.feedback = r.feedback as FeedbackDocument;
  if (r.ai_feedback != null) extras.aiFeedback = r.ai_feedback as AiFeedbackRecord;
  if (r.rating != null) extras.rating = r.rating as Rating;
  return extras;
}

/** The jsonb of progress_report: numbers as JSON numbers, null where there is nothing to average. */
export function toProgressReport(d: Row): ProgressReport {
  const num = (v: unknown) => (v == null ? null : Number(v));
  return {
    periods: ((d.periods as Row[]) ?? []).map((p) => ({
      period: String(p.period).slice(0, 10),
      sessionsStarted: Number(p.sessionsStarted),
      sessionsCompleted: Number(p.sessionsCompleted),
      completionRate: num(p.completionRate),
      avgSessionSeconds: num(p.avgSessionSeconds),
      avgAnswerSeconds: num(p.avgAnswerSeconds),
      avgAnswerWords: num(p.avgAnswerWords),
      answers: Number(p.answers),
    })),
    streakDays: Number(d.streakDays ?? 0),
    sessionsThisMonth: Number(d.sessionsThisMonth ?? 0),
    users: Number(d.users ?? 0),
    byType: ((d.byType as Row[]) ?? []).map((t) => ({ interviewType: t.interviewType as InterviewType, sessions: Number(t.sessions) })),
  };
}

/** The jsonb of answer_report. */
export function toAnswerReport(d: Row): AnswerReport {
  const num = (v: unknown) => (v == null ? null : Number(v));
  return {
    scoreTrend: ((d.scoreTrend as Row[]) ?? []).map((t) => ({
      period: String(t.period).slice(0, 10),
      interviewType: t.interviewType as InterviewType,
      avgScore: Number(t.avgScore),
      answers: Number(t.answers),
    })),
    timing: ((d.timing as Row[]) ?? []).map((t) => ({
      interviewType: t.interviewType as InterviewType,
      timedAnswers: Number(t.timedAnswers),
      thinkingMedianMs: num(t.thinkingMedianMs),
      thinkingP90Ms: num(t.thinkingP90Ms),
      writingMedianMs: num(t.writingMedianMs),
      writingP90Ms: num(t.writingP90Ms),
      limitedAnswers: Number(t.limitedAnswers),
      overruns: Number(t.overruns),
      overrunRate: num(t.overrunRate),
    })),
  };
}

/** A row of answers_to_rescore. */
export function toAnswerToRescore(d: Row): AnswerToRescore {
  return {
    responseId: d.response_id as string,
    interviewType: d.interview_type as InterviewType,
    customDomain: (d.custom_domain as string | null) ?? null,
    questionText: d.question_text as string,
    difficulty: d.difficulty as string,
    keyPoints: (d.key_points as string[] | null) ?? [],
    responseText: d.response_text as string,
    duration: Number(d.duration),
    writingMs: numberOrNull(d.writing_ms),
  };
}

/** A row of previous_answers. */
export function toPreviousAnswer(d: Row): PreviousAnswer {
  return {
    questionId: d.question_id as string,
    sessionId: d.session_id as string,
    responseText: d.response_text as string,
    duration: Number(d.duration),
    answeredAt: iso(d.answered_at),
    feedbackScore: numberOrNull(d.feedback_score),
  };
}

/** The argument of save_answer_feedback. */
export function feedbackPayload(items: { responseId: string; feedback: FeedbackDocument }[]): Row[] {
  return items.map((i) => ({ response_id: i.responseId, feedback: i.feedback }));
}
