/**
 * How much one write of whole sessions (sync_interview_sessions) may carry. Over HTTP a request
 * body has a limit of its own (an API gateway's), and 5,000 long answers would pass it: the
 * bytes count as well as the answers.
 */
export interface BatchLimits {
  responses: number;
  bytes: number;
}

export const BATCH_LIMITS: BatchLimits = { responses: 5000, bytes: 4 * 1024 * 1024 };

/** The JSON around one answer's text: ids, duration, time. */
const RESPONSE_OVERHEAD_BYTES = 200;

/**
 * Groups `items` (sessions, for `sync`, `db copy` and `import`) into batches within `limits`,
 * by the answers each carries. An item is never split, so one larger than the budget goes in
 * a batch of its own.
 */
export function inBatches<T>(items: T[], answersOf: (item: T) => { responseText: string }[], limits: BatchLimits = BATCH_LIMITS): T[][] {
  const batches: T[][] = [];
  let responses = 0;
  let bytes = 0;
  for (const item of items) {
    const answers = answersOf(item);
    const size = answers.reduce((n, r) => n + Buffer.byteLength(r.responseText) + RESPONSE_OVERHEAD_BYTES, 0);
    const current = batches.at(-1);
    if (!current || (current.length > 0 && (responses + answers.length > limits.responses || bytes + size > limits.bytes))) {
      batches.push([item]);
      responses = answers.length;
      bytes = size;
    } else {
      current.push(item);
      responses += answers.length;
      bytes += size;
    }
  }
  return batches;
}
