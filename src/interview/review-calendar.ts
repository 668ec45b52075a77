import type { ReviewState } from '../store/library.js';

export interface ReviewCalendar {
  summary: {
    /** Due at this moment, of which `overdue` were due before today began. */
    dueNow: number;
    overdue: number;
    /** Due later today, later in the next seven days, and after that. */
    laterToday: number;
    thisWeek: number;
    later: number;
  };
  /** Today and the next 13 days (local dates): how many questions fall due on each; today's includes every overdue one. */
  days: { date: string; label: string; due: number }[];
  /** Most overdue first, then by when they fall due. */
  ordered: ReviewState[];
}

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function reviewCalendar(reviews: ReviewState[], now: Date): ReviewCalendar {
  const ordered = [...reviews].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.questionId.localeCompare(b.questionId));
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const endOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
  const weekEnd = now.getTime() + 7 * DAY_MS;
  const summary = { dueNow: 0, overdue: 0, laterToday: 0, thisWeek: 0, later: 0 };
  for (const r of ordered) {
    const due = Date.parse(r.dueAt);
    if (due <= now.getTime()) {
      summary.dueNow++;
      if (due < startOfToday) summary.overdue++;
    } else if (due < endOfToday) summary.laterToday++;
    else if (due < weekEnd) summary.thisWeek++;
    else summary.later++;
  }
  const days = Array.from({ length: 14 }, (_, i) => {
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + i);
    return { date: localDate(day), label: `${WEEKDAYS[day.getDay()]} ${localDate(day).slice(5)}`, due: 0 };
  });
  for (const r of ordered) {
    const date = localDate(new Date(Math.max(Date.parse(r.dueAt), startOfToday)));
    const day = days.find((d) => d.date === date);
    if (day) day.due++;
  }
  return { summary, days, ordered };
}
