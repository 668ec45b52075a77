import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { createContext } from '../../src/context.js';
import { buildProgram, main } from '../../src/main.js';
import { runMain } from '../support/context.js';
import { makeHome } from '../support/home.js';

// Flags and arguments are checked before anything opens the database: these tests need
// none, and each one proves it by leaving the data directory uncreated.
const home = makeHome({ AMPLIFY_DATABASE_URL: '' });
afterAll(() => home.cleanup());

const HELP = '(run with --help for usage)';
const NOT_AN_ID = 'A session id is hexadecimal, like 3f2a9c1e; four characters are enough.';

test.each([
  [['start', '--type', 'manager', '--count', '1'], `error: option '-t, --type <type>' argument 'manager' is invalid. Allowed: behavioral, technical, system-design, custom.`, HELP],
  [['start', '--type', 'technical', '--count', '0'], `error: option '-n, --count <n>' argument '0' is invalid. --count must be a whole number of at least 1.`, HELP],
  [['start', '--type', 'technical', '--count', 'abc'], `error: option '-n, --count <n>' argument 'abc' is invalid. --count must be a whole number of at least 1.`, HELP],
  [['start', '--type', 'technical', '--count', '2.5'], `error: option '-n, --count <n>' argument '2.5' is invalid. --count must be a whole number of at least 1.`, HELP],
  [['start', '--type', 'technical', '--count', '1', '--time-limit', 'soon'], `error: option '-l, --time-limit <seconds>' argument 'soon' is invalid. --time-limit must be a whole number of seconds.`, HELP],
  [['start', '--type', 'technical', '--count', '1', '--time-limit', '99999999999'], `error: option '-l, --time-limit <seconds>' argument '99999999999' is invalid. --time-limit must be at most 86400.`, HELP],
  [['history', '--limit', '100000000000'], `error: option '-n, --limit <n>' argument '100000000000' is invalid. --limit must be at most 10000.`, HELP],
  [['history', '--limit', '0'], `error: option '-n, --limit <n>' argument '0' is invalid. --limit must be a whole number of at least 1.`, HELP],
  [['history', '--type', 'nope'], `error: option '-t, --type <type>' argument 'nope' is invalid. Allowed: behavioral, technical, system-design, custom.`, HELP],
  [['show', 'zzzz'], `error: 'zzzz' is not a session id`, NOT_AN_ID, HELP],
  [['show', 'abc'], `error: 'abc' is not a session id`, NOT_AN_ID, HELP],
  [['show', "1'; drop table interview_sessions; --"], `error: '1'; drop table interview_sessions; --' is not a session id`, NOT_AN_ID, HELP],
  [['show'], `error: missing required argument 'session-id'`, HELP],
  [['resume', 'zz'], `error: 'zz' is not a session id`, NOT_AN_ID, HELP],
  [['history', '--bogus'], `error: unknown option '--bogus'`, HELP],
  [['interview'], `error: unknown command 'interview'`, HELP],
  [['config', 'set', 'colour', 'blue'], `error: unknown setting 'colour'`, 'Settings: editor, rate, backend, database-url, supabase-url, supabase-anon-key, feedback, ai-model.', HELP],
  [['config', 'unset', 'colour'], `error: unknown setting 'colour'`, 'Settings: editor, rate, backend, database-url, supabase-url, supabase-anon-key, feedback, ai-model.', HELP],
  [['history', '--backend', 'mysql'], `error: option '-b, --backend <backend>' argument 'mysql' is invalid. Allowed choices are embedded, postgres, supabase.`, HELP],
  [['login', '--email'], `error: option '--email <email>' argument missing`, HELP],
  [['login', '--code', '123456'], `error: --code goes with --otp`, HELP],
  [['login', '--otp', '--password-stdin'], `error: --otp signs in with a code, not a password: drop --password-stdin`, HELP],
  [['export'], 'error: name the sessions to export, or --all, or --since', 'e.g. amplify export 3f2a 9c1e · amplify export --all --format csv --out answers.csv', HELP],
  [['export', '--all', '--format', 'xml'], `error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are json, csv, md.`, HELP],
  [['export', '--since', 'yesterday'], `error: 'yesterday' is not a date or a span`, 'e.g. --since 2026-01-15, or --since 7d (days), 4w (weeks), 3m (months)', HELP],
  [['export', '3f2a', '--all'], 'error: name sessions or give --all, not both', HELP],
  [['export', "3f2a'; --"], `error: '3f2a'; --' is not a session id`, NOT_AN_ID, HELP],
  [['import'], `error: missing required argument 'file'`, HELP],
  [['stats', '--by', 'year'], `error: option '--by <period>' argument 'year' is invalid. Allowed choices are day, week, month.`, HELP],
  [['stats', '--since', 'last week'], `error: --since: 'last week' is not a date or a span`, 'e.g. 2026-01-15, or 7d (days), 4w (weeks), 3m (months) back from now', HELP],
  [['stats', '--type', 'technical', '--domain', 'frontend'], 'error: --domain goes with --type custom (or alone)', HELP],
  [['db', 'copy'], "error: required option '--to <backend>' not specified", HELP],
  [['db', 'copy', '--to', 'mysql'], "error: option '--to <backend>' argument 'mysql' is invalid. Allowed choices are embedded, postgres, supabase.", HELP],
  [['db', 'copy', '--from', 'sqlite', '--to', 'embedded'], "error: option '--from <backend>' argument 'sqlite' is invalid. Allowed choices are embedded, postgres, supabase.", HELP],
  [['db', 'copy', '--to', 'embedded'], 'error: the source and the target are both embedded', 'Name another one with --to (and --from, when the source is not the current backend).', HELP],
  [['db', 'copy', '--from', 'supabase', '--to', 'supabase'], 'error: the source and the target are both supabase', 'Name another one with --to (and --from, when the source is not the current backend).', HELP],
  [['logout', 'now'], `error: too many arguments for 'logout'. Expected 0 arguments but got 1.`, HELP],
  [['start', '--focus', 'strong'], `error: option '--focus <what>' argument 'strong' is invalid. Allowed choices are weak.`, HELP],
  [['start', '--template', 'acme', '--focus', 'weak'], 'error: --template and --focus are alternatives: choose one', HELP],
  [['start', '--template', 'acme', '--type', 'technical'], 'error: --template chooses the questions: --type and --domain do not go with it', HELP],
  [['questions', 'add', '--type', 'technical', '--text', 'x'.repeat(5001)], 'error: the question is 5001 characters long (at most 5000)', HELP],
  [['questions', 'add', '--type', 'technical', '--text', 'Why?', '--id', "x'; drop table interview_questions; --"], `error: id "x'; drop table interview_questions; --" is not an id (1–64 letters, digits, ".", "-" or "_")`, HELP],
  [['questions', 'add', '--type', 'technical', '--text', 'Why?', '--difficulty', 'brutal'], `error: option '--difficulty <level>' argument 'brutal' is invalid. Allowed choices are easy, medium, hard.`, HELP],
  [['questions', 'add', '--type', 'technical', '--text', 'Why?', '--time-limit', '5m'], `error: option '-l, --time-limit <seconds>' argument '5m' is invalid. --time-limit must be a whole number of seconds.`, HELP],
  [['questions', 'check', 'questions.txt'], 'error: cannot tell the format of questions.txt', 'Name it .md, .json or .csv, or say which with --format md|json|csv.', HELP],
  [['questions', 'import'], `error: missing required argument 'file'`, HELP],
  [['questions', 'disable'], `error: missing required argument 'ids'`, HELP],
  [['template', 'save', 'bad name', '--type', 'technical'], `error: 'bad name' is not a template name`, 'A name is 1 to 64 letters, digits, ".", "-" or "_", e.g. acme-onsite.', HELP],
  [['template', 'save', 'acme'], 'error: say which questions: --from-session ID, or a filter (--type, --domain, --tag, --difficulty, --count)', 'e.g. amplify template save acme --type behavioral --tag leadership --count 5', HELP],
  [['template', 'save', 'acme', '--from-session', '3f2a', '--type', 'technical'], 'error: --from-session takes the questions of that session: the filters do not go with it', HELP],
  [['template', 'save', 'acme', '--type', 'technical', '--count', '501'], `error: option '-n, --count <n>' argument '501' is invalid. --count must be at most 500.`, HELP],
  [['template', 'export', 'acme', '--format', 'csv'], 'error: a template exports as md or json: CSV has no place for its name', HELP],
  [['review', '--type', 'technical', '--domain', 'frontend'], 'error: --domain goes with --type custom', HELP],
] as [string[], ...string[]][])('%j → exit 2, one message, no database', async (argv, ...lines) => {
  const run = await runMain(argv, { env: home.env });
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`${lines.join('\n')}\n`);
  expect(existsSync(home.paths.data)).toBe(false);
});

test('no command at all is a usage error: the help on stderr, exit 2', async () => {
  const run = await runMain([], { env: home.env });
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^Usage: amplify \[options\] \[command\]\n/);
  expect(run.stderr).toContain('start [options]');
});

test('global options without a command print the help where errors go, exit 2', async () => {
  const run = await runMain(['--backend', 'supabase'], { env: home.env });
  expect([run.code, run.stdout]).toEqual([2, '']);
  expect(run.stderr).toMatch(/^Usage: amplify \[options\] \[command\]/);
  expect(existsSync(home.paths.data)).toBe(false);
});

test.each([[['--help']], [['start', '--help']], [['--version']]])('%j prints to stdout and exits 0', async (argv) => {
  const run = await runMain(argv, { env: home.env });
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  expect(run.stdout.length).toBeGreaterThan(0);
});

describe('what is not a usage error', () => {
  test('a file where the home directory should be: one line naming it, exit 1', async () => {
    const file = join(home.dir, 'not-a-directory');
    writeFileSync(file, '');
    const run = await runMain(['history'], { env: { ...home.env, AMPLIFY_HOME: file } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: cannot use ${file}/config/profile-id: a file is in the way where a directory should be\nAmplify keeps its files under AMPLIFY_HOME, or ~/.config/amplify and ~/.local/share/amplify.\n`,
    );
  });

  test.each([
    ['without AMPLIFY_DEBUG: one line and how to see more', {}, false],
    ['with AMPLIFY_DEBUG=1: the stack trace too', { AMPLIFY_DEBUG: '1' }, true],
  ])('a bug, %s', async (_name, extra, stack) => {
    const stdin = Object.assign(new PassThrough(), { isTTY: false });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d) => (err += d));
    const ctx = createContext({ stdin, stdout, stderr, env: { ...home.env, ...extra } });
    ctx.openStore = async () => {
      throw new TypeError('store is not a function');
    };
    expect(await main(['history'], ctx)).toBe(1);
    expect(err.split('\n')[0]).toBe('error: unexpected: store is not a function (TypeError)');
    expect(err.includes('    at ')).toBe(stack);
    expect(err.includes('please report it')).toBe(!stack);
  });
});

describe('a command line that names a command builds only that command', () => {
  /** What the whole program (every command built) writes for a command line commander refuses. */
  async function wholeProgramSays(argv: string[]): Promise<string> {
    const stdin = Object.assign(new PassThrough(), { isTTY: false });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d) => (err += d));
    const program = buildProgram(createContext({ stdin, stdout, stderr, env: home.env }));
    await program.parseAsync(argv, { from: 'user' }).catch(() => undefined);
    return err;
  }
  const names = buildProgram(createContext({ stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: home.env })).commands.map((c) => c.name());

  test.each(names.flatMap((name) => [[[name, '--no-such-flag']], [['--backend', 'embedded', name, '--no-such-flag']], [['-b', 'mysql', name]], [[name, '--backend']]]))('%j: the same words as the whole program', async (argv) => {
    const run = await runMain(argv, { env: home.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(await wholeProgramSays(argv));
    expect(run.stderr).toMatch(/^error: /);
  });

  test('a word that is not a command still gets the suggestions of every command', async () => {
    const run = await runMain(['histry'], { env: home.env });
    expect(run.stderr).toBe("error: unknown command 'histry'\n(Did you mean history?)\n(run with --help for usage)\n");
  });
});
