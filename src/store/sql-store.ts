import type postgres from 'postgres';
import { UserError } from '../errors.js';
import { connect, withinDeadline, type ConnectTarget } from './connect.js';
import { claimsStatement, literal } from './claims.js';
import { READS, type ReadQuery } from './read-queries.js';
import type { FunctionCall } from './library.js';
import type {
  AiFeedbackRecord,
  AnswerReport,
  AnswerToRescore,
  FeedbackDocument,
  PreviousAnswer,
  BackendName,
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
import {
  refuseNul,
  responsesPayload,
  syncPayload,
  toBankEntry,
  toIncompleteSession,
  toQuestion,
  toReports,
  toExportedSession,
  toProgressReport,
  toSyncOutcome,
  toAnswerReport,
  toAnswerToRescore,
  feedbackPayload,
  type Row,
} from './rows.js';

export interface SqlStoreOptions {
  backend: Exclude<BackendName, 'supabase'>;
  /** A postgres:// URL, or the path of a Unix socket file. */
  url?: string;
  socketPath?: string;
  userId: string;
  /** How long one call may take before the database counts as unreachable. */
  timeoutMs: number;
}

/**
 * The data API over the Postgres wire protocol. Each call is one transaction that first
 * takes the role and JWT claims PostgREST would set, so row-level security and auth.uid()
 * behave exactly as they do behind supabase.rpc().
 */
export class SqlStore implements Store {
  readonly backend: Exclude<BackendName, 'supabase'>;
  private readonly sql: postgres.Sql;
  private readonly claims: string;
  private readonly ensureUser: string;
  private readonly target: ConnectTarget;

  constructor(private readonly options: SqlStoreOptions) {
    this.backend = options.backend;
    this.claims = claimsStatement(options.userId);
    // The local profile is this database's only user; on Supabase, Auth creates users.
    this.ensureUser = `insert into auth.users (id, email) values (${literal(options.userId)}, 'local@amplify') on conflict (id) do nothing`;
    this.target = options.socketPath ? { socketPath: options.socketPath } : { url: options.url ?? '' };
    this.sql = connect(this.target, { timeoutMs: options.timeoutMs });
  }

  /** One round trip: proves the database answers (an owner can be alive and stopped). */
  async ping(): Promise<void> {
    await this.guard(() => this.sql.unsafe('select 1').simple());
  }

  async schemaVersion(): Promise<string | null> {
    // Outside the claims transaction: a database never migrated has not even the roles yet.
    try {
      const [row] = await this.guard(() => this.sql.unsafe('select public.amplify_schema_version() as version').simple());
      return String(row?.version);
    } catch (error) {
      if ((error as { code?: string }).code === '42883') return null;
      throw error;
    }
  }

  async questionBank(): Promise<BankEntry[]> {
    return (await this.call('select * from public.question_bank_summary()')).map(toBankEntry);
  }

  async questionBankFingerprint(): Promise<string> {
    const [row] = await this.call('select public.question_bank_fingerprint() as fingerprint');
    return row?.fingerprint as string;
  }

  async listQuestions(type: InterviewType, customDomain: string | null): Promise<Question[]> {
    const rows = await this.call('select question_id, question_text, difficulty, to_jsonb(tags) as tags, to_jsonb(key_points) as key_points, time_limit_seconds from public.list_interview_questions($1, $2)', [
      type,
      customDomain,
    ]);
    return rows.map(toQuestion);
  }

  async createSession(session: NewSession): Promise<void> {
    await this.call(
      'select id from public.create_interview_session($1, $2, $3, array(select jsonb_array_elements_text($4::jsonb)), $5, $6)',
      [
        session.id,
        session.interviewType,
        session.customDomain,
        this.sql.json(session.questionIds),
        this.sql.json(session.config as postgres.JSONValue),
        session.startedAt,
      ],
      { ensureUser: true },
    );
  }

  async saveResponses(responses: ResponseRecord[]): Promise<number> {
    if (responses.length === 0) return 0;
    refuseNul(responses);
    const payload = responsesPayload(responses) as postgres.JSONValue;
    const [row] = await this.call('select public.save_interview_responses($1::jsonb) as saved', [this.sql.json(payload)]);
    return Number(row?.saved ?? 0);
  }

  async syncSessions(batch: SessionSync[]): Promise<SyncOutcome[]> {
    if (batch.length === 0) return [];
    refuseNul(batch.flatMap((b) => b.responses));
    const payload = syncPayload(batch) as postgres.JSONValue;
    const rows = await this.call('select * from public.sync_interview_sessions($1::jsonb)', [this.sql.json(payload)], {
      ensureUser: batch.some((b) => b.create),
    });
    return rows.map(toSyncOutcome);
  }

  async advanceSession(sessionId: string, currentIndex: number): Promise<void> {
    await this.call('select public.advance_interview_session($1, $2)', [sessionId, currentIndex]);
  }

  async completeSession(sessionId: string, completedAt: string, duration: number): Promise<void> {
    await this.call('select id from public.complete_interview_session($1, $2, $3)', [sessionId, completedAt, duration]);
  }

  async discardSession(sessionId: string): Promise<boolean> {
    const [row] = await this.call('select public.discard_interview_session($1) as discarded', [sessionId]);
    return row?.discarded === true;
  }

  async incompleteSessions(): Promise<IncompleteSession[]> {
    return (await this.call('select * from public.incomplete_interview_sessions()')).map(toIncompleteSession);
  }

  async importQuestions(questions: ImportedQuestion[]): Promise<number> {
    if (questions.length === 0) return 0;
    const payload = questions.map((q) => ({ question_id: q.questionId, interview_type: q.interviewType, custom_domain: q.customDomain, question_text: q.questionText, difficulty: q.difficulty }));
    const [row] = await this.call('select public.import_questions($1::jsonb) as added', [this.sql.json(payload)], { ensureUser: true });
    return Number(row?.added ?? 0);
  }

  async progress(q: ProgressQuery): Promise<ProgressReport> {
    return this.read(READS.progress(q));
  }

  async answerReport(q: ProgressQuery): Promise<AnswerReport> {
    return this.read(READS.answerReport(q));
  }

  async answersToRescore(version: number, after: string | null, limit: number): Promise<AnswerToRescore[]> {
    const rows = await this.call('select public.answers_to_rescore($1, $2, $3) as a', [version, after, limit]);
    return rows.map((r) => toAnswerToRescore(r.a as Row));
  }

  async saveFeedback(items: { responseId: string; feedback: FeedbackDocument }[]): Promise<number> {
    if (items.length === 0) return 0;
    const [row] = await this.call('select public.save_answer_feedback($1::jsonb) as saved', [this.sql.json(feedbackPayload(items) as postgres.JSONValue)]);
    return Number(row?.saved ?? 0);
  }

  async saveAiFeedback(responseId: string, feedback: AiFeedbackRecord): Promise<boolean> {
    const [row] = await this.call('select public.save_ai_feedback($1, $2::jsonb) as saved', [responseId, this.sql.json(feedback as unknown as postgres.JSONValue)]);
    return row?.saved === true;
  }

  async previousAnswers(sessionId: string): Promise<PreviousAnswer[]> {
    return this.read(READS.previousAnswers(sessionId));
  }

  async exportSessions(options: ExportQuery): Promise<ExportedSession[]> {
    const rows = await this.call('select public.export_interview_sessions($1, $2, $3, case when $4::jsonb is null then null else array(select jsonb_array_elements_text($4::jsonb)::uuid) end) as s', [
      options.after?.startedAt ?? null,
      options.after?.id ?? null,
      options.limit,
      options.ids ? this.sql.json(options.ids) : null,
    ]);
    return rows.map((r) => toExportedSession(r.s as Row));
  }

  async history(options: { limit: number; interviewType?: InterviewType }): Promise<SessionSummary[]> {
    return this.read(READS.history(options));
  }

  async findSessions(idPrefix: string): Promise<string[]> {
    return this.read(READS.findSessions(idPrefix));
  }

  async sessionDetail(sessionId: string): Promise<SessionDetail | null> {
    return this.read(READS.sessionDetail(sessionId));
  }

  async reports(): Promise<Reports> {
    return this.read(READS.reports());
  }

  async allUsersReports(q: ProgressQuery): Promise<{ reports: Reports; progress: ProgressReport; answers: AnswerReport }> {
    return this.guard(async () => {
      // As this connection's own role, without a caller's claims: row-level security then
      // shows every row only to a superuser, a role with BYPASSRLS, or the tables' owner.
      const [who] = await this.sql.unsafe(`
        select current_user as role,
               coalesce((select rolsuper or rolbypassrls from pg_roles where rolname = current_user), false)
               or pg_has_role(current_user, (select relowner from pg_class where oid = 'public.interview_sessions'::regclass), 'MEMBER') as all_rows`).simple();
      if (!who?.all_rows) {
        throw new UserError(
          `--all-users needs a connection that may read every user's rows; ${String(who?.role)} sees only its own (row-level security)`,
          "Connect as the tables' owner or a role with BYPASSRLS, through AMPLIFY_DATABASE_URL.",
        );
      }
      const [row] = await this.sql.unsafe(
        `select (select to_jsonb(c) from public.report_completion_rate() c) as completion,
                (select coalesce(jsonb_agg(to_jsonb(t)), '[]') from public.report_average_duration_by_type() t) as by_type,
                (select to_jsonb(r) from public.report_response_times() r) as times,
                public.progress_report($1, $2, $3, $4, $5, $6, true) as p,
                public.answer_report($2, $3, $4, $5, $6, true) as a`,
        [q.today, q.since, q.until, q.interviewType, q.customDomain, q.by],
      );
      return {
        reports: toReports(row?.completion as Row | undefined, (row?.by_type as Row[] | undefined) ?? [], row?.times as Row | undefined),
        progress: toProgressReport(row?.p as Row),
        answers: toAnswerReport(row?.a as Row),
      };
    });
  }

  async run<T>(call: FunctionCall<T>): Promise<T> {
    const names = Object.keys(call.args);
    // Named arguments, so that each call names what it sends; lists of strings go as text[],
    // objects and lists of them as jsonb.
    const isList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
    const list = names.map((name, i) => `${name} => $${i + 1}${isList(call.args[name]) ? '::text[]' : ''}`).join(', ');
    const text = call.set ? `select to_jsonb(x) as r from public.${call.fn}(${list}) as x` : `select public.${call.fn}(${list}) as r`;
    const params = names.map((name) => {
      const value = call.args[name];
      if (isList(value)) return arrayLiteral(value);
      return value !== null && typeof value === 'object' ? this.sql.json(value as postgres.JSONValue) : value;
    });
    const rows = await this.call(text, params, { ensureUser: call.writes });
    return call.result(call.set ? rows.map((row) => row.r) : (rows[0]?.r ?? null));
  }

  async close(): Promise<void> {
    // Closing is the last step of a command: a connection already broken has been reported
    // by the call that found it, and there is nothing left to do about it here.
    await this.sql.end({ timeout: 1 }).catch(() => undefined);
  }

  /**
   * One transaction: take the caller's role and claims, then call. The prelude and the commit
   * carry no parameters, so the three are pipelined: two round trips in all (the call's
   * parameter types are described first). A failed call turns the commit into a rollback.
   */
  private call(text: string, params: unknown[] = [], options: { ensureUser?: boolean } = {}): Promise<Row[]> {
    return this.guard(async () => {
      const [prelude, call, commit] = await Promise.allSettled([
        this.sql.unsafe(['begin', options.ensureUser && this.ensureUser, this.claims].filter(Boolean).join('; ')).simple(),
        this.sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]),
        this.sql.unsafe('commit').simple(),
      ]);
      for (const step of [prelude, call, commit]) if (step.status === 'rejected') throw step.reason;
      return [...(call as PromiseFulfilledResult<postgres.RowList<Row[]>>).value];
    });
  }

  private async read<T>(query: ReadQuery<T>): Promise<T> {
    return query.result(await this.call(query.text, query.params));
  }

  private guard<T>(work: () => Promise<T>): Promise<T> {
    return withinDeadline(this.sql, this.target, this.options.timeoutMs, work);
  }
}

/** A text[] literal: every element quoted, so commas, braces and quotes in it stay its own. */
function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}
