import { utimesSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { runMain } from '../support/context.js';
import { detailOf, FakeClock, jsonOf, STOP, typed } from '../support/commands-helpers.js';
import { makeHome } from '../support/home.js';
import { ended, identityOf, otherProcess } from '../support/processes.js';

/**
 * An interview whose process crashed, and whose pid a later, unrelated process now holds: the
 * session must stay free to resume, discard and sync, never "running in another terminal".
 */

const home = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
const env = home.env;
let stranger: Awaited<ReturnType<typeof otherProcess>>;
beforeAll(async () => {
  stranger = await otherProcess();
  expect((await runMain(['history', '--json'], { env })).code).toBe(0);
});
afterAll(async () => {
  await ended(stranger);
  await home.cleanup();
});

type Format = 'an owner identity' | 'a bare pid (an older version)';

/** An interview with one answer given, then left as a crash leaves it, its pid now the stranger's. */
async function crashedInterview(format: Format): Promise<string> {
  const clock = new FakeClock();
  const run = await runMain(['start', '--type', 'technical', '--count', '2', '--new'], { env, clock: clock.read, steps: [typed(clock, 'Before the crash.', 4), STOP] });
  expect(run.code, run.stderr).toBe(0);
  const [entry] = new Journal(home.paths.journal).list();
  if (!entry) throw new Error('no journal entry');
  entry.update((s) => {
    // The crashed process recorded itself; the stranger started later and took its pid.
    if (format === 'an owner identity') s.owner = { ...identityOf(stranger.pid), startTicks: (identityOf(stranger.pid).startTicks as number) - 100 };
    else delete (s as { owner?: unknown }).owner;
    s.pid = stranger.pid;
    // Not yet acknowledged by the database when the crash came.
    for (const r of s.responses) r.acked = false;
  });
  // The crash came an hour ago: long before the stranger started.
  const anHourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(entry.path, anHourAgo, anHourAgo);
  return entry.data.id;
}

describe.each<Format>(['an owner identity', 'a bare pid (an older version)'])('a crashed interview recorded with %s, its pid reused', (format) => {
  test('resume continues it', async () => {
    const id = await crashedInterview(format);
    const clock = new FakeClock();
    const run = await runMain(['resume', id.slice(0, 8)], { env, clock: clock.read, steps: [typed(clock, 'After the crash.', 5)] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('running in another terminal');
    expect((await detailOf(env, id)).questions.map((q) => q.responseText)).toEqual(['Before the crash.', 'After the crash.']);
  });

  test('resume --discard discards it', async () => {
    const id = await crashedInterview(format);
    const run = await runMain(['resume', id.slice(0, 8), '--discard'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe(`Discarded ${id.slice(0, 8)}.\n`);
    expect(new Journal(home.paths.journal).open(id)).toBeNull();
  });

  test('sync sends it, and status does not call it running', async () => {
    const id = await crashedInterview(format);
    const status = await jsonOf<{ queued: { id: string; running: boolean }[] }>(env, ['status']);
    expect(status.queued).toEqual([expect.objectContaining({ id, running: false })]);
    const sync = await jsonOf<{ sessions: number; responses: number; running: string[] }>(env, ['sync']);
    expect(sync).toMatchObject({ sessions: 1, responses: 1, running: [] });
    expect(new Journal(home.paths.journal).open(id)?.data.responses.map((r) => r.acked)).toEqual([true]);
    const discard = await runMain(['resume', id.slice(0, 8), '--discard'], { env });
    expect(discard.code, discard.stderr).toBe(0);
  });
});
