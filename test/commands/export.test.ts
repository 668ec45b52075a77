import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { Config } from '../../src/config.js';
import { sessionExportJson } from '../../src/interview/export-formats.js';
import { openStore } from '../../src/store/open-store.js';
import type { ExportedSession } from '../../src/store/store.js';
import { FakeClock, historyOf, typed } from '../support/commands-helpers.js';
import { runMain } from '../support/context.js';
import { useReadyHome } from '../support/home.js';

/** `amplify export` on the embedded database: what each format holds, and where it goes. */
const home = useReadyHome();
const NOW = new Date('2026-02-01T10:00:00.000Z');
const HOSTILE = ['=HYPERLINK("http://evil.example","click"), "quoted", and a comma', 'Line one\r\nline two\u2028with a separator 🎉 *not bold* # not a heading', `${'y'.repeat(100_000)}`];

let sessions: ExportedSession[] = [];
const run = (argv: string[]) => runMain(argv, { env: home.env, now: () => NOW });

beforeAll(async () => {
  const clock = new FakeClock();
  const start = (type: string, count: number, answers: string[], stop = false) =>
    runMain(['start', '--type', type, '--count', String(count), '--new'], {
      env: home.env,
      clock: clock.read,
      steps: [...answers.map((a) => typed(clock, a, 30)), ...(stop ? [{ answer: { kind: 'stop' as const } }] : [])],
    });
  expect((await start('technical', 3, HOSTILE)).code).toBe(0);
  expect((await start('behavioral', 2, ['Only the first'], true)).code).toBe(0);
  const store = await openStore({ paths: home.paths, config: await Config.load(home.paths), env: home.env });
  try {
    sessions = await store.exportSessions({ after: null, limit: 100 });
  } finally {
    await store.close();
  }
  expect(sessions).toHaveLength(2);
});

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

describe('amplify export', () => {
  test('--all as JSON: versioned, every session with its config, questions and answers, byte for byte', async () => {
    const out = await run(['export', '--all']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toBe('✓ Exported 2 sessions and 4 answers.\n');
    const parsed = JSON.parse(out.stdout);
    expect(parsed).toEqual({ format: 'amplify-export', version: 1, exportedAt: NOW.toISOString(), sessions: sessions.map(sessionExportJson) });
    expect(parsed.sessions[0].responses.map((r: { responseText: string }) => r.responseText)).toEqual(HOSTILE);
    expect(parsed.sessions[0].questions[0].questionText).toEqual(expect.any(String));
    // No raw line separator reaches the output, as with every --json.
    expect(out.rawStdout).not.toMatch(/[\u2028\u2029\u007f-\u009f]/);
  });

  test('as CSV: a header and a row per answer, quoted by RFC 4180, and a formula is never a formula', async () => {
    const out = await run(['export', '--all', '--format', 'csv']);
    expect(out.code, out.stderr).toBe(0);
    const rows = parseCsv(out.rawStdout);
    expect(rows[0]).toEqual([
      'session_id',
      'interview_type',
      'custom_domain',
      'session_started_at',
      'session_completed_at',
      'position',
      'question_id',
      'question_text',
      'response_text',
      'duration_seconds',
      'answered_at',
      'thinking_seconds',
      'writing_seconds',
      'paused_seconds',
      'feedback_score',
      'feedback_breakdown',
    ]);
    expect(rows).toHaveLength(1 + 4);
    const [first, second, third] = rows.slice(1);
    expect(first?.[8]).toBe(`'${HOSTILE[0]}`);
    expect(second?.[8]).toBe(HOSTILE[1]);
    expect(third?.[8]).toBe(HOSTILE[2]);
    expect(first?.slice(0, 3)).toEqual([sessions[0]!.session.id, 'technical', '']);
    expect(rows.slice(1).map((r) => r[5])).toEqual(['1', '2', '3', '1']);
    expect(rows.slice(1).map((r) => r[9])).toEqual(['30', '30', '30', '30']);
    // Scripted answers are all writing; each has its score and the parts that make it.
    expect(rows.slice(1).map((r) => r.slice(11, 14))).toEqual(Array(4).fill(['0', '30', '0']));
    for (const row of rows.slice(1)) expect(row.slice(14)).toEqual([expect.stringMatching(/^\d+$/), expect.stringMatching(/^length \d+(\.\d)?\/\d+(; [^;]+ \d+(\.\d)?\/\d+)+$/)]);
  });

  test('as Markdown: a readable transcript, with what was not answered said so', async () => {
    const out = await run(['export', sessions[1]!.session.id.slice(0, 8), '--format', 'md']);
    expect(out.code, out.stderr).toBe(0);
    const questions = sessions[1]!.questions;
    expect(out.stdout.split('\n')).toEqual(
      [
        '# Amplify interviews',
        '',
        `Exported ${NOW.toISOString()}.`,
        '',
        `## Behavioral interview · ${sessions[1]!.session.startedAt.slice(0, 16).replace('T', ' ')} UTC`,
        '',
        `Session \`${sessions[1]!.session.id}\` · unfinished, 1 of 2 answered.`,
        '',
        `### 1. ${questions[0]!.questionText!.replace(/([\\`*_{}[\]()#+\-.!|>~<])/g, '\\$1')}`,
        '',
        expect.stringMatching(/^\*Answered in 0:30\. Feedback \d+\/100 \(length \d+\/\d+; .+\)\.\*$/),
        '',
        '> Only the first',
        '',
        `### 2. ${questions[1]!.questionText!.replace(/([\\`*_{}[\]()#+\-.!|>~<])/g, '\\$1')}`,
        '',
        '*Not answered.*',
        '',
      ],
    );
  });

  test('by id prefixes, --since, and an unknown id', async () => {
    const one = JSON.parse((await run(['export', sessions[0]!.session.id.slice(0, 6)])).stdout);
    expect(one.sessions.map((s: { id: string }) => s.id)).toEqual([sessions[0]!.session.id]);
    const since = await run(['export', '--since', sessions[1]!.session.startedAt]);
    expect(JSON.parse(since.stdout).sessions.map((s: { id: string }) => s.id)).toEqual([sessions[1]!.session.id]);
    const none = await run(['export', '--since', '2099-01-01']);
    expect([none.code, JSON.parse(none.stdout).sessions, none.stderr]).toEqual([0, [], '✓ Exported 0 sessions and 0 answers.\n']);
    const unknown = await run(['export', 'ffffffff']);
    expect([unknown.code, unknown.stdout, unknown.stderr]).toEqual([1, '', "error: no session matches 'ffffffff'\nList sessions with `amplify history`.\n"]);
  });

  test('--out writes a file only its owner reads, whole or not at all', async () => {
    const file = join(home.dir, 'export.json');
    const out = await run(['export', '--all', '--out', file]);
    expect([out.code, out.stdout, out.stderr]).toEqual([0, '', `✓ Exported 2 sessions and 4 answers to ${file}.\n`]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe((await run(['export', '--all'])).stdout);
    expect(readdirSync(home.dir).filter((f) => f.includes('.partial-'))).toEqual([]);
    const nowhere = await run(['export', '--all', '--out', join(home.dir, 'missing', 'x.json')]);
    expect([nowhere.code, nowhere.stderr]).toEqual([1, `error: cannot write ${join(home.dir, 'missing', 'x.json')}: its directory does not exist\n`]);
    expect(existsSync(join(home.dir, 'missing'))).toBe(false);
    expect((await historyOf(home.env)).length).toBe(2);
  });
});
