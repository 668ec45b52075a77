import { arrayOf, integer, number, object, string, type Infer } from '../schema.js';
import type { FeedbackDocument } from '../store/store.js';
import type { Feedback } from './analyse.js';

/**
 * What every version of the analyser writes and every reader shows: the score with its
 * breakdown, and the findings with one suggestion each. Anything else in a stored document
 * (the filler words found, the STAR parts, …) is detail for `--json`.
 */
const SHOWN = object({
  version: integer(1),
  score: integer(0),
  breakdown: arrayOf(object({ part: string(), points: number(0), max: number(0), note: string() })),
  findings: arrayOf(object({ kind: string(), message: string(), suggestion: string() })),
});

export type ShownFeedback = Infer<typeof SHOWN>;

/** The stored feedback in the shape shown; null when there is none or it is not readable (edited by hand, or by a future version). */
export function shownFeedback(document: FeedbackDocument | null | undefined): ShownFeedback | null {
  if (!document || SHOWN.problem(document, '') !== null) return null;
  return document as unknown as ShownFeedback;
}

/** The analyser's result as it is stored: the whole of it, for `show --json` and re-reading. */
export function feedbackDocument(feedback: Feedback): FeedbackDocument {
  return feedback as unknown as FeedbackDocument;
}
