import type { Output } from '../../context.js';
import { safeJson } from '../../interview/text.js';
import type { DiffRun } from '../../interview/word-diff.js';
import type { AiFeedbackRecord, AnswerReport, FeedbackDocument, ProgressQuery, Rating, ProgressReport, Reports, SessionDetail, SessionSummary } from '../../store/store.js';

/** The one writer of `--json` (see `safeJson`). */
export function writeJson(stdout: Output, value: unknown): void {
  stdout.write(`${safeJson(value)}\n`);
}

// The documented shapes of `--json` (README, "JSON output"). Each is built field by field,
// so a change to the store's types never changes what scripts read.

export interface HistoryItemJson {
  id: string;
  interviewType: string;
  customDomain: string | null;
  startedAt: string;
  completedAt: string | null;
  /** Seconds; null while incomplete. */
  duration: number | null;
  questionCount: number;
  answeredCount: number;
}

export function historyItemJson(s: SessionSummary): HistoryItemJson {
  return {
    id: s.id,
    interviewType: s.interviewType,
    customDomain: s.customDomain,
    startedAt: s.startedAt,
    completedAt: s.completedAt,
    duration: s.duration,
    questionCount: s.questionCount,
    answeredCount: s.answeredCount,
  };
}

export interface SessionJson extends Omit<HistoryItemJson, 'questionCount' | 'answeredCount'> {
  config: Record<string, unknown>;
  currentIndex: number;
  questions: {
    position: number;
    questionId: string;
    questionText: string;
    difficulty: string;
    responseId: string | null;
    responseText: string | null;
    duration: number | null;
    answeredAt: string | null;
    /** Null for answers given before answers were timed. */
    thinkingMs: number | null;
    writingMs: number | null;
    pausedMs: number | null;
    timeLimitSeconds: number | null;
    /** Seconds past the time limit; 0 within it, null without a limit. */
    overrunSeconds: number | null;
    /** The local analyser's document as stored: version, score, breakdown, findings and what they were drawn from. */
    feedback: FeedbackDocument | null;
    aiFeedback: AiFeedbackRecord | null;
    /** The person's own rating (again, hard, good, easy), when they gave one. */
    rating: Rating | null;
    /** With `--compare`: the person's latest earlier answer to the question. */
    previous?: PreviousAnswerJson | null;
  }[];
}

export interface PreviousAnswerJson {
  sessionId: string;
  responseText: string;
  duration: number;
  answeredAt: string;
  feedbackScore: number | null;
  /** This answer's score minus the earlier one's, when both have one. */
  scoreChange: number | null;
  diff: DiffRun[];
}

export function sessionJson(d: SessionDetail): SessionJson {
  return {
    id: d.id,
    interviewType: d.interviewType,
    customDomain: d.customDomain,
    config: d.config,
    currentIndex: d.currentIndex,
    startedAt: d.startedAt,
    completedAt: d.completedAt,
    duration: d.duration,
    questions: d.questions.map((q) => ({
      position: q.position,
      questionId: q.questionId,
      questionText: q.questionText,
      difficulty: q.difficulty,
      responseId: q.responseId,
      responseText: q.responseText,
      duration: q.duration,
      answeredAt: q.answeredAt,
      thinkingMs: q.timing?.thinkingMs ?? null,
      writingMs: q.timing?.writingMs ?? null,
      pausedMs: q.timing?.pausedMs ?? null,
      timeLimitSeconds: q.timeLimitSeconds,
      overrunSeconds: q.timeLimitSeconds && q.duration !== null ? Math.max(0, q.duration - q.timeLimitSeconds) : null,
      feedback: q.feedback,
      aiFeedback: q.aiFeedback,
      rating: q.rating,
    })),
  };
}

export interface StatsJson {
  completion: { completed: number; total: number; completionRate: number | null };
  averageDurationByType: { interviewType: string; avgDurationSeconds: number }[];
  responseTimes: { avgResponseTime: number | null; minResponseTime: number | null; maxResponseTime: number | null };
}

export function statsJson(r: Reports): StatsJson {
  return {
    completion: { completed: r.completion.completed, total: r.completion.total, completionRate: r.completion.completionRate },
    averageDurationByType: r.averageDurationByType.map((t) => ({ interviewType: t.interviewType, avgDurationSeconds: t.avgDurationSeconds })),
    responseTimes: {
      avgResponseTime: r.responseTimes.avgResponseTime,
      minResponseTime: r.responseTimes.minResponseTime,
      maxResponseTime: r.responseTimes.maxResponseTime,
    },
  };
}

export function answersJson(a: AnswerReport) {
  return {
    scoreTrend: a.scoreTrend.map((t) => ({ period: t.period, interviewType: t.interviewType, avgScore: t.avgScore, answers: t.answers })),
    timing: a.timing.map((t) => ({
      interviewType: t.interviewType,
      timedAnswers: t.timedAnswers,
      thinkingMedianMs: t.thinkingMedianMs,
      thinkingP90Ms: t.thinkingP90Ms,
      writingMedianMs: t.writingMedianMs,
      writingP90Ms: t.writingP90Ms,
      limitedAnswers: t.limitedAnswers,
      overruns: t.overruns,
      overrunRate: t.overrunRate,
    })),
  };
}

export function progressJson(p: ProgressReport, q: ProgressQuery) {
  return {
    by: q.by,
    since: q.since,
    until: q.until,
    interviewType: q.interviewType,
    customDomain: q.customDomain,
    periods: p.periods.map((x) => ({
      period: x.period,
      sessionsStarted: x.sessionsStarted,
      sessionsCompleted: x.sessionsCompleted,
      completionRate: x.completionRate,
      avgSessionSeconds: x.avgSessionSeconds,
      avgAnswerSeconds: x.avgAnswerSeconds,
      avgAnswerWords: x.avgAnswerWords,
      answers: x.answers,
    })),
    streakDays: p.streakDays,
    sessionsThisMonth: p.sessionsThisMonth,
    users: p.users,
    byType: p.byType.map((t) => ({ interviewType: t.interviewType, sessions: t.sessions })),
  };
}

/** `db copy --json`: `sessions` and `responses` are what was sent (or would be, with --dry-run). */
export interface CopyJson {
  from: string;
  to: string;
  dryRun: boolean;
  sessions: number;
  responses: number;
  alreadyThere: { sessions: number; responses: number };
  /** Your own questions and templates sent, and questions disabled there. */
  library: { questions: number; templates: number; disabled: number };
  refused: { id: string; reason: string }[];
}

export function copyJson(r: CopyJson): CopyJson {
  return {
    from: r.from,
    to: r.to,
    dryRun: r.dryRun,
    sessions: r.sessions,
    responses: r.responses,
    alreadyThere: { sessions: r.alreadyThere.sessions, responses: r.alreadyThere.responses },
    library: { questions: r.library.questions, templates: r.library.templates, disabled: r.library.disabled },
    refused: r.refused.map((x) => ({ id: x.id, reason: x.reason })),
  };
}
