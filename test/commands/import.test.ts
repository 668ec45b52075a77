import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Config } from '../../src/config.js';
import { openStore } from '../../src/store/open-store.js';
import { FakeClock, historyOf, typed } from '../support/commands-helpers.js';
import { runMain } from '../support/context.js';
import { makeHome, type TestHome } from '../support/home.js';
import { createTestDatabase } from '../support/postgres.js';

/** `amplify import`, and the round trip export → import → export between embedded and postgres. */
const NOW = new Date('2026-02-01T10:00:00.000Z');
const HOSTILE = ["'); drop table interview_responses; --", 'Line one\r\nline two\u2028🎉 \u0007bell', `${'z'.repeat(100_000)}`];

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let source: TestHome;
let exportFile = '';
const homes: TestHome[] = [];

const run = (h: TestHome, argv: string[], extra: NodeJS.ProcessEnv = {}) => runMain(argv, { env: { ...h.env, ...extra }, now: () => NOW });
function home(extra: NodeJS.ProcessEnv = {}): TestHome {
  const h = makeHome(extra);
  homes.push(h);
  return h;
}

beforeAll(async () => {
  database = await createTestDatabase();
  source = home();
  const clock = new FakeClock();
  const start = (argv: string[], steps: Parameters<typeof runMain>[1]['steps']) => runMain(['start', ...argv, '--new'], { env: source.env, clock: clock.read, steps });
  expect((await start(['--type', 'technical', '--count', '3'], HOSTILE.map((a) => typed(clock, a, 25)))).code).toBe(0);
  expect((await start(['--domain', 'frontend', '--count', '2'], [typed(clock, 'Custom domain answer', 40), { answer: { kind: 'stop' } }])).code).toBe(0);
  exportFile = join(source.dir, 'all.json');
  expect((await run(source, ['export', '--all', '--out', exportFile])).code).toBe(0);
});
afterAll(async () => {
  await Promise.all(homes.map((h) => h.cleanup()));
  await database?.drop();
});

describe('amplify import', () => {
  test('embedded → postgres → embedded: exported again, every byte is the same but the export time', async () => {
    const server = home({ AMPLIFY_DATABASE_URL: database.url });
    const imported = await run(server, ['import', exportFile]);
    expect([imported.code, imported.stdout]).toEqual([0, '']);
    expect(imported.stderr).toContain(`✓ Imported 2 sessions and 4 answers from ${exportFile}. Importing it again changes nothing.\n`);
    const fromServer = join(server.dir, 'again.json');
    expect((await run(server, ['export', '--all', '--out', fromServer])).code).toBe(0);
    expect(readFileSync(fromServer, 'utf8')).toBe(readFileSync(exportFile, 'utf8'));

    const back = home();
    expect((await run(back, ['import', fromServer])).code).toBe(0);
    const third = await run(back, ['export', '--all']);
    expect(third.stdout).toBe(readFileSync(exportFile, 'utf8'));
    expect(JSON.parse(third.stdout).sessions[0].responses.map((r: { responseText: string }) => r.responseText)).toEqual(HOSTILE);
  });

  test('the same file twice changes nothing', async () => {
    const target = home();
    expect((await run(target, ['import', exportFile])).code).toBe(0);
    const once = (await run(target, ['export', '--all'])).stdout;
    const again = await run(target, ['import', exportFile, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ file: exportFile, sessions: 2, responses: 4, refused: [], questionsAdded: 0 });
    expect((await run(target, ['export', '--all'])).stdout).toBe(once);
    expect(await historyOf(target.env)).toHaveLength(2);
  });

  test("questions this database's bank lacks come along with their text, as the importer's own, and are never picked for a new interview", async () => {
    const e = JSON.parse(readFileSync(exportFile, 'utf8'));
    e.sessions[1].questions[1] = { questionId: 'acme-frontend-001', questionText: 'How does Acme render its dashboard?', difficulty: 'hard' };
    e.sessions[1].responses.push({ id: '8c1f7c3e-2d0a-4f55-9a55-0d3c1e9b7a10', questionId: 'acme-frontend-001', questionText: null, responseText: 'Server-side, then hydrated.', duration: 90, answeredAt: e.sessions[1].startedAt });
    const target = home();
    const file = join(target.dir, 'acme.json');
    writeFileSync(file, JSON.stringify(e));
    const imported = await run(target, ['import', file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain("with 1 question this bank lacked (kept as yours, never picked for a new interview)");
    const detail = JSON.parse((await run(target, ['show', e.sessions[1].id, '--json'])).stdout);
    expect(detail.questions[1]).toMatchObject({ questionId: 'acme-frontend-001', questionText: 'How does Acme render its dashboard?', difficulty: 'hard', responseText: 'Server-side, then hydrated.' });
    const again = JSON.parse((await run(target, ['import', file, '--json'])).stdout);
    expect(again).toMatchObject({ sessions: 2, questionsAdded: 0 });
    // Not in the bank that new interviews are drawn from.
    const store = await openStore({ paths: target.paths, config: await Config.load(target.paths), env: target.env });
    try {
      const frontend = await store.listQuestions('custom', 'frontend');
      expect(frontend.length).toBeGreaterThan(0);
      expect(frontend.map((q) => q.questionId)).not.toContain('acme-frontend-001');
    } finally {
      await store.close();
    }
  });

  describe('a file it cannot take imports nothing, and says why and where', () => {
    const exported = () => JSON.parse(readFileSync(exportFile, 'utf8'));
    const cases: [string, () => string, string | (() => string)][] = [
      ['not JSON', () => readFileSync(exportFile, 'utf8').replace('"format"', '"format" "'), 'it is not JSON (line 2, column 12)'],
      ['JSON of something else', () => JSON.stringify({ sessions: [] }), 'it is not an amplify export (no "format": "amplify-export")'],
      ['a newer version', () => JSON.stringify({ ...exported(), version: 2 }), 'it is an export of version 2; this amplify reads version 1'],
      [
        'a wrong type deep inside',
        () => {
          const e = exported();
          e.sessions[0].responses[1].duration = 'long';
          return JSON.stringify(e);
        },
        'sessions[0].responses[1].duration: expected a whole number ≥ 0, got "long"',
      ],
      [
        'a feedback score out of range',
        () => {
          const e = exported();
          e.sessions[0].responses[0].feedback = { ...e.sessions[0].responses[0].feedback, score: 101 };
          return JSON.stringify(e);
        },
        'sessions[0].responses[0].feedback.score: expected a whole number from 0 to 100, got 101',
      ],
      [
        'a NUL character in an answer',
        () => {
          const e = exported();
          e.sessions[1].responses[0].responseText = 'a\u0000b';
          return JSON.stringify(e);
        },
        'sessions[1].responses[0].responseText: expected text without NUL characters, got "a\\u0000b"',
      ],
      [
        'an answer to a question the session does not have',
        () => {
          const e = exported();
          e.sessions[0].responses[0].questionId = 'nope';
          return JSON.stringify(e);
        },
        "sessions[0].responses[0].questionId: 'nope' is not one of the session's questions",
      ],
      [
        'a session twice',
        () => {
          const e = exported();
          e.sessions.push(e.sessions[0]);
          return JSON.stringify(e);
        },
        () => `sessions[2].id: session ${exported().sessions[0].id} is in the file twice`,
      ],
    ];
    test.each(cases)('%s', async (_name, content, reason) => {
      const target = home();
      const file = join(target.dir, 'bad.json');
      writeFileSync(file, content());
      const result = await run(target, ['import', file]);
      const why = typeof reason === 'function' ? reason() : reason;
      // Checking the bank opens the database, which a fresh home creates first.
      const said = result.stderr.replace('Creating your local database (first run)…\n', '');
      expect([result.code, result.stdout, said]).toEqual([1, '', `error: ${file} cannot be imported: ${why}\nNothing was imported.\n`]);
      expect(await historyOf(target.env)).toEqual([]);
    });

    test.each([
      ['a missing file', (dir: string) => join(dir, 'none.json'), 'no such file'],
      ['a directory', (dir: string) => (mkdirSync(join(dir, 'd')), join(dir, 'd')), 'it is a directory'],
    ])('%s', async (_name, path, reason) => {
      const target = home();
      const file = path(target.dir);
      const result = await run(target, ['import', file]);
      expect([result.code, result.stderr]).toEqual([1, `error: cannot read ${file}: ${reason}\n`]);
    });
  });
});
