import type { Output } from '../../context.js';
import { safeJson } from '../../interview/text.js';
import type { ProgressQuery, ProgressReport, Reports, SessionDetail, SessionSummary } from '../../store/store.js';

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
  }[];
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
    refused: r.refused.map((x) => ({ id: x.id, reason: x.reason })),
  };
}
