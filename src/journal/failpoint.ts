import { writeSync } from 'node:fs';

/**
 * Named instants of the save order at which a crash test freezes this process, so that it
 * kills it exactly there instead of some milliseconds after something it saw:
 * `AMPLIFY_FAILPOINT=answer-stored#2` stops (SIGSTOP) the second time an answer has reached
 * the database and the journal has not yet acknowledged it. Without the variable, a no-op.
 */
export type Failpoint =
  | 'session-journaled'
  | 'session-stored'
  | 'answer-journaled'
  | 'answer-stored'
  | 'acknowledged'
  | 'completion-journaled'
  | 'completion-stored'
  | 'journal-pruned';

const target = process.env.AMPLIFY_FAILPOINT;
const hits = new Map<Failpoint, number>();

export function failpoint(name: Failpoint): void {
  if (!target) return;
  const hit = (hits.get(name) ?? 0) + 1;
  hits.set(name, hit);
  if (target !== name && target !== `${name}#${hit}`) return;
  writeSync(2, `\n[failpoint ${target}]\n`);
  process.kill(process.pid, 'SIGSTOP');
}
