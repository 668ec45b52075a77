import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runMain } from '../support/context.js';
import { detailOf } from '../support/commands-helpers.js';
import { makeHome } from '../support/home.js';

const home = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
const env = home.env;
beforeAll(async () => {
  expect((await runMain(['history', '--json'], { env })).code).toBe(0);
});
afterAll(() => home.cleanup());

const HELP = '(run with --help for usage)';
const SCRIPTED = 'To script it: amplify start --type <type> [--domain <domain>] --count <n> [--time-limit <s>]';

describe('bad input: exit status and a short message, never a stack trace', () => {
  test.each([
    [['start', '--domain', 'cooking', '--count', '1'], 2, `error: unknown domain 'cooking'`, 'Domains: backend, data_engineering, engineering_management, frontend, product_management.', HELP],
    [['start', '--type', 'behavioral', '--domain', 'frontend', '--count', '1'], 2, 'error: --domain goes with --type custom', HELP],
    [['start', '--type', 'technical', '--count', '999'], 2, 'error: --count 999 is more than the 25 questions available', 'Choose 1 to 25.', HELP],
    [['start', '--domain', 'frontend', '--count', '13'], 2, 'error: --count 13 is more than the 12 questions available', 'Choose 1 to 12.', HELP],
    [['start'], 2, 'error: --type is needed: there is no terminal to ask on', SCRIPTED, HELP],
    [['start', '--type', 'technical'], 2, 'error: --count is needed: there is no terminal to ask on', SCRIPTED, HELP],
    [['start', '--type', 'custom', '--count', '1'], 2, 'error: --domain is needed: there is no terminal to ask on', SCRIPTED, HELP],
    [['show', '00000000-0000-4000-8000-000000000000'], 1, `error: no session matches '00000000-0000-4000-8000-000000000000'`, 'List sessions with `amplify history`.'],
    [['resume', 'abcd'], 1, `error: no unfinished session matches 'abcd'`, 'List them with `amplify resume`.'],
  ] as [string[], number, ...string[]][])('%j → exit %i', async (argv, code, ...lines) => {
    const run = await runMain(argv, { env });
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${lines.join('\n')}\n`);
  });

  test('a start without flags and without a terminal names the flags that make it scriptable', async () => {
    const run = await runMain(['start'], { env, tty: false });
    expect(run.code).toBe(2);
    for (const flag of ['--type', '--count', '--domain', '--time-limit']) expect(run.stderr).toContain(flag);
    run.prompter.assertDone();
  });
});

describe('session ids', () => {
  test('resume with nothing unfinished says so and exits 0', async () => {
    const run = await runMain(['resume'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('No unfinished interviews. Start one with `amplify start`.\n');
  });

  test('an ambiguous prefix is refused with candidates that tell the sessions apart; a longer one works', async () => {
    const ids = ['abcdef01-1111-4000-8000-000000000001', 'abcdef01-2222-4000-8000-000000000002'];
    const { ctx } = await runMain(['config', 'get'], { env });
    const store = await ctx.openStore();
    try {
      for (const [i, id] of ids.entries()) {
        await store.createSession({
          id,
          interviewType: 'technical',
          customDomain: null,
          questionIds: [`technical-00${i + 1}`],
          config: { questionCount: 1 },
          startedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
        });
      }

      expect((await detailOf(env, 'abcdef01-1')).id).toBe(ids[0]);
      expect((await detailOf(env, 'ABCDEF01-2222')).id).toBe(ids[1]);

      for (const prefix of ['abcd', 'abcdef01', 'ABCDEF01-']) {
        const run = await runMain(['show', prefix], { env });
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        const [message, hint, ...rest] = run.stderr.split('\n');
        expect(rest).toEqual(['']);
        expect(hint).toBe('Type more characters of the id.');
        const listed = message?.match(/^error: '(.+)' is ambiguous: it matches (.+)$/);
        expect(listed?.[1]).toBe(prefix);
        // Each candidate shown must point at one session only, or the list is no help.
        const candidates = listed?.[2]?.split(', ') ?? [];
        expect(candidates).toHaveLength(2);
        expect(candidates.map((c) => ids.filter((id) => id.startsWith(c)).length)).toEqual([1, 1]);
      }
    } finally {
      for (const id of ids) await store.discardSession(id);
      await store.close();
    }
  });
});
