/** The one data API; each method is one SQL function of supabase/migrations. */

/** Where the data lives: the one list of backends, for settings, flags and stores alike. */
export const BACKENDS = ['embedded', 'postgres', 'supabase'] as const;
export type BackendName = (typeof BACKENDS)[number];

export type InterviewType = 'behavioral' | 'technical' | 'system_design' | 'custom';
export const INTERVIEW_TYPES: readonly InterviewType[] = ['behavioral', 'technical', 'system_design', 'custom'];

export interface Question {
  questionId: string;
  questionText: string;
  difficulty: 'easy' | 'medium' | 'hard';
  tags: string[];
}

export interface BankEntry {
  interviewType: InterviewType;
  customDomain: string | null;
  questionCount: number;
}

export interface NewSession {
  id: string;
  interviewType: InterviewType;
  customDomain: string | null;
  questionIds: string[];
  config: Record<string, unknown>;
  startedAt: string;
}

export interface ResponseRecord {
  id: string;
  sessionId: string;
  questionId: string;
  responseText: string;
  duration: number;
  answeredAt: string;
}

/** One session's unsent state, as a journal replays it: see sync_interview_sessions. */
export interface SessionSync {
  session: NewSession;
  /** False when the database already acknowledged the session: it is then never recreated. */
  create: boolean;
  responses: ResponseRecord[];
  position: number;
  completedAt: string | null;
  duration: number | null;
}

/** One session with everything in it, as `exportSessions` pages them: what a copy sends on. */
export interface ExportedSession extends Omit<SessionSync, 'create'> {
  /** The session's questions in order, with their text as the bank has it now. */
  questions: { questionId: string; questionText: string | null; difficulty: string | null }[];
}

/** Where a page of `exportSessions` ends: the next page starts after it. */
export interface ExportCursor {
  startedAt: string;
  id: string;
}

export interface ImportedQuestion {
  questionId: string;
  interviewType: InterviewType;
  customDomain: string | null;
  questionText: string | null;
  difficulty: string | null;
}

export interface ExportQuery {
  after: ExportCursor | null;
  limit: number;
  ids?: string[];
}

export interface SyncOutcome {
  sessionId: string;
  outcome: 'synced' | 'missing';
}

export interface SessionSummary {
  id: string;
  interviewType: InterviewType;
  customDomain: string | null;
  startedAt: string;
  completedAt: string | null;
  duration: number | null;
  questionCount: number;
  answeredCount: number;
}

export interface IncompleteSession {
  id: string;
  interviewType: InterviewType;
  customDomain: string | null;
  questionCount: number;
  answeredCount: number;
  currentIndex: number;
  startedAt: string;
}

export interface SessionQuestion {
  position: number;
  questionId: string;
  questionText: string;
  difficulty: string;
  responseId: string | null;
  responseText: string | null;
  duration: number | null;
  answeredAt: string | null;
}

export interface SessionDetail {
  id: string;
  interviewType: InterviewType;
  customDomain: string | null;
  config: Record<string, unknown>;
  currentIndex: number;
  startedAt: string;
  completedAt: string | null;
  duration: number | null;
  questions: SessionQuestion[];
}

export interface Reports {
  completion: { completed: number; total: number; completionRate: number | null };
  averageDurationByType: { interviewType: string; avgDurationSeconds: number }[];
  responseTimes: { avgResponseTime: number | null; minResponseTime: number | null; maxResponseTime: number | null };
}

export type ProgressPeriod = 'day' | 'week' | 'month';

export interface ProgressQuery {
  /** The caller's today (YYYY-MM-DD, UTC): where a streak ends. */
  today: string;
  since: string | null;
  until: string | null;
  interviewType: InterviewType | null;
  customDomain: string | null;
  by: ProgressPeriod;
  /** Every user's sessions (a team owner's report); only on a connection that may see them. */
  allUsers?: boolean;
}

export interface ProgressReport {
  periods: {
    /** The first day of the period (YYYY-MM-DD; weeks start on Monday). */
    period: string;
    sessionsStarted: number;
    sessionsCompleted: number;
    completionRate: number | null;
    avgSessionSeconds: number | null;
    avgAnswerSeconds: number | null;
    avgAnswerWords: number | null;
    answers: number;
  }[];
  /** Days in a row with a session, ending today or yesterday. */
  streakDays: number;
  sessionsThisMonth: number;
  /** How many users the sessions are of. */
  users: number;
  /** Sessions per type in the chosen time, least practised first. */
  byType: { interviewType: InterviewType; sessions: number }[];
}

export interface Store {
  readonly backend: BackendName;
  /** The newest migration the database has (`amplify_schema_version()`); null before that function exists. */
  schemaVersion(): Promise<string | null>;
  questionBank(): Promise<BankEntry[]>;
  /** A digest of every active question (text included): equal digests, equal banks. */
  questionBankFingerprint(): Promise<string>;
  listQuestions(type: InterviewType, customDomain: string | null): Promise<Question[]>;
  createSession(session: NewSession): Promise<void>;
  /** Saves one answer or a whole queue in one call; returns how many rows were written. */
  saveResponses(responses: ResponseRecord[]): Promise<number>;
  advanceSession(sessionId: string, currentIndex: number): Promise<void>;
  /** Replays many sessions in one call; every part is idempotent. */
  syncSessions(batch: SessionSync[]): Promise<SyncOutcome[]>;
  completeSession(sessionId: string, completedAt: string, duration: number): Promise<void>;
  discardSession(sessionId: string): Promise<boolean>;
  incompleteSessions(): Promise<IncompleteSession[]>;
  /**
   * Adds the questions this database lacks as the caller's own, inactive (never picked for a
   * new interview); an id that exists is left as it is. Returns how many were added.
   */
  importQuestions(questions: ImportedQuestion[]): Promise<number>;
  /** The caller's sessions with their answers, oldest first, at most `limit` (up to 1,000) after `after`; only `ids` when given. */
  exportSessions(options: ExportQuery): Promise<ExportedSession[]>;
  history(options: { limit: number; interviewType?: InterviewType }): Promise<SessionSummary[]>;
  findSessions(idPrefix: string): Promise<string[]>;
  sessionDetail(sessionId: string): Promise<SessionDetail | null>;
  reports(): Promise<Reports>;
  /** Practice over time: one call (`progress_report`). */
  progress(query: ProgressQuery): Promise<ProgressReport>;
  /**
   * The spec's three reports and the progress section over every user, for a team owner.
   * Throws a UserError naming what is missing when this connection may not see every row.
   */
  allUsersReports(query: ProgressQuery): Promise<{ reports: Reports; progress: ProgressReport }>;
  close(): Promise<void>;
}
