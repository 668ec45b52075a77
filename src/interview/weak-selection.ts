import type { BankQuestion, ReviewState } from '../store/library.js';
import type { SessionType } from '../store/store.js';
import { pickQuestions } from './selection.js';

export interface WeakSelection {
  questions: BankQuestion[];
  /** How many were due for review, and how many are new (never asked). */
  due: number;
  fresh: number;
}

/**
 * `start --focus weak`: the questions due for review, most overdue first, topped up with
 * questions never asked, picked at random. Questions reviewed and not yet due stay out.
 */
export function chooseWeak(reviews: ReviewState[], candidates: BankQuestion[], now: Date, count: number, random: () => number = Math.random): WeakSelection {
  const usable = new Map(candidates.filter((q) => q.active && !q.disabled).map((q) => [q.questionId, q]));
  const due = reviews
    .filter((r) => Date.parse(r.dueAt) <= now.getTime() && usable.has(r.questionId))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.questionId.localeCompare(b.questionId))
    .slice(0, count)
    .map((r) => usable.get(r.questionId) as BankQuestion);
  const asked = new Set(reviews.map((r) => r.questionId));
  const fresh = pickQuestions(
    [...usable.values()].filter((q) => !asked.has(q.questionId)),
    count - due.length,
    random,
  );
  return { questions: [...due, ...fresh], due: due.length, fresh: fresh.length };
}

/** One type (and domain) when every question shares it; 'mixed' otherwise. */
export function sessionTypeOf(questions: Pick<BankQuestion, 'interviewType' | 'customDomain'>[]): { interviewType: SessionType; customDomain: string | null } {
  const [first] = questions;
  if (first && questions.every((q) => q.interviewType === first.interviewType && q.customDomain === first.customDomain)) {
    return { interviewType: first.interviewType, customDomain: first.customDomain };
  }
  return { interviewType: 'mixed', customDomain: null };
}
