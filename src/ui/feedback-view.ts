import type { Style } from './style.js';
import type { ShownFeedback } from '../feedback/document.js';
import { formatDuration, printable } from '../interview/text.js';
import type { AiFeedbackRecord, AnswerTiming } from '../store/store.js';

/** A score is never a bare number: its parts follow it on the same line. */
export function scoreLine(feedback: ShownFeedback, style: Style): string {
  const parts = feedback.breakdown.map((p) => `${p.part} ${round(p.points)}/${round(p.max)}`).join(' · ');
  return `${style.bold(`Feedback ${feedback.score}/100`)} ${style.dim(`(${parts})`)}`;
}

/** The score line, then each finding with its suggestion, indented by `indent`. */
export function feedbackLines(feedback: ShownFeedback, style: Style, indent = ''): string[] {
  const lines = [`${indent}${scoreLine(feedback, style)}`];
  for (const f of feedback.findings) {
    lines.push(`${indent}${style.yellow('•')} ${printable(f.message)}`, `${indent}  ${style.cyan('→')} ${printable(f.suggestion)}`);
  }
  return lines;
}

/** How the answer's time went: thinking, writing, pauses, and the limit it ran over. */
export function timingLine(timing: AnswerTiming | null, duration: number | null, limitSeconds: number | null, style: Style): string | null {
  const parts: string[] = [];
  // An answer read from a pipe took no time at all: nothing worth a line.
  if (timing && timing.thinkingMs + timing.writingMs + timing.pausedMs >= 1000) {
    parts.push(`thinking ${formatDuration(timing.thinkingMs / 1000)}`, `writing ${formatDuration(timing.writingMs / 1000)}`);
    if (timing.pausedMs >= 1000) parts.push(`paused ${formatDuration(timing.pausedMs / 1000)}`);
  }
  if (limitSeconds && duration !== null) {
    parts.push(duration > limitSeconds ? style.yellow(`${formatDuration(duration - limitSeconds)} over the ${formatDuration(limitSeconds)} limit`) : `within the ${formatDuration(limitSeconds)} limit`);
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** A model's feedback, labelled with the model, its text kept to printable characters. */
export function aiFeedbackLines(ai: AiFeedbackRecord, style: Style, indent = ''): string[] {
  const text = printable(ai.text).trim().split('\n');
  return [`${indent}${style.bold(`Model feedback`)} ${style.dim(`(${printable(ai.model)})`)}`, ...text.map((l) => `${indent}  ${l}`)];
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
