import type postgres from 'postgres';
import { UserError } from '../errors.js';
import { connect, withinDeadline, type ConnectTarget } from './connect.js';
import type {
  BackendName,
  BankEntry,
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

export interface SqlStoreOptions {
  backend: BackendName;
  /** A postgres:// URL, or the path of a Unix socket file. */
  url?: string;
  socketPath?: string;
  userId: string;
  /** How long one call may take before the database counts as unreachable. */
  timeoutMs: number;
}

type Row = Record<string, unknown>;

/**
 * The data API over the Postgres wire protocol. Each call is one transaction that first
 * takes the role and JWT claims PostgREST would set, so row-level security and auth.uid()
 * behave exactly as they do behind supabase.rpc().
 */
export class SqlStore implements Store {
  readonly backend: BackendName;
  private readonly sql: postgres.Sql;
  private readonly claims: string;
  private readonly ensureUser: string;
  private readonly target: ConnectTarget;

  constructor(private readonly options: SqlStoreOptions) {
    this.backend = options.backend;
    const claims = JSON.stringify({ sub: options.userId, role: 'authenticated' });
    this.claims = `select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${literal(claims)}, true)`;
    // The local profile is this database's only user; on Supabase, Auth creates users.
    this.ensureUser = `insert into auth.users (id, email) values (${literal(options.userId)}, 'local@amplify') on conflict (id) do nothing`;
    this.target = options.socketPath ? { socketPath: options.socketPath } : { url: options.url ?? '' };
    this.sql = connect(this.target, { timeoutMs: options.timeoutMs });
  }

  /** One round trip: proves the database answers (an owner can be alive and stopped). */
  async ping(): Promise<void> {
    await this.guard(() => this.sql.unsafe('select 1').simple());
  }

  async questionBank(): Promise<BankEntry[]> {
    const rows = await this.call('select * from public.question_bank_summary()');
    return rows.map((r) => ({
      interviewType: r.interview_type as InterviewType,
      customDomain: (r.custom_domain as string | null) ?? null,
      questionCount: Number(r.question_count),
    }));
  }

  async questionBankFingerprint(): Promise<string> {
    const [row] = await this.call('select public.question_bank_fingerprint() as fingerprint');
    return row?.fingerprint as string;
  }

  async listQuestions(type: InterviewType, customDomain: string | null): Promise<Question[]> {
    const rows = await this.call('select question_id, question_text, difficulty, to_jsonb(tags) as tags from public.list_interview_questions($1, $2)', [
      type,
      customDomain,
    ]);
    return rows.map((r) => ({
      questionId: r.question_id as string,
      questionText: r.question_text as string,
      difficulty: r.difficulty as Question['difficulty'],
      tags: r.tags as string[],
    }));
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
    const payload = responses.map((r) => ({
      id: r.id,
      session_id: r.sessionId,
      question_id: r.questionId,
      response_text: r.responseText,
      duration: r.duration,
      answered_at: r.answeredAt,
    }));
    const [row] = await this.call('select public.save_interview_responses($1::jsonb) as saved', [this.sql.json(payload)]);
    return Number(row?.saved ?? 0);
  }

  async syncSessions(batch: SessionSync[]): Promise<SyncOutcome[]> {
    if (batch.length === 0) return [];
    refuseNul(batch.flatMap((b) => b.responses));
    const payload = batch.map((b) => ({
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
      responses: b.responses.map((r) => ({
        id: r.id,
        question_id: r.questionId,
        response_text: r.responseText,
        duration: r.duration,
        answered_at: r.answeredAt,
      })),
    }));
    const rows = await this.call('select * from public.sync_interview_sessions($1::jsonb)', [this.sql.json(payload as postgres.JSONValue)], {
      ensureUser: batch.some((b) => b.create),
    });
    return rows.map((r) => ({ sessionId: r.session_id as string, outcome: r.outcome as SyncOutcome['outcome'] }));
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
    const rows = await this.call('select * from public.incomplete_interview_sessions()');
    return rows.map((r) => ({
      id: r.id as string,
      interviewType: r.interview_type as InterviewType,
      customDomain: (r.custom_domain as string | null) ?? null,
      questionCount: Number(r.question_count),
      answeredCount: Number(r.answered_count),
      currentIndex: Number(r.current_index),
      startedAt: iso(r.started_at),
    }));
  }

  async history(options: { limit: number; interviewType?: InterviewType }): Promise<SessionSummary[]> {
    const rows = await this.call('select * from public.interview_history($1, $2)', [
      options.limit,
      options.interviewType ?? null,
    ]);
    return rows.map((r) => ({
      id: r.id as string,
      interviewType: r.interview_type as InterviewType,
      customDomain: (r.custom_domain as string | null) ?? null,
      startedAt: iso(r.started_at),
      completedAt: r.completed_at == null ? null : iso(r.completed_at),
      duration: r.duration == null ? null : Number(r.duration),
      questionCount: Number(r.question_count),
      answeredCount: Number(r.answered_count),
    }));
  }

  async findSessions(idPrefix: string): Promise<string[]> {
    const rows = await this.call('select id from public.find_interview_sessions($1)', [idPrefix]);
    return rows.map((r) => r.id as string);
  }

  async sessionDetail(sessionId: string): Promise<SessionDetail | null> {
    const [row] = await this.call('select public.interview_session_detail($1) as detail', [sessionId]);
    const d = row?.detail as Row | null | undefined;
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
      })),
    };
  }

  async reports(): Promise<Reports> {
    const [row] = await this.call(`
      select (select to_jsonb(c) from public.report_completion_rate() c) as completion,
             (select coalesce(jsonb_agg(to_jsonb(t)), '[]') from public.report_average_duration_by_type() t) as by_type,
             (select to_jsonb(r) from public.report_response_times() r) as times`);
    const completion = row?.completion as Row | undefined;
    const byType = (row?.by_type as Row[] | undefined) ?? [];
    const times = row?.times as Row | undefined;
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

  private guard<T>(work: () => Promise<T>): Promise<T> {
    return withinDeadline(this.sql, this.target, this.options.timeoutMs, work);
  }
}

/** A SQL string literal; E'' syntax escapes the same whatever standard_conforming_strings says. */
function literal(value: string): string {
  return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

function refuseNul(responses: ResponseRecord[]): void {
  if (responses.some((r) => r.responseText.includes('\u0000'))) {
    throw new UserError('an answer contains a NUL character (U+0000), which Postgres cannot store');
  }
}

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

function numberOrNull(value: unknown): number | null {
  return value == null ? null : Number(value);
}
