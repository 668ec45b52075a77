import type { BankEntry, InterviewType, Question } from '../store/store.js';
import { INTERVIEW_TYPES } from '../store/store.js';

/** Accepts "system-design", "System Design" and "system_design" alike. */
export function normaliseType(input: string): InterviewType | null {
  const slug = input.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return (INTERVIEW_TYPES as readonly string[]).includes(slug) ? (slug as InterviewType) : null;
}

export function normaliseDomain(input: string): string {
  return input.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

export function domainsIn(bank: BankEntry[]): string[] {
  return bank.filter((e) => e.interviewType === 'custom' && e.customDomain).map((e) => e.customDomain as string);
}

export function availableCount(bank: BankEntry[], type: InterviewType, domain: string | null): number {
  return bank.find((e) => e.interviewType === type && e.customDomain === domain)?.questionCount ?? 0;
}

/** A uniform random choice of `count` questions, in random order (Fisher–Yates on a copy). */
export function pickQuestions<Q extends Question>(questions: Q[], count: number, random: () => number = Math.random): Q[] {
  const pool = [...questions];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as Q, pool[i] as Q];
  }
  return pool.slice(0, n);
}

/** The longest time limit a question can have, whether set by flag or at the prompt: a day. */
export const MAX_TIME_LIMIT_SECONDS = 86_400;
