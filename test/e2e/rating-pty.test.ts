import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { typed } from '../support/e2e-db.js';
import { useReadyHome } from '../support/home.js';
import { spawnPty } from '../support/pty.js';

const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });

async function ratings(output: string): Promise<(string | null)[]> {
  const id = /interview · \d questions? · ([0-9a-f]{8})/.exec(output)?.[1];
  if (!id) throw new Error(`no session id in:\n${output}`);
  const show = await runCli(['show', id, '--json'], { env: home.env });
  expect(show.code, show.stderr).toBe(0);
  return (JSON.parse(show.stdout) as { questions: { rating: string | null; responseText: string | null }[] }).questions.map((q) => (q.responseText === null ? 'unanswered' : q.rating));
}

describe('the rating after each answer, in a terminal', () => {
  it('takes one key (g is good), any other key skips it, and the next answer starts clean', async () => {
    const run = spawnPty(['start', '--type', 'technical', '--count', '2', '--new', '--quiet'], { env: home.env });
    await run.waitFor('› ');
    run.write(typed('Threads share memory; processes do not.'));
    const rate = await run.waitFor('Rate it: [a]gain [h]ard [g]ood [e]asy, any other key skips ›');
    run.write('g');
    const second = await run.waitFor('good\n', { since: rate });
    await run.waitFor('› ', { since: second });
    run.write(typed('Buckets and chaining.'));
    const again = await run.waitFor('Rate it:', { since: second });
    run.write('\r');
    await run.waitFor('not rated', { since: again });
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(await ratings(run.output())).toEqual(['good', null]);
    // The key was the rating's: the second answer holds only what was typed for it.
    const id = /interview · 2 questions · ([0-9a-f]{8})/.exec(run.output())?.[1] as string;
    const show = JSON.parse((await runCli(['show', id, '--json'], { env: home.env })).stdout) as { questions: { responseText: string }[] };
    expect(show.questions[1]?.responseText).toBe('Buckets and chaining.');
  });

  it('Ctrl+C at the rating leaves the answer saved and the interview paused', async () => {
    const run = spawnPty(['start', '--type', 'technical', '--count', '2', '--new', '--quiet'], { env: home.env });
    await run.waitFor('› ');
    run.write(typed('An answer kept whatever happens next.'));
    await run.waitFor('Rate it:');
    run.write('\x03');
    const exit = await run.exited;
    expect(exit.code).toBe(130);
    expect(await ratings(run.output())).toEqual([null, 'unanswered']);
  });
});
