import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { typed } from '../support/e2e-db.js';
import { useReadyHome } from '../support/home.js';
import { spawnPty } from '../support/pty.js';

const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });

interface ShownAnswer {
  thinkingMs: number | null;
  writingMs: number | null;
  pausedMs: number | null;
  timeLimitSeconds: number | null;
  overrunSeconds: number | null;
  duration: number | null;
  feedback: { score: number } | null;
}

async function shownAnswer(output: string): Promise<ShownAnswer> {
  const id = /interview · 1 question · ([0-9a-f]{8})/.exec(output)?.[1];
  if (!id) throw new Error(`no session id in:\n${output}`);
  const show = await runCli(['show', id, '--json'], { env: home.env });
  expect(show.code, show.stderr).toBe(0);
  return (JSON.parse(show.stdout) as { questions: ShownAnswer[] }).questions[0] as ShownAnswer;
}

describe('the clock of an answer, in a terminal', () => {
  it('counts down in the prompt, warns at 80 %, records the overrun, and Ctrl+P pauses it', async () => {
    const run = spawnPty(['start', '--no-rate', '--type', 'technical', '--count', '1', '--time-limit', '5', '--new'], { env: home.env });
    const at = await run.waitFor('[0:05] › ');
    expect(run.output()).toContain('Ctrl+P pauses the clock');
    await run.waitFor('[0:04] › ', { since: at });
    run.write('\x10');
    const paused = await run.waitFor('Paused: the clock is stopped. Ctrl+P to go on.', { since: at });
    await run.waitFor('[paused 0:0', { since: paused });
    // While paused the countdown holds: a second later it still shows the same time.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    run.write('\x10');
    const going = await run.waitFor('Going on: the clock runs again.', { since: paused });
    await run.waitFor('! 80% of the time limit is gone: 0:01 left.', { since: going });
    await run.waitFor('+0:01 over] › ', { since: going });
    run.write(typed('A cache in front of the database, with a TTL.'));
    await run.waitFor(/✓ Saved · 0:0\d · 10 words · over the time limit/);
    await run.waitFor(/thinking 0:0\d · writing 0:0\d · paused 0:0\d · 0:0\d over the 0:05 limit/);
    expect(await run.exited).toEqual({ code: 0, signal: null });
    const answer = await shownAnswer(run.output());
    expect(answer.pausedMs).toBeGreaterThanOrEqual(1500);
    expect(answer.timeLimitSeconds).toBe(5);
    expect(answer.overrunSeconds).toBeGreaterThanOrEqual(1);
    expect(answer.duration).toBe(Math.round(((answer.thinkingMs ?? 0) + (answer.writingMs ?? 0)) / 1000));
    // Nothing was typed before the countdown passed the limit: it was all thinking.
    expect(answer.thinkingMs).toBeGreaterThanOrEqual(5000);
    expect(answer.feedback?.score).toEqual(expect.any(Number));
  });

  it('Ctrl+Z suspends the process and the clock; fg (SIGCONT) brings both back', async () => {
    const run = spawnPty(['start', '--no-rate', '--type', 'technical', '--count', '1', '--new', '--quiet'], { env: home.env });
    const at = await run.waitFor('› ');
    run.write('Sharding by');
    await run.waitFor('Sharding by', { since: at });
    run.write('\x1a');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    run.kill('SIGCONT');
    await run.waitFor('Sharding by', { since: run.output().lastIndexOf('Sharding by') + 1 });
    run.write(typed(' tenant id.'));
    await run.waitFor('✓ Saved');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).not.toContain('Feedback');
    const answer = await shownAnswer(run.output());
    // Stopped for 1.5 s by this test's clock; the process counts from its own Ctrl+Z handler to
    // its SIGCONT, a few ms either side of that: the pause is counted, to within a margin.
    expect(answer.pausedMs).toBeGreaterThanOrEqual(1000);
    expect(answer.pausedMs).toBeLessThan(10_000);
  });
});
