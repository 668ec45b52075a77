import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newJournalSession } from '../../src/journal/journal.js';
import { runCli } from '../support/cli.js';
import { piped, querySql } from '../support/e2e-db.js';
import { useReadyHome } from '../support/home.js';
import { countOf } from '../support/pty.js';

/** A journal file that is not a journal: moved aside, reported once with its path, nothing else touched. */

const WARNING = /warning: a journal file was unreadable \(.+\) and has been moved aside: (\S+)/;

function journalLike(id: string): string {
  return JSON.stringify(
    newJournalSession({
      id,
      interviewType: 'behavioral',
      customDomain: null,
      config: { questionCount: 1, timeLimitSeconds: null },
      questions: [{ questionId: 'beh-001', questionText: 'Tell me about a time…', difficulty: 'medium' }],
      startedAt: new Date().toISOString(),
      position: 1,
      activeMs: 1000,
      responses: [{ id: randomUUID(), questionId: 'beh-001', responseText: 'never to be sent', duration: 1, answeredAt: new Date().toISOString(), acked: false }],
      owner: null,
      pid: null,
    }),
  );
}

const CONTENTS: { name: string; content: (id: string) => string }[] = [
  { name: 'garbage bytes', content: () => '\u0000\u00ff{{{ not json at all' },
  { name: 'JSON cut off in the middle of a write', content: (id) => journalLike(id).slice(0, 180) },
  { name: 'an empty file', content: () => '' },
];

const COMMANDS: { name: string; args: string[]; input?: string }[] = [
  { name: 'status', args: ['status'] },
  { name: 'sync', args: ['sync'] },
  { name: 'start --new', args: ['start', '--type', 'technical', '--count', '1', '--new'], input: piped(['an answer beside a broken journal']) },
];

const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });

async function counts(): Promise<{ sessions: number; responses: number }> {
  const [row] = await querySql<{ sessions: number; responses: number }>(
    home,
    'select (select count(*)::int from public.interview_sessions) as sessions, (select count(*)::int from public.interview_responses) as responses',
  );
  return row as { sessions: number; responses: number };
}

const planted: string[] = [];

function plant(content: string, id = randomUUID()): { id: string; file: string } {
  mkdirSync(home.paths.journal, { recursive: true });
  const file = join(home.paths.journal, `session-${id}.json`);
  writeFileSync(file, content);
  planted.push(file);
  return { id, file };
}

// A file a command failed to move aside must not spill into the next test.
afterEach(() => {
  for (const file of planted.splice(0)) rmSync(file, { force: true, recursive: true });
});

describe.each(CONTENTS)('a journal file holding $name', ({ content }) => {
  it.each(COMMANDS)('`$name` warns once with the moved-aside path, keeps working, and leaves the database alone', async ({ args, input }) => {
    const { id, file } = plant(content(randomUUID()));
    const written = readFileSync(file);
    const before = await counts();

    const result = await runCli(args, { env: home.env, input });
    expect(result.code, result.stderr).toBe(0);
    expect(countOf(result.stderr, 'warning: a journal file')).toBe(1);
    const movedTo = WARNING.exec(result.stderr)?.[1] as string;
    expect(movedTo.startsWith(`${file}.corrupt-`)).toBe(true);
    expect(readFileSync(movedTo)).toEqual(written);
    expect(existsSync(file)).toBe(false);

    const after = await counts();
    const started = args[0] === 'start' ? 1 : 0;
    expect(after).toEqual({ sessions: before.sessions + started, responses: before.responses + started });
    expect(await querySql(home, 'select 1 from public.interview_sessions where id = $1', [id])).toEqual([]);
    if (started) expect(result.stderr).toContain('Interview complete');

    // Reported once: the next command has nothing more to say about it.
    const next = await runCli(['status'], { env: home.env });
    expect(next.stderr).not.toContain('warning');
  });
});

describe('a journal file edited by hand into JSON that is not a session', () => {
  it.each([
    { name: 'an object without the session fields', content: (id: string) => JSON.stringify({ id, note: 'edited by hand' }) },
    { name: 'an array', content: () => '[1, 2, 3]' },
  ])('$name: status keeps working and moves it aside', async ({ content }) => {
    const { file } = plant(content(randomUUID()));
    const before = await counts();
    const result = await runCli(['status'], { env: home.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(WARNING);
    expect(existsSync(file)).toBe(false);
    expect(await counts()).toEqual(before);
  });
});

describe('a journal file that cannot be read at all (a directory in its place)', () => {
  it.each([...COMMANDS, { name: 'resume', args: ['resume'] }])('`$name` names it in a warning, skips it, and keeps working', async ({ args, input }) => {
    const id = randomUUID();
    const file = join(home.paths.journal, `session-${id}.json`);
    mkdirSync(file, { recursive: true });
    planted.push(file);
    const before = await counts();
    const result = await runCli(args, { env: home.env, input });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning: a journal file cannot be read (EISDIR) and is skipped: ${file}\n`);
    expect(statSync(file).isDirectory()).toBe(true);
    const started = args[0] === 'start' ? 1 : 0;
    expect(await counts()).toEqual({ sessions: before.sessions + started, responses: before.responses + started });
  });
});

describe('a journal entry with values of the wrong type, edited by hand', () => {
  it.each([
    { name: 'a position that is not a number', edit: { position: 'abc' }, reason: 'position: expected a whole number ≥ 0, got "abc"' },
    { name: 'a response of the wrong shape', edit: { responses: [{ text: 'an answer' }] }, reason: 'responses[0].id: expected a response id, got nothing' },
  ])('$name: `resume` moves it aside naming the field, and completes nothing', async ({ edit, reason }) => {
    const id = randomUUID();
    const { file } = plant(JSON.stringify({ ...JSON.parse(journalLike(id)), ...edit }), id);
    const before = await counts();
    const result = await runCli(['resume'], { env: home.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning: a journal file was unreadable (${reason}) and has been moved aside: ${file}.corrupt-`);
    expect(result.stderr).toContain('No unfinished interviews.');
    expect(result.stderr).not.toContain('Interview complete');
    expect(await counts()).toEqual(before);
  });
});

