import type { SupabaseClient } from '@supabase/supabase-js';
import { AuthError, DatabaseUnavailableError, UserError } from '../errors.js';
import {
  refuseNul,
  responsesPayload,
  syncPayload,
  toBankEntry,
  toIncompleteSession,
  toQuestion,
  toReports,
  toSessionDetail,
  toSessionSummary,
  toExportedSession,
  toProgressReport,
  toSyncOutcome,
  toAnswerReport,
  toAnswerToRescore,
  toPreviousAnswer,
  feedbackPayload,
  type Row,
} from './rows.js';
import type { FunctionCall } from './library.js';
import type {
  AiFeedbackRecord,
  AnswerReport,
  AnswerToRescore,
  FeedbackDocument,
  PreviousAnswer,
  BankEntry,
  ExportQuery,
  ImportedQuestion,
  ProgressQuery,
  ProgressReport,
  ExportedSession,
  IncompleteSession,
  InterviewType,
  NewSession,
  Question,
  Reports,
  ResponseRecord,
  SessionDetail,
  SessionSummary,
  SessionSync,
  Store,
  SyncOutcome,
} from './store.js';

/** An access token that can be renewed: see supabase/access-tokens.ts. */
export interface TokenSource {
  /** A token valid now (renewed first when about to expire). */
  valid(): Promise<string>;
  /** The project refused `rejected` as expired: renew it. */
  renew(rejected: string): Promise<void>;
}

/**
 * The database refused a call over PostgREST: the SQLSTATE (or PGRST code) and message of its
 * error body, with a severity so that isDatabaseRefusal() tells it apart from a bug, as it
 * does for the errors of the Postgres wire.
 */
export class RpcError extends Error {
  readonly severity = 'ERROR';

  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: string | null = null,
    readonly hint: string | null = null,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** PostgREST's error body, as supabase-js hands it over. */
interface RpcFailure {
  code?: string;
  message?: string;
  details?: string | null;
  hint?: string | null;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The data API over Supabase's PostgREST: every method is one `rpc` of the SQL function
 * SqlStore calls, as the signed-in user of `client` (row-level security and auth.uid() see
 * that user). The client is made elsewhere: supabase-js is slow to load, so this module only
 * names its types.
 */
export class RpcStore implements Store {
  readonly backend = 'supabase' as const;

  constructor(
    private readonly client: SupabaseClient,
    /** How long one call may take; supabase-js has no timeout of its own. */
    private readonly timeoutMs: number,
    /** Where the client's access token comes from, when amplify keeps it (not supabase-js's auth). */
    private readonly tokens?: TokenSource,
    /** The client carries the service-role key: row-level security lets it read every row. */
    private readonly serviceRole = false,
  ) {}

  async schemaVersion(): Promise<string | null> {
    try {
      return String(await this.rpc('amplify_schema_version'));
    } catch (error) {
      // PostgREST's "function not found in the schema cache".
      if (error instanceof RpcError && error.code === 'PGRST202') return null;
      throw error;
    }
  }

  async questionBank(): Promise<BankEntry[]> {
    return (await this.rows('question_bank_summary')).map(toBankEntry);
  }

  async questionBankFingerprint(): Promise<string> {
    return (await this.rpc('question_bank_fingerprint')) as string;
  }

  async listQuestions(type: InterviewType, customDomain: string | null): Promise<Question[]> {
    return (await this.rows('list_interview_questions', { p_interview_type: type, p_custom_domain: customDomain })).map(toQuestion);
  }

  async createSession(session: NewSession): Promise<void> {
    // Returns the session row as a one-element array; the caller needs nothing of it.
    await this.rows('create_interview_session', {
      p_id: session.id,
      p_interview_type: session.interviewType,
      p_custom_domain: session.customDomain,
      p_question_ids: session.questionIds,
      p_config: session.config,
      p_started_at: session.startedAt,
    });
  }

  async saveResponses(responses: ResponseRecord[]): Promise<number> {
    if (responses.length === 0) return 0;
    refuseNul(responses);
    return Number((await this.rpc('save_interview_responses', { p_responses: responsesPayload(responses) })) ?? 0);
  }

  async syncSessions(batch: SessionSync[]): Promise<SyncOutcome[]> {
    if (batch.length === 0) return [];
    refuseNul(batch.flatMap((b) => b.responses));
    return (await this.rows('sync_interview_sessions', { p_sessions: syncPayload(batch) })).map(toSyncOutcome);
  }

  async advanceSession(sessionId: string, currentIndex: number): Promise<void> {
    await this.rpc('advance_interview_session', { p_session_id: sessionId, p_current_index: currentIndex });
  }

  async completeSession(sessionId: string, completedAt: string, duration: number): Promise<void> {
    await this.rows('complete_interview_session', { p_session_id: sessionId, p_completed_at: completedAt, p_duration: duration });
  }

  async discardSession(sessionId: string): Promise<boolean> {
    return (await this.rpc('discard_interview_session', { p_session_id: sessionId })) === true;
  }

  async incompleteSessions(): Promise<IncompleteSession[]> {
    return (await this.rows('incomplete_interview_sessions')).map(toIncompleteSession);
  }

  async importQuestions(questions: ImportedQuestion[]): Promise<number> {
    if (questions.length === 0) return 0;
    return Number(await this.rpc('import_questions', { p_questions: questions.map((q) => ({ question_id: q.questionId, interview_type: q.interviewType, custom_domain: q.customDomain, question_text: q.questionText, difficulty: q.difficulty })) }));
  }

  async progress(q: ProgressQuery): Promise<ProgressReport> {
    const row = await this.rpc('progress_report', progressArgs(q));
    return toProgressReport(row as Row);
  }

  async allUsersReports(q: ProgressQuery): Promise<{ reports: Reports; progress: ProgressReport; answers: AnswerReport }> {
    if (!this.serviceRole) {
      throw new UserError('--all-users on Supabase needs the service-role key', 'Set SUPABASE_SERVICE_ROLE_KEY for this command (Project Settings → API); amplify never stores it.');
    }
    const [reports, row, answers] = await Promise.all([
      this.reports(),
      this.rpc('progress_report', progressArgs({ ...q, allUsers: true })),
      this.answerReport({ ...q, allUsers: true }),
    ]);
    return { reports, progress: toProgressReport(row as Row), answers };
  }

  async answerReport(q: ProgressQuery): Promise<AnswerReport> {
    const args = { p_since: q.since, p_until: q.until, p_interview_type: q.interviewType, p_custom_domain: q.customDomain, p_by: q.by, p_all_users: q.allUsers ?? false };
    return toAnswerReport((await this.rpc('answer_report', args)) as Row);
  }

  async answersToRescore(version: number, after: string | null, limit: number): Promise<AnswerToRescore[]> {
    const rows = (await this.rpc('answers_to_rescore', { p_version: version, p_after: after, p_limit: limit })) as Row[] | null;
    return (rows ?? []).map(toAnswerToRescore);
  }

  async saveFeedback(items: { responseId: string; feedback: FeedbackDocument }[]): Promise<number> {
    if (items.length === 0) return 0;
    return Number(await this.rpc('save_answer_feedback', { p_feedback: feedbackPayload(items) }));
  }

  async saveAiFeedback(responseId: string, feedback: AiFeedbackRecord): Promise<boolean> {
    return (await this.rpc('save_ai_feedback', { p_response_id: responseId, p_ai_feedback: feedback })) === true;
  }

  async previousAnswers(sessionId: string): Promise<PreviousAnswer[]> {
    const rows = (await this.rpc('previous_answers', { p_session_id: sessionId })) as Row[] | null;
    return (rows ?? []).map(toPreviousAnswer);
  }

  async exportSessions(options: ExportQuery): Promise<ExportedSession[]> {
    const rows = await this.rpc('export_interview_sessions', {
      p_after_started_at: options.after?.startedAt ?? null,
      p_after_id: options.after?.id ?? null,
      p_limit: options.limit,
      p_ids: options.ids ?? null,
    });
    return ((rows as Row[] | null) ?? []).map(toExportedSession);
  }

  async history(options: { limit: number; interviewType?: InterviewType }): Promise<SessionSummary[]> {
    const rows = await this.rows('interview_history', { p_limit: options.limit, p_interview_type: options.interviewType ?? null });
    return rows.map(toSessionSummary);
  }

  async findSessions(idPrefix: string): Promise<string[]> {
    // RETURNS TABLE (id uuid) has one column: Postgres makes it SETOF uuid, so PostgREST
    // answers with bare ids; an object per row is taken too, should a column be added.
    const rows = (await this.rpc('find_interview_sessions', { p_id_prefix: idPrefix })) as (string | Row)[] | null;
    return (rows ?? []).map((r) => (typeof r === 'string' ? r : (r.id as string)));
  }

  async sessionDetail(sessionId: string): Promise<SessionDetail | null> {
    return toSessionDetail((await this.rpc('interview_session_detail', { p_session_id: sessionId })) as Row | null);
  }

  async reports(): Promise<Reports> {
    // SqlStore combines the three report functions in one query; PostgREST calls one function
    // per request, so here they are three requests, in parallel (a report is read, not an answer).
    const [completion, byType, times] = await Promise.all([
      this.rows('report_completion_rate'),
      this.rows('report_average_duration_by_type'),
      this.rows('report_response_times'),
    ]);
    return toReports(completion[0], byType, times[0]);
  }

  async run<T>(call: FunctionCall<T>): Promise<T> {
    return call.result(await this.rpc(call.fn, call.args));
  }

  async close(): Promise<void> {
    // Nothing is held open: each call is one HTTP request on fetch's shared keep-alive pool.
  }

  /** A function returning a table: PostgREST answers with an array of objects. */
  private async rows(fn: string, args: Row = {}): Promise<Row[]> {
    return ((await this.rpc(fn, args)) as Row[] | null) ?? [];
  }

  /**
   * One request, bounded by timeoutMs; failures classified as the Postgres wire's are. A
   * token the project finds expired (its clock may be ahead of ours) is renewed and the call
   * made once more: an answer is never lost to an expiry.
   */
  private async rpc(fn: string, args: Row = {}, retried = false): Promise<unknown> {
    const token = this.tokens ? await this.tokens.valid() : null;
    const signal = AbortSignal.timeout(this.timeoutMs);
    let answer: { data: unknown; error: RpcFailure | null; status: number };
    try {
      answer = await this.client.rpc(fn, args).abortSignal(signal);
    } catch (error) {
      throw unavailable(fn, signal, this.timeoutMs, error);
    }
    const { data, error, status } = answer;
    if (!error) return data;
    const code = error.code ?? '';
    if (status === 401 && code === 'PGRST301' && this.tokens && token !== null && !retried) {
      await this.tokens.renew(token);
      return this.rpc(fn, args, true);
    }
    if (unreachable(status, code)) throw unavailable(fn, signal, this.timeoutMs, error, status);
    const message = error.message ?? `${fn} failed with HTTP ${status}`;
    // 401 with a SQLSTATE is the database refusing anon (42501); without one it is the JWT (PGRST301) or the API key.
    if (status === 401 && !SQLSTATE.test(code)) throw new AuthError(`the sign-in was refused: ${message}`);
    throw new RpcError(code, message, status, error.details ?? null, error.hint ?? null);
  }
}

function progressArgs(q: ProgressQuery): Row {
  return { p_today: q.today, p_since: q.since, p_until: q.until, p_interview_type: q.interviewType, p_custom_domain: q.customDomain, p_by: q.by, p_all_users: q.allUsers ?? false };
}

/**
 * Whether an answer means the database is not there for now (the journal keeps the work).
 * supabase-js gives status 0 to a request that got no response (refused, reset, aborted). A
 * 5xx is an outage unless it carries the SQLSTATE of a database that answered and refused:
 * PostgREST answers 500 to raised errors such as P0002 ("session … not found"), which must be
 * reported like any refusal, while the classes that mean "not now" stay outages: 08
 * connection, 40 rolled back (serialization, deadlock), 53 insufficient resources, 57
 * operator intervention (shutdown, statement timeout).
 */
function unreachable(status: number, code: string): boolean {
  if (status === 0) return true;
  if (status < 500) return false;
  if (!SQLSTATE.test(code)) return true;
  return ['08', '40', '53', '57'].includes(code.slice(0, 2));
}

function unavailable(fn: string, signal: AbortSignal, timeoutMs: number, cause: unknown, status = 0): DatabaseUnavailableError {
  if (signal.aborted) {
    return new DatabaseUnavailableError(`Supabase did not answer ${fn} within ${timeoutMs} ms`, { cause, problem: 'timeout' });
  }
  const why = status > 0 ? `HTTP ${status}${messageOf(cause) ? `: ${messageOf(cause)}` : ''}` : (messageOf(cause) ?? 'no answer');
  return new DatabaseUnavailableError(`Supabase could not be reached (${why})`, { cause, problem: 'unreachable' });
}

function messageOf(value: unknown): string | undefined {
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}
