import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runMain } from '../support/context.js';
import { detailOf, FakeClock, typed } from '../support/commands-helpers.js';
import { makeHome } from '../support/home.js';

/**
 * A journal on a disk that fills up during an interview: a real one, a 64 KiB tmpfs mounted
 * over the journal directory (the tests run as root). The answer the disk cannot take is
 * handed back on the screen, nothing is shown as saved, and the interview resumes once there
 * is room again.
 */

const home = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
const env = home.env;
const journalDir = home.paths.journal;
const filler = join(journalDir, 'filler');

beforeAll(async () => {
  mkdirSync(journalDir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', journalDir]);
  expect((await runMain(['history', '--json'], { env })).code).toBe(0);
});
afterAll(async () => {
  execFileSync('umount', [journalDir]);
  await home.cleanup();
});

/** Takes every free byte of the journal's disk. */
function fillTheDisk(): void {
  try {
    writeFileSync(filler, Buffer.alloc(1024 * 1024));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
}

const ANSWER = 'My second answer,\nwritten as the disk filled up: "every word" counts.';

describe('a journal whose disk fills up during an interview', () => {
  test('the answer it cannot take is printed back, the error names the journal file, and resume goes on from there', async () => {
    const clock = new FakeClock();
    const run = await runMain(['start', '--type', 'technical', '--count', '3', '--new'], {
      env,
      clock: clock.read,
      steps: [typed(clock, 'My first answer.', 5), typed(clock, ANSWER, 6, fillTheDisk)],
    });
    run.prompter.assertDone();
    expect(run.code).toBe(1);
    const [entry] = readdirSync(journalDir).filter((f) => f.startsWith('session-'));
    const file = join(journalDir, entry as string);
    const id = (entry as string).slice('session-'.length, 'session-'.length + 36);

    expect(run.stderr).toContain(`✗ This answer could not be saved. Here it is, so that it is not lost:\n───\n${ANSWER}\n───\n`);
    expect(run.stderr).toContain(`Once it can be written again, continue with: amplify resume ${id.slice(0, 8)}\n`);
    expect(run.stderr.endsWith(`error: the journal could not be written (ENOSPC): ${file}\nMake room on that disk, or make the directory writable, and run the command again.\n`)).toBe(true);
    expect(run.stderr).not.toContain('refused');
    expect(run.stderr.match(/✓ Saved/g)).toHaveLength(1);

    // What was shown as saved is saved, in the journal and in the database; the rest is not.
    const journaled = JSON.parse(readFileSync(file, 'utf8')) as { position: number; responses: { responseText: string }[] };
    expect(journaled.position).toBe(1);
    expect(journaled.responses.map((r) => r.responseText)).toEqual(['My first answer.']);
    expect((await detailOf(env, id)).questions.map((q) => q.responseText)).toEqual(['My first answer.', null, null]);

    rmSync(filler);
    const resumed = await runMain(['resume', id.slice(0, 8)], { env, clock: clock.read, steps: [typed(clock, ANSWER, 7), typed(clock, 'Third.', 2)] });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await detailOf(env, id)).questions.map((q) => q.responseText)).toEqual(['My first answer.', ANSWER, 'Third.']);
  });
});
