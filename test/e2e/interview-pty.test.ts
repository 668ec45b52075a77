import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { journalSessionIds, piped, readJournal, storedSession, typed } from '../support/e2e-db.js';
import { useReadyHome } from '../support/home.js';
import { countOf, KEY, spawnPty, type PtyRun } from '../support/pty.js';

const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });

/** Waits for question `n` and its input prompt, then types the answer; returns the offset after it. */
async function answer(run: PtyRun, n: number, text: string, since = 0): Promise<number> {
  const at = await run.waitFor(`Question ${n} of 3`, { since });
  await run.waitFor('› ', { since: at });
  run.write(typed(text));
  return run.waitFor(/(✓ Saved|◌ Saved locally)/, { since: at });
}

function headerId(output: string): string {
  const id = /interview · 3 questions · ([0-9a-f]{8})/.exec(output)?.[1];
  if (!id) throw new Error(`no session id in:\n${output}`);
  return id;
}

async function historyIds(): Promise<string[]> {
  const result = await runCli(['history', '--json', '--limit', '100'], { env: home.env });
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { id: string }[]).map((s) => s.id);
}

describe('a whole interview in a pseudo-terminal', () => {
  const answers = [
    'A single line with "quotes", a back\\slash, an emoji 🎯 and \'single quotes\'.',
    'First line of a longer answer,\n  an indented second line,\nand a third: ); DROP TABLE interview_responses; --',
    'Short.',
  ];

  it('asks the setup by keys, stores three answers byte for byte, and history and show read them back', async () => {
    const run = spawnPty(['start', '--no-rate'], { env: home.env });
    await run.waitFor('Which interview?');
    run.write(KEY.down);
    await run.waitFor('❯ Technical');
    run.write(KEY.enter);
    await run.waitFor('How many questions?');
    run.write(`3${KEY.enter}`);
    await run.waitFor('Time limit per question');
    run.write(`0${KEY.enter}`);

    let at = 0;
    for (const [i, text] of answers.entries()) at = await answer(run, i + 1, text, at);
    await run.waitFor('Interview complete');
    await run.waitFor(/│\s+3 │/);
    expect(await run.exited).toEqual({ code: 0, signal: null });

    const out = run.output();
    expect(out).toContain('Technical interview · 3 questions');
    for (const n of [1, 2, 3]) expect(out).toContain(`Question ${n} of 3`);
    expect(countOf(out, '✓ Saved')).toBe(3);
    expect(out).toMatch(/│ +#\s+│ Question\s+│ +Time │ Words │/);

    const id = headerId(out);
    const history = await runCli(['history', '--json'], { env: home.env });
    const [latest] = JSON.parse(history.stdout) as { id: string; interviewType: string; completedAt: string | null; answeredCount: number; questionCount: number }[];
    expect(latest).toMatchObject({ interviewType: 'technical', answeredCount: 3, questionCount: 3 });
    expect(latest?.id.startsWith(id)).toBe(true);
    expect(latest?.completedAt).not.toBeNull();

    const show = await runCli(['show', id, '--json'], { env: home.env });
    expect(show.code).toBe(0);
    const detail = JSON.parse(show.stdout) as { completedAt: string | null; questions: { responseText: string | null }[] };
    expect(detail.completedAt).not.toBeNull();
    expect(detail.questions.map((q) => q.responseText)).toEqual(answers);

    const text = await runCli(['show', id], { env: home.env });
    expect(text.stdout).toContain('  an indented second line,');
    expect(text.stdout).toContain('3 of 3 answered');
    expect(journalSessionIds(home)).not.toContain(latest?.id);
  });
});

describe('Ctrl+C in the terminal', () => {
  it.each([
    { where: 'at the type prompt', keys: [] as string[] },
    { where: 'at the count prompt', keys: [KEY.enter, 'How many questions?'] },
  ])('$where: exits 130 and leaves no session behind', async ({ keys }) => {
    const before = await historyIds();
    const run = spawnPty(['start', '--no-rate'], { env: home.env });
    await run.waitFor('Which interview?');
    for (let i = 0; i < keys.length; i += 2) {
      run.write(keys[i] as string);
      await run.waitFor(keys[i + 1] as string);
    }
    run.write(KEY.ctrlC);
    expect(await run.exited).toEqual({ code: 130, signal: null });
    expect(run.output()).not.toMatch(/error|unexpected/i);
    expect(await historyIds()).toEqual(before);
  });

  it('while typing an answer: exits 130, keeps the answers given, tells how to resume, and resume finishes it', async () => {
    const run = spawnPty(['start', '--no-rate', '--type', 'behavioral', '--count', '3', '--new'], { env: home.env });
    await answer(run, 1, 'ctrl-c: the first answer, kept');
    const at = await run.waitFor('Question 2 of 3');
    await run.waitFor('› ', { since: at });
    run.write(`ctrl-c: a first line${KEY.enter}ctrl-c: half of a sec`);
    await run.waitFor('half of a sec', { since: at });
    run.write(KEY.ctrlC);
    expect(await run.exited).toEqual({ code: 130, signal: null });
    const id = headerId(run.output());
    expect(run.output()).toContain(`Continue with: amplify resume ${id}`);

    const stored = await storedSession(home, id);
    expect(stored?.completedAt).toBeNull();
    expect(stored?.responses.map((r) => r.text)).toEqual(['ctrl-c: the first answer, kept']);

    const resumed = await runCli(['resume', id], { env: home.env, input: piped(['ctrl-c: second', 'ctrl-c: third']) });
    expect(resumed.stderr).toContain('Question 2 of 3');
    expect(resumed.code).toBe(0);
    const done = await storedSession(home, id);
    expect(done?.completedAt).not.toBeNull();
    expect(done?.responses.map((r) => r.text)).toEqual(['ctrl-c: the first answer, kept', 'ctrl-c: second', 'ctrl-c: third']);
  });
});

describe('signals during an answer', () => {
  it.each([
    { signal: 'SIGTERM' as const, code: 143 },
    { signal: 'SIGHUP' as const, code: 129 },
  ])('$signal: exits $code with the journal intact, and resume completes the session', async ({ signal, code }) => {
    const run = spawnPty(['start', '--no-rate', '--type', 'behavioral', '--count', '3', '--new'], { env: home.env });
    await answer(run, 1, `${signal}: first`);
    const at = await run.waitFor('Question 2 of 3');
    await run.waitFor('› ', { since: at });
    run.write(`${signal}: typed but not finished`);
    await run.waitFor('not finished', { since: at });
    run.kill(signal);
    expect(await run.exited).toEqual({ code, signal: null });
    const id = headerId(run.output());
    expect(run.output()).toContain(`Continue with: amplify resume ${id}`);

    const fullId = journalSessionIds(home).find((j) => j.startsWith(id)) as string;
    expect(fullId).toBeDefined();
    const journal = readJournal(home, fullId) as { position: number; owner: unknown; pid: number | null; completedAt: string | null; responses: { responseText: string; acked: boolean }[] };
    expect(journal).toMatchObject({ position: 1, owner: null, pid: null, completedAt: null });
    expect(journal.responses).toEqual([expect.objectContaining({ responseText: `${signal}: first`, acked: true })]);

    const resumed = await runCli(['resume', id], { env: home.env, input: piped([`${signal}: second`, `${signal}: third`]) });
    expect(resumed.code).toBe(0);
    const done = await storedSession(home, id);
    expect(done?.completedAt).not.toBeNull();
    expect(done?.responses.map((r) => r.text)).toEqual([`${signal}: first`, `${signal}: second`, `${signal}: third`]);
  });
});
