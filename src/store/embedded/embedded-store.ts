import { boundedCall, type ConnectTarget } from '../bounded-call.js';
import { claimsStatement, withConstants } from '../claims.js';
import { READS, type ReadQuery } from '../read-queries.js';
import type { FunctionCall } from '../library.js';
import type { SqlStore } from '../sql-store.js';
import type { AiFeedbackRecord, ExportQuery, FeedbackDocument, ImportedQuestion, InterviewType, NewSession, ProgressQuery, ResponseRecord, SessionSync, Store } from '../store.js';
import { WireConnection } from './wire.js';

export interface EmbeddedStoreOptions {
  socketPath: string;
  userId: string;
  /** How long one call may take before the database counts as unreachable. */
  timeoutMs: number;
}

/**
 * The store of the embedded owner. The reads of history, show and stats (and the ping that
 * proves the owner answers) go over its socket as single simple queries, the claims and the
 * call together: one round trip each, and the `postgres` client is never loaded for them.
 * Everything else goes through a SqlStore on the same socket, loaded on first use.
 */
export class EmbeddedStore implements Store {
  readonly backend = 'embedded' as const;
  private readonly target: ConnectTarget;
  private readonly claims: string;
  private connection: WireConnection | undefined;
  private sqlStore: Promise<SqlStore> | undefined;

  constructor(private readonly options: EmbeddedStoreOptions) {
    this.target = { socketPath: options.socketPath };
    this.claims = claimsStatement(options.userId);
  }

  /** One round trip (with the connection's start-up): proves the owner answers (it can be alive and stopped). */
  async ping(): Promise<void> {
    await this.query('select 1');
  }

  history(options: { limit: number; interviewType?: InterviewType }) {
    return this.read(READS.history(options));
  }

  findSessions(idPrefix: string) {
    return this.read(READS.findSessions(idPrefix));
  }

  sessionDetail(sessionId: string) {
    return this.read(READS.sessionDetail(sessionId));
  }

  reports() {
    return this.read(READS.reports());
  }

  progress(query: ProgressQuery) {
    return this.read(READS.progress(query));
  }

  answerReport(query: ProgressQuery) {
    return this.read(READS.answerReport(query));
  }

  previousAnswers(sessionId: string) {
    return this.read(READS.previousAnswers(sessionId));
  }

  async schemaVersion() {
    return (await this.sql()).schemaVersion();
  }

  async questionBank() {
    return (await this.sql()).questionBank();
  }

  async questionBankFingerprint() {
    return (await this.sql()).questionBankFingerprint();
  }

  async listQuestions(type: InterviewType, customDomain: string | null) {
    return (await this.sql()).listQuestions(type, customDomain);
  }

  async createSession(session: NewSession) {
    return (await this.sql()).createSession(session);
  }

  async saveResponses(responses: ResponseRecord[]) {
    return (await this.sql()).saveResponses(responses);
  }

  async advanceSession(sessionId: string, currentIndex: number) {
    return (await this.sql()).advanceSession(sessionId, currentIndex);
  }

  async syncSessions(batch: SessionSync[]) {
    return (await this.sql()).syncSessions(batch);
  }

  async completeSession(sessionId: string, completedAt: string, duration: number) {
    return (await this.sql()).completeSession(sessionId, completedAt, duration);
  }

  async discardSession(sessionId: string) {
    return (await this.sql()).discardSession(sessionId);
  }

  async incompleteSessions() {
    return (await this.sql()).incompleteSessions();
  }

  async importQuestions(questions: ImportedQuestion[]) {
    return (await this.sql()).importQuestions(questions);
  }

  async exportSessions(options: ExportQuery) {
    return (await this.sql()).exportSessions(options);
  }

  async answersToRescore(version: number, after: string | null, limit: number) {
    return (await this.sql()).answersToRescore(version, after, limit);
  }

  async saveFeedback(items: { responseId: string; feedback: FeedbackDocument }[]) {
    return (await this.sql()).saveFeedback(items);
  }

  async saveAiFeedback(responseId: string, feedback: AiFeedbackRecord) {
    return (await this.sql()).saveAiFeedback(responseId, feedback);
  }

  async allUsersReports(query: ProgressQuery) {
    return (await this.sql()).allUsersReports(query);
  }

  async run<T>(call: FunctionCall<T>): Promise<T> {
    return (await this.sql()).run(call);
  }

  async close(): Promise<void> {
    // As SqlStore's: a connection already broken has been reported by the call that found it.
    await Promise.all([this.connection?.end(), this.sqlStore?.then((store) => store.close())]).catch(() => undefined);
  }

  /**
   * The claims and the call as one query: the statements of one simple query run as one
   * transaction, so the claims (local to it) hold for this call alone.
   */
  private async read<T>(query: ReadQuery<T>): Promise<T> {
    const [, rows = []] = await this.query(`${this.claims}; ${withConstants(query.text, query.params)}`);
    return query.result(rows);
  }

  private query(text: string) {
    const connection = (this.connection ??= new WireConnection(this.options.socketPath));
    return boundedCall(this.target, this.options.timeoutMs, () => connection.query(text), () => connection.destroy());
  }

  private sql(): Promise<SqlStore> {
    return (this.sqlStore ??= import('../sql-store.js').then(({ SqlStore }) => new SqlStore({ backend: 'embedded', ...this.options })));
  }
}
