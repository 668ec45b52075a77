import { toAnswerReport, toPreviousAnswer, toProgressReport, toReports, toSessionDetail, toSessionSummary, type Row } from './rows.js';
import type { AnswerReport, InterviewType, PreviousAnswer, ProgressQuery, ProgressReport, Reports, SessionDetail, SessionSummary } from './store.js';

/** One call of the data API that only reads: its SQL, its parameters, and what its rows mean. */
export interface ReadQuery<T> {
  text: string;
  params: (string | number | boolean | null)[];
  result(rows: Row[]): T;
}

/**
 * The reads of history, show (and its --compare) and stats, shared by both ways of sending them (SqlStore through
 * the `postgres` client, EmbeddedStore in one round trip on the owner's socket).
 */
export const READS = {
  history: (options: { limit: number; interviewType?: InterviewType }): ReadQuery<SessionSummary[]> => ({
    text: 'select * from public.interview_history($1, $2)',
    params: [options.limit, options.interviewType ?? null],
    result: (rows) => rows.map(toSessionSummary),
  }),
  findSessions: (idPrefix: string): ReadQuery<string[]> => ({
    text: 'select id from public.find_interview_sessions($1)',
    params: [idPrefix],
    result: (rows) => rows.map((r) => r.id as string),
  }),
  sessionDetail: (sessionId: string): ReadQuery<SessionDetail | null> => ({
    text: 'select public.interview_session_detail($1) as detail',
    params: [sessionId],
    result: ([row]) => toSessionDetail(row?.detail as Row | null | undefined),
  }),
  reports: (): ReadQuery<Reports> => ({
    text: `
      select (select to_jsonb(c) from public.report_completion_rate() c) as completion,
             (select coalesce(jsonb_agg(to_jsonb(t)), '[]') from public.report_average_duration_by_type() t) as by_type,
             (select to_jsonb(r) from public.report_response_times() r) as times`,
    params: [],
    result: ([row]) => toReports(row?.completion as Row | undefined, (row?.by_type as Row[] | undefined) ?? [], row?.times as Row | undefined),
  }),
  progress: (q: ProgressQuery): ReadQuery<ProgressReport> => ({
    text: 'select public.progress_report($1, $2, $3, $4, $5, $6, $7) as p',
    params: [q.today, q.since, q.until, q.interviewType, q.customDomain, q.by, q.allUsers ?? false],
    result: ([row]) => toProgressReport(row?.p as Row),
  }),
  answerReport: (q: ProgressQuery): ReadQuery<AnswerReport> => ({
    text: 'select public.answer_report($1, $2, $3, $4, $5, $6) as a',
    params: [q.since, q.until, q.interviewType, q.customDomain, q.by, q.allUsers ?? false],
    result: ([row]) => toAnswerReport(row?.a as Row),
  }),
  previousAnswers: (sessionId: string): ReadQuery<PreviousAnswer[]> => ({
    text: 'select public.previous_answers($1) as p',
    params: [sessionId],
    result: (rows) => rows.map((r) => toPreviousAnswer(r.p as Row)),
  }),
};
