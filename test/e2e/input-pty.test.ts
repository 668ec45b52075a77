import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { journalSessionIds, lockPid, piped, readJournal, storedSession, typed } from '../support/e2e-db.js';
import { useReadyHome } from '../support/home.js';
import { countOf, KEY, spawnPty, type PtyRun } from '../support/pty.js';

const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });

/**
 * A real editor, as far as amplify can tell: it records the file it was given (its mode and
 * the draft in it) and its pid, writes EDITOR_TEXT (UTF-8), and exits with EDITOR_EXIT, or
 * with EDITOR_HANG stays open until it is killed.
 */
const EDITOR = join(home.dir, 'fake-editor.cjs');
const EDITOR_LOG = join(home.dir, 'editor.log');
writeFileSync(
  EDITOR,
  `#!${process.execPath}
const fs = require('node:fs');
const file = process.argv.at(-1);
fs.appendFileSync(process.env.EDITOR_LOG, JSON.stringify({ pid: process.pid, file, mode: (fs.statSync(file).mode & 0o777).toString(8), draft: fs.readFileSync(file, 'utf8') }) + '\\n');
if (process.env.EDITOR_HANG) {
  process.on('SIGINT', () => {});
  setInterval(() => {}, 1000);
}
else {
  fs.writeSync(1, '[the editor draws here]');
  fs.writeFileSync(file, process.env.EDITOR_TEXT ?? 'Müller\\n');
  process.exit(Number(process.env.EDITOR_EXIT ?? 0));
}
`,
);
chmodSync(EDITOR, 0o755);

interface EditorCall {
  pid: number;
  file: string;
  mode: string;
  draft: string;
}
const editorCalls = (): EditorCall[] =>
  existsSync(EDITOR_LOG)
    ? readFileSync(EDITOR_LOG, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as EditorCall)
    : [];

function headerId(run: PtyRun, count: number): string {
  const id = new RegExp(`interview · ${count} questions? · ([0-9a-f]{8})`).exec(run.output())?.[1];
  if (!id) throw new Error(`no session id in:\n${run.output()}`);
  return id;
}

const answersOf = async (id: string) => (await storedSession(home, id))?.responses.map((r) => r.text);

describe('typed ahead', () => {
  it('two answers pasted at once: the second waits for its question instead of being lost', async () => {
    const run = spawnPty(['start', '--no-rate', '--type', 'technical', '--count', '2', '--new'], { env: home.env });
    await run.waitFor('› ');
    run.write(`${typed('First, pasted.')}${typed('Second, pasted ahead.')}`);
    await run.waitFor('Interview complete');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(await answersOf(headerId(run, 2))).toEqual(['First, pasted.', 'Second, pasted ahead.']);
    // The line used for question 2 is shown under it; a line typed at its own prompt is not shown twice.
    expect(run.output()).toMatch(/Question 2 of 2[^]*› Second, pasted ahead\./);
    const first = run.output().slice(run.output().indexOf('Question 1 of 2'), run.output().indexOf('Question 2 of 2'));
    expect(countOf(first, 'First, pasted.')).toBe(1);
  });
});

describe('Ctrl+C while an answer is being saved', () => {
  it('acts at once though the reader holds the terminal between answers: exit 130, the answer in the journal, no further question', async () => {
    const run = spawnPty(['start', '--no-rate', '--type', 'technical', '--count', '3', '--new'], { env: home.env });
    await run.waitFor('› ');
    run.write(typed('saved normally'));
    const at = await run.waitFor('Question 2 of 3');
    await run.waitFor('› ', { since: at });
    const id = headerId(run, 3);
    const fullId = journalSessionIds(home).find((j) => j.startsWith(id)) as string;
    const owner = lockPid(home) as number;
    // A database that stops answering: the save of the next answer cannot finish.
    process.kill(owner, 'SIGSTOP');
    try {
      run.write(typed('typed while the database hangs'));
      for (let i = 0; i < 400 && (readJournal(home, fullId) as { position: number }).position !== 2; i++) await new Promise((r) => setTimeout(r, 25));
      run.write(KEY.ctrlC);
      expect(await run.exited).toEqual({ code: 130, signal: null });
    } finally {
      process.kill(owner, 'SIGCONT');
    }
    expect(run.output().slice(at)).not.toContain('Question 3 of 3');
    expect(run.output()).toContain(`Continue with: amplify resume ${id}`);
    const journal = readJournal(home, fullId) as { position: number; owner: unknown; responses: { responseText: string }[] };
    expect(journal).toMatchObject({ position: 2, owner: null });
    expect(journal.responses.map((r) => r.responseText)).toEqual(['saved normally', 'typed while the database hangs']);
  });
});

describe('$EDITOR', () => {
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...home.env, EDITOR: EDITOR, EDITOR_LOG, VISUAL: '', ...extra });

  it(':edit opens the draft in a private file, reads the answer back as UTF-8, and removes the file', async () => {
    const before = editorCalls().length;
    const run = spawnPty(['start', '--no-rate', '--type', 'technical', '--count', '1', '--new'], { env: env({ EDITOR_TEXT: 'Müller, naïve, 日本語 👩🏽‍💻\nsecond line\n' }) });
    await run.waitFor('› ');
    run.write(`typed before :edit\r:edit\r`);
    await run.waitFor('Interview complete');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).not.toContain('Press <enter>');
    const [call] = editorCalls().slice(before);
    expect(call).toMatchObject({ mode: '600', draft: 'typed before :edit\n' });
    expect(existsSync(call?.file as string)).toBe(false);
    expect(existsSync(join(call?.file as string, '..'))).toBe(false);
    expect(await answersOf(headerId(run, 1))).toEqual(['Müller, naïve, 日本語 👩🏽‍💻\nsecond line']);
  });

  it('--editor opens it for every answer; an editor given with arguments runs through the shell', async () => {
    const before = editorCalls().length;
    const run = spawnPty(['start', '--no-rate', '--type', 'behavioral', '--count', '2', '--new', '--editor'], { env: env({ EDITOR: `${EDITOR} --wait` }) });
    await run.waitFor('Interview complete');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(editorCalls().slice(before)).toHaveLength(2);
    expect(await answersOf(headerId(run, 2))).toEqual(['Müller', 'Müller']);
  });

  it('draws on stderr, where the prompts are, and leaves piped input alone: stdout holds only the results', async () => {
    const run = await runCli(['start', '--type', 'technical', '--count', '2', '--new', '--editor'], { env: env(), input: 'not for the editor\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('[the editor draws here]');
    expect(run.stderr).toContain('[the editor draws here]');
    expect(run.stdout).toMatch(/│\s+2 │/);
  });

  it.each([
    ['a missing editor', { EDITOR: join(home.dir, 'no-such-editor') }, `! the editor '${join(home.dir, 'no-such-editor')}' was not found.`],
    ['an editor that fails', { EDITOR_EXIT: '3' }, `! the editor '${EDITOR}' exited with status 3.`],
  ])('%s: one line, the typed draft kept, the answer finished in the terminal', async (_name, extra, line) => {
    const run = spawnPty(['start', '--no-rate', '--type', 'technical', '--count', '1', '--new'], { env: env(extra) });
    await run.waitFor('› ');
    run.write('kept draft line\r:edit\r');
    await run.waitFor('Type the answer here instead; what you typed is kept:');
    run.write('and the rest\r.\r');
    await run.waitFor('Interview complete');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain(line);
    expect(run.output()).not.toMatch(/\n\s+at /);
    expect(await answersOf(headerId(run, 1))).toEqual(['kept draft line\nand the rest']);
  });

  it('Ctrl+C while the editor is open belongs to the editor; SIGTERM to amplify takes the editor with it', async () => {
    const before = editorCalls().length;
    const run = spawnPty(['start', '--no-rate', '--type', 'technical', '--count', '1', '--new', '--editor'], { env: env({ EDITOR_HANG: '1' }) });
    await run.waitFor('Opening ');
    let call: EditorCall | undefined;
    for (let i = 0; i < 400 && !call; i++) {
      call = editorCalls()[before];
      if (!call) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(call).toBeDefined();
    const at = run.output().length;
    run.write(KEY.ctrlC);
    // The terminal has sent the SIGINT once it echoes ^C; had amplify taken it, it would end with 130.
    await run.waitFor('^C', { since: at });
    run.kill('SIGTERM');
    expect((await run.exited).code).toBe(143);
    for (let i = 0; i < 400 && existsSync(`/proc/${call?.pid}/stat`) && !readFileSync(`/proc/${call?.pid}/stat`, 'utf8').includes(') Z'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const stat = existsSync(`/proc/${call?.pid}/stat`) ? readFileSync(`/proc/${call?.pid}/stat`, 'utf8') : '';
    expect(stat === '' || stat.includes(') Z')).toBe(true);
    expect(existsSync(call?.file as string)).toBe(false);
  });
});

describe('no input at all', () => {
  it('`start </dev/null` says nothing was there to answer with, exits 2, and keeps no session', async () => {
    const queued = async () => (JSON.parse((await runCli(['status', '--json'], { env: home.env })).stdout) as { queued: unknown[] }).queued.length;
    const queuedBefore = await queued();
    const before = (JSON.parse((await runCli(['history', '--json', '--limit', '1000'], { env: home.env })).stdout) as unknown[]).length;
    const run = await runCli(['start', '--type', 'technical', '--count', '1', '--new'], { env: home.env, input: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error: standard input ended before the first answer: no interview was started\n');
    const after = (JSON.parse((await runCli(['history', '--json', '--limit', '1000'], { env: home.env })).stdout) as unknown[]).length;
    expect(after).toBe(before);
    expect(await queued()).toBe(queuedBefore);
  });
});

describe('Ctrl+D at a terminal', () => {
  it('at the first question stops the interview (kept, resumable), unlike a pipe that runs dry', async () => {
    const run = spawnPty(['start', '--no-rate', '--type', 'technical', '--count', '2', '--new'], { env: home.env });
    await run.waitFor('› ');
    run.write('\x04');
    await run.waitFor('Interview stopped.');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    const id = headerId(run, 2);
    const resume = await runCli(['resume', id, '--discard'], { env: home.env });
    expect([resume.code, resume.stderr]).toEqual([0, `Discarded ${id}.\n`]);
  });
});

describe('amplify resume in a terminal', () => {
  it('picks an interview from the list, then "What now?" → Resume it, by arrow keys', async () => {
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const stop = await runCli(['start', '--type', 'behavioral', '--count', '2', '--new'], { env: home.env, input: piped([`picker ${n}, first`]) + ':stop\n' });
      expect(stop.code, stop.stderr).toBe(0);
      ids.push(/interview · 2 questions · ([0-9a-f]{8})/.exec(stop.stderr)?.[1] as string);
    }
    const run = spawnPty(['resume', '--no-rate', '--no-rate'], { env: home.env });
    await run.waitFor('Which interview?');
    // Newest first: the second one is under the cursor; the first is one down.
    run.write(KEY.down);
    await run.waitFor(new RegExp(`❯ .*${ids[0]}`));
    run.write(KEY.enter);
    await run.waitFor('What now?');
    run.write(KEY.enter);
    await run.waitFor('Question 2 of 2');
    await run.waitFor('› ');
    run.write(typed('picker 1, second'));
    await run.waitFor('Interview complete');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(await answersOf(ids[0] as string)).toEqual(['picker 1, first', 'picker 1, second']);
    expect((await storedSession(home, ids[1] as string))?.completedAt).toBeNull();
  });

  it('"What now?" → Discard it deletes that interview', async () => {
    const stop = await runCli(['start', '--type', 'technical', '--count', '2', '--new'], { env: home.env, input: ':stop\n' });
    const id = /interview · 2 questions · ([0-9a-f]{8})/.exec(stop.stderr)?.[1] as string;
    const run = spawnPty(['resume', '--no-rate', '--no-rate'], { env: home.env });
    await run.waitFor('Which interview?');
    await run.waitFor(new RegExp(`❯ .*${id}`));
    run.write(KEY.enter);
    await run.waitFor('What now?');
    run.write(KEY.down);
    await run.waitFor('❯ Discard it');
    run.write(KEY.enter);
    await run.waitFor(`Discarded ${id}`);
    expect((await run.exited).code).toBe(0);
    expect(await storedSession(home, id)).toBeNull();
  });
});
