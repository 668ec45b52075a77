import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, expect, test } from 'vitest';
import { Journal, newJournalSession } from '../../src/journal/journal.js';
import { runMain } from '../support/context.js';
import { makeHome } from '../support/home.js';
import { identityOf } from '../support/processes.js';

const home = makeHome();
const elsewhere = spawn('sleep', ['60'], { stdio: 'ignore' });
afterAll(async () => {
  elsewhere.kill();
  await home.cleanup();
});

test('start does not offer to resume an interview that is running in another terminal', async () => {
  new Journal(home.paths.journal).create(
    newJournalSession({
      id: randomUUID(),
      interviewType: 'technical',
      customDomain: null,
      config: { questionCount: 1, timeLimitSeconds: null },
      questions: [{ questionId: 'technical-001', questionText: 'Running elsewhere?', difficulty: 'easy' }],
      startedAt: new Date().toISOString(),
      owner: identityOf(elsewhere.pid as number),
      pid: elsewhere.pid as number,
    }),
  );
  const run = await runMain(['start', '--no-rate'], {
    env: home.env,
    tty: true,
    steps: [
      { select: 'Which interview?', choose: 'Behavioral' },
      { number: 'How many questions?', answer: 1 },
      { number: 'Time limit', answer: 0 },
      { answer: { kind: 'answer', text: 'An answer.' } },
    ],
  });
  expect(run.code, run.stderr).toBe(0);
  run.prompter.assertDone();
  expect(run.prompter.asked[0]).toBe('select: Which interview?');

  const resume = await runMain(['resume', '--discard'], { env: home.env });
  expect(resume.code).toBe(1);
  expect(resume.stderr).toMatch(/running in another terminal \(pid \d+\)/);
});
