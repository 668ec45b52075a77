/** The one data API; each method is one SQL function of supabase/migrations. */

import type { FunctionCall } from './library.js';

/** Where the data lives: the one list of backends, for settings, flags and stores alike. */
export const BACKENDS = ['embedded', 'postgres', 'supabase'] as const;
export type BackendName = (typeof BACKENDS)[number];

export type InterviewType = 'behavioral' | 'technical' | 'system_design' | 'custom';
export const INTERVIEW_TYPES: readonly InterviewType[] = ['behavioral', 'technical', 'system_design', 'custom'];
/** A session's type: one interview type, or 'mixed' when its questions come from several (a template, `--focus weak`). */
export type SessionType = InterviewType | 'mixed';
export const SESSION_TYPES: readonly SessionType[] = [...INTERVIEW_TYPES, 'mixed'];

/** The person's own verdict on an answer, asked after it (Anki's four buttons). */
export type Rating = 'again' | 'hard' | 'good' | 'easy';
export const RATINGS: readonly Rating[] = ['again', 'hard', 'good', 'easy'];

export interface Question {
  questionId: string;
  questionText: string;
  difficulty: 'easy' | 'medium' | 'hard';
  tags: string[];
  /** What a strong answer touches: the feedback checks which points an answer covers. */
  keyPoints: string[];
  /** The question's own time limit, in seconds; absent or null when it has none. */
  timeLimitSeconds?: number | null;
}

/** How an answer's time was spent: question shown → first keystroke, then writing; pauses apart. */
export interface AnswerTiming {
  thinkingMs: number;
  writingMs: number;
  pausedMs: number;
}

/**
 * The local analyser's feedback on one answer, as stored (jsonb): its version and 0–100 score,
 * and whatever else that version of the analyser wrote (see src/feedback/).
 */
export type FeedbackDocument = { version: number; score: number } & Record<string, unknown>;

/** A model's feedback on one answer, stored beside the local feedback. */
export interface AiFeedbackRecord {
  model: string;
  text: string;
  receivedAt: string;
}

export interface BankEntry {
  interviewType: InterviewType;
  customDomain: string | null;
  questionCount: number;
}

export interface NewSession {
  id: string;
  interviewType: SessionType;
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
  /** Seconds spent on the answer, pauses excluded. */
  duration: number;
  answeredAt: string;
  /** Absent for answers given before timing was recorded. */
  timing?: AnswerTiming | null;
  /** The time limit the answer was given, in seconds; its overrun is duration - limit. */
  timeLimitSeconds?: number | null;
  feedback?: FeedbackDocument | null;
  /** Only carried by copies and imports: a model's feedback arrives after the answer is saved. */
  aiFeedback?: AiFeedbackRecord | null;
  /** The person's rating, given after the answer was saved (so sent again with it). */
  rating?: Rating | null;
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
  /** The session's questions in order, with their text as it was asked, and their type. */
  questions: { questionId: string; questionText: string | null; difficulty: string | null; interviewType?: InterviewType | null; customDomain?: string | null }[];
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
  interviewType: SessionType;
  customDomain: string | null;
  startedAt: string;
  completedAt: string | null;
  duration: number | null;
  questionCount: number;
  answeredCount: number;
}

export interface IncompleteSession {
  id: string;
  interviewType: SessionType;
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
  keyPoints: string[];
  /** The question's own type, domain and time limit, as the bank has them (a mixed session needs them). */
  questionType?: InterviewType | null;
  questionDomain?: string | null;
  questionTimeLimitSeconds?: number | null;
  timing: AnswerTiming | null;
  timeLimitSeconds: number | null;
  feedback: FeedbackDocument | null;
  aiFeedback: AiFeedbackRecord | null;
  rating: Rating | null;
}

export interface SessionDetail {
  id: string;
  interviewType: SessionType;
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

/** An answer whose local feedback is missing or older than the analyser: what re-scoring needs. */
export interface AnswerToRescore {
  responseId: string;
  interviewType: InterviewType;
  customDomain: string | null;
  questionText: string;
  difficulty: string;
  keyPoints: string[];
  responseText: string;
  duration: number;
  writingMs: number | null;
}

/** The person's latest earlier answer to a question of a session (`show --compare`). */
export interface PreviousAnswer {
  questionId: string;
  sessionId: string;
  responseText: string;
  duration: number;
  answeredAt: string;
  feedbackScore: number | null;
}

/** Answer quality over time (`answer_report`), with the filters of a ProgressQuery. */
export interface AnswerReport {
  scoreTrend: { period: string; interviewType: InterviewType; avgScore: number; answers: number }[];
  timing: {
    interviewType: InterviewType;
    timedAnswers: number;
    thinkingMedianMs: number | null;
    thinkingP90Ms: number | null;
    writingMedianMs: number | null;
    writingP90Ms: number | null;
    /** Answers given with a time limit, and how many of them ran over it. */
    limitedAnswers: number;
    overruns: number;
    overrunRate: number | null;
  }[];
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
  /** Feedback scores over time and thinking/writing time by type: one call (`answer_report`). */
  answerReport(query: ProgressQuery): Promise<AnswerReport>;
  /** The caller's answers whose feedback is missing or older than `version`, by id, after `after`. */
  answersToRescore(version: number, after: string | null, limit: number): Promise<AnswerToRescore[]>;
  /** Stores re-computed feedback; a newer analyser's is never replaced by an older one's. Returns how many were written. */
  saveFeedback(items: { responseId: string; feedback: FeedbackDocument }[]): Promise<number>;
  /** Stores a model's feedback beside an answer's; false when the answer is not the caller's. */
  saveAiFeedback(responseId: string, feedback: AiFeedbackRecord): Promise<boolean>;
  /** For each answered question of a session, the caller's latest earlier answer to it elsewhere. */
  previousAnswers(sessionId: string): Promise<PreviousAnswer[]>;
  /**
   * The spec's three reports and the progress section over every user, for a team owner.
   * Throws a UserError naming what is missing when this connection may not see every row.
   */
  allUsersReports(query: ProgressQuery): Promise<{ reports: Reports; progress: ProgressReport; answers: AnswerReport }>;
  /** One call of the question library (own questions, templates, review states): see library.ts. */
  run<T>(call: FunctionCall<T>): Promise<T>;
  close(): Promise<void>;
}
