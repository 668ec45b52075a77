import { Command, CommanderError, InvalidArgumentError, Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Context } from './context.js';
import { CancelledError, DatabaseUnavailableError, JournalWriteError, UsageError, UserError } from './errors.js';
import { EXPORT_FORMATS } from './interview/export-format-names.js';
import { MAX_TIME_LIMIT_SECONDS, normaliseType } from './interview/selection.js';
import { VERSION } from './package-info.js';
import { BACKENDS, type InterviewType } from './store/store.js';

function wholeNumber(name: string, min: number, max: number, what = 'a whole number') {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min) throw new InvalidArgumentError(`${name} must be ${what}${min > 0 ? ` of at least ${min}` : ''}.`);
    if (Number(value) > max) throw new InvalidArgumentError(`${name} must be at most ${max}.`);
    return Number(value);
  };
}

function interviewType(value: string): InterviewType {
  const type = normaliseType(value);
  if (!type) throw new InvalidArgumentError('Allowed: behavioral, technical, system-design, custom.');
  return type;
}

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const fileFormatOption = () => new Option('-f, --format <format>', 'md | json | csv (by default, from the file name)').choices(['md', 'json', 'csv'] as const);

/** Each command of the program, by name: a command line that names one needs only it built (see main). */
const COMMANDS: Record<string, (program: Command, ctx: Context) => void> = {
  start: (program, ctx) => {
    program
      .command('start')
      .description('Start an interview: choose a type, answer one question at a time.')
      .option('-t, --type <type>', 'behavioral | technical | system-design | custom', interviewType)
      .option('-d, --domain <domain>', 'custom domain, e.g. frontend (implies --type custom)')
      .option('-n, --count <n>', 'number of questions', wholeNumber('--count', 1, 10_000))
      .option('-l, --time-limit <seconds>', 'time limit per question, in seconds (0 for none)', wholeNumber('--time-limit', 0, MAX_TIME_LIMIT_SECONDS, 'a whole number of seconds'))
      .option('-e, --editor', 'write every answer in $EDITOR')
      .option('--new', 'start a new interview even if one is unfinished')
      .option('-q, --quiet', 'no feedback after each answer (it is stored all the same: amplify show)')
      .addOption(new Option('--feedback <mode>', "local (default), or ai: also a model's feedback, from OPENAI_BASE_URL").choices(['local', 'ai'] as const))
      .option('--template <name>', 'ask the questions of a saved template (amplify template list)')
      .addOption(new Option('--focus <what>', 'weak: the questions due for review, most overdue first, topped up with new ones').choices(['weak'] as const))
      .option('--no-rate', 'do not ask for a rating (again, hard, good, easy) after each answer')
      .addHelpText(
        'after',
        examples([
          'amplify start',
          'amplify start --focus weak',
          'amplify start --template acme-onsite',
          'amplify start --type behavioral --count 5 --time-limit 120',
          'amplify start --domain frontend --count 3 --editor',
          'amplify start --type behavioral --count 3 --feedback ai',
          "printf 'My answer\\n.\\n' | amplify start --type technical --count 1 --new",
        ]),
      )
      .action(async (options) => (await import('./commands/start.js')).runStart(options, ctx));
  },
  resume: (program, ctx) => {
    program
      .command('resume')
      .description('Continue an unfinished interview where it stopped.')
      .argument('[session-id]', 'session id or a unique prefix of it')
      .option('-e, --editor', 'write every answer in $EDITOR')
      .option('--discard', 'discard the session instead of resuming it')
      .option('--no-rate', 'do not ask for a rating (again, hard, good, easy) after each answer')
      .option('-q, --quiet', 'no feedback after each answer (it is stored all the same: amplify show)')
      .addOption(new Option('--feedback <mode>', "local (default), or ai: also a model's feedback, from OPENAI_BASE_URL").choices(['local', 'ai'] as const))
      .addHelpText('after', examples(['amplify resume', 'amplify resume 3f2a', 'amplify resume 3f2a --discard']))
      .action(async (id, options) => (await import('./commands/resume.js')).runResume(id, options, ctx));
  },
  history: (program, ctx) => {
    program
      .command('history')
      .description('List past interviews, newest first.')
      .option('-n, --limit <n>', 'how many sessions', wholeNumber('--limit', 1, 10_000), 20)
      .option('-t, --type <type>', 'only this type: behavioral | technical | system-design | custom', interviewType)
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify history', 'amplify history --type technical --limit 5', 'amplify history --json | jq .']))
      .action(async (options) => (await import('./commands/history.js')).runHistory(options, ctx));
  },
  show: (program, ctx) => {
    program
      .command('show')
      .description('Show one session: every question, its answer, its time and its feedback.')
      .argument('<session-id>', 'session id or a unique prefix of it')
      .option('--compare', 'put each answer beside your previous answer to the same question: a word diff and both scores')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify show 3f2a', 'amplify show 3f2a --compare', 'amplify show 3f2a9c1e --json']))
      .action(async (id, options) => (await import('./commands/show.js')).runShow(id, options, ctx));
  },
  feedback: (program, ctx) => {
    program
      .command('feedback')
      .description("Show the feedback on a session's answers, ask a model for what is missing, or re-score every answer after the analyser improved.")
      .argument('[session-id]', 'session id or a unique prefix of it')
      .addOption(new Option('--feedback <mode>', "ai: ask the model for the feedback a session's answers lack").choices(['local', 'ai'] as const))
      .option('--rescore', 'compute the local feedback again for every answer scored by an older analyser (or never scored)')
      .option('--all', 'with --rescore: every answer, whatever its version')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify feedback 3f2a', 'amplify feedback 3f2a --feedback ai', 'amplify feedback --rescore', 'amplify feedback 3f2a --json']))
      .action(async (id, options) => (await import('./commands/feedback.js')).runFeedback(id, options, ctx));
  },
  stats: (program, ctx) => {
    program
      .command('stats')
      .description('Completion rate, average duration by type, response times, and your progress over time.')
      .option('--since <when>', 'progress since a date (2026-01-15) or a span back from now (7d, 4w, 3m)')
      .option('--until <when>', 'progress until a date, or a span back from now')
      .option('-t, --type <type>', 'progress of one type: behavioral | technical | system-design | custom', interviewType)
      .option('-d, --domain <domain>', 'progress of one custom domain, e.g. frontend')
      .addOption(new Option('--by <period>', 'progress per day, week or month').choices(['day', 'week', 'month'] as const).default('week' as const))
      .option('--all-users', "every user's sessions (a team owner's report: needs a connection that may read every row)")
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify stats', 'amplify stats --since 4w --by day', 'amplify stats --type technical --since 3m --by month', 'SUPABASE_SERVICE_ROLE_KEY=… amplify stats --all-users', 'amplify stats --json']))
      .action(async (options) => (await import('./commands/stats.js')).runStats(options, ctx));
  },
  export: (program, ctx) => {
    program
      .command('export')
      .description('Write sessions with their questions and answers as JSON, CSV or Markdown.')
      .argument('[session-ids...]', 'session ids or unique prefixes of them')
      .option('--all', 'every session')
      .option('--since <when>', 'sessions started since a date (2026-01-15) or a span back from now (7d, 4w, 3m)')
      .addOption(new Option('-f, --format <format>', 'json (complete, for amplify import) | csv (a row per answer) | md (a transcript)').choices(EXPORT_FORMATS).default('json' as const))
      .option('-o, --out <file>', 'write to this file (made whole at the end) instead of standard output')
      .addHelpText('after', examples(['amplify export 3f2a', 'amplify export --all > amplify.json', 'amplify export --since 4w --format csv --out answers.csv', 'amplify export --all --format md | less']))
      .action(async (ids, options) => (await import('./commands/export.js')).runExport(ids, options, ctx));
  },
  import: (program, ctx) => {
    program
      .command('import')
      .description('Merge an export (the JSON of amplify export) into the current backend; twice changes nothing.')
      .argument('<file>', 'a JSON file written by amplify export')
      .option('--json', 'print the summary as JSON')
      .addHelpText('after', examples(['amplify import amplify.json', 'amplify export --all --backend supabase > all.json && amplify import all.json --backend embedded']))
      .action(async (file, options) => (await import('./commands/import.js')).runImport(file, options, ctx));
  },
  sync: (program, ctx) => {
    program
      .command('sync')
      .description('Send answers queued while the database was unreachable.')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify sync']))
      .action(async (options) => (await import('./commands/sync.js')).runSync(options, ctx));
  },
  status: (program, ctx) => {
    program
      .command('status')
      .description('Show what is queued locally and whether the database is reachable.')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify status', 'amplify status --json']))
      .action(async (options) => (await import('./commands/status.js')).runStatus(options, ctx));
  },
  login: (program, ctx) => {
    program
      .command('login')
      .description('Sign in to the Supabase project: email and password, or a one-time code sent by email.')
      .option('--email <email>', 'the account\'s email address')
      .option('--password-stdin', 'read the password from standard input (for scripts)')
      .option('--otp', 'sign in with a one-time code sent by email instead of a password')
      .option('--code <code>', 'the code from the email (with --otp, when there is no terminal to type it)')
      .addHelpText(
        'after',
        examples([
          'amplify login',
          "printf '%s\\n' \"$AMPLIFY_PASSWORD\" | amplify login --email you@example.com --password-stdin",
          'amplify login --email you@example.com --otp',
        ]),
      )
      .action(async (options) => (await import('./commands/login.js')).runLogin(options, ctx));
  },
  signup: (program, ctx) => {
    program
      .command('signup')
      .description('Create an account on the Supabase project (where the project allows it).')
      .option('--email <email>', 'the email address of the new account')
      .option('--password-stdin', 'read the password from standard input (for scripts)')
      .addHelpText('after', examples(['amplify signup', "printf '%s\\n' \"$AMPLIFY_PASSWORD\" | amplify signup --email you@example.com --password-stdin"]))
      .action(async (options) => (await import('./commands/signup.js')).runSignup(options, ctx));
  },
  logout: (program, ctx) => {
    program
      .command('logout')
      .description('Sign out of the Supabase project and forget the sign-in on this machine.')
      .addHelpText('after', examples(['amplify logout']))
      .action(async () => (await import('./commands/logout.js')).runLogout(ctx));
  },
  whoami: (program, ctx) => {
    program
      .command('whoami')
      .description('Say who answers are stored as: the Supabase user signed in, or the local profile.')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify whoami', 'amplify whoami --json']))
      .action(async (options) => (await import('./commands/whoami.js')).runWhoami(options, ctx));
  },
  questions: (program, ctx) => {
    const questions = program
      .command('questions')
      .description('Your question bank: the shared questions and your own; add, edit, disable, import and export them.')
      .addHelpText('after', examples(['amplify questions list --search cache', 'amplify questions add --type behavioral --text "Why Acme?"', 'amplify questions import acme.md', 'amplify questions export --out mine.md']));
    questions
      .command('list')
      .description('List the questions you can be asked, yours and the shared ones.')
      .option('-t, --type <type>', 'behavioral | technical | system-design | custom', interviewType)
      .option('-d, --domain <domain>', 'a custom domain, e.g. frontend')
      .option('--tag <tag>', 'only questions with this tag')
      .option('-s, --search <text>', 'only questions whose text contains this (any case)')
      .option('--mine', 'only your own questions')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify questions list --type technical', 'amplify questions list --search "rate limit" --json']))
      .action(async (options) => (await import('./commands/questions.js')).runQuestionsList(options, ctx));
    questions
      .command('show')
      .description('Show one question: its key points, time limit and where it stands in review.')
      .argument('<id>', 'the question id')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify questions show technical-004']))
      .action(async (id, options) => (await import('./commands/questions.js')).runQuestionsShow(id, options, ctx));
    questions
      .command('add')
      .description('Add a question of your own: every field from a flag, or asked for in a terminal.')
      .option('-t, --type <type>', 'behavioral | technical | system-design | custom', interviewType)
      .option('-d, --domain <domain>', 'custom domain, e.g. frontend (implies --type custom)')
      .option('--text <text>', 'the question')
      .addOption(new Option('--difficulty <level>', 'easy | medium | hard').choices(['easy', 'medium', 'hard'] as const))
      .option('--tag <tag>', 'a tag (repeat for more)', collect)
      .option('--key-point <point>', 'what a strong answer touches (repeat for more)', collect)
      .option('-l, --time-limit <seconds>', 'its own time limit, in seconds (0 for none)', wholeNumber('--time-limit', 0, MAX_TIME_LIMIT_SECONDS, 'a whole number of seconds'))
      .option('--id <id>', 'an id of your choosing (letters, digits, "-", "_", "."); derived from the text otherwise')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify questions add', 'amplify questions add --domain acme --text "Why Acme?" --tag motivation --key-point "the product" --key-point "the team" --time-limit 120']))
      .action(async (options) => (await import('./commands/questions.js')).runQuestionsAdd(options, ctx));
    questions
      .command('edit')
      .description('Edit one of your questions in $EDITOR; sessions that asked it keep the text they asked.')
      .argument('<id>', 'the question id')
      .addHelpText('after', examples(['amplify questions edit acme-why']))
      .action(async (id) => (await import('./commands/questions.js')).runQuestionsEdit(id, ctx));
    questions
      .command('disable')
      .description('Never pick these questions again, nor bring them back for review (for you only).')
      .argument('<ids...>', 'question ids')
      .addHelpText('after', examples(['amplify questions disable behavioral-007']))
      .action(async (ids) => (await import('./commands/questions.js')).runQuestionsDisable(ids, true, ctx));
    questions
      .command('enable')
      .description('Pick disabled questions again.')
      .argument('<ids...>', 'question ids')
      .addHelpText('after', examples(['amplify questions enable behavioral-007']))
      .action(async (ids) => (await import('./commands/questions.js')).runQuestionsDisable(ids, false, ctx));
    questions
      .command('import')
      .description('Add or update your questions from a Markdown, JSON or CSV file: all or nothing; twice changes nothing.')
      .argument('<file>', 'a .md, .json or .csv file')
      .addOption(fileFormatOption())
      .option('--dry-run', 'check the file and import nothing')
      .option('--json', 'print the summary as JSON')
      .addHelpText('after', examples(['amplify questions import acme.md', 'amplify questions import bank.csv --dry-run']))
      .action(async (file, options) => (await import('./commands/questions.js')).runQuestionsImport(file, options, ctx));
    questions
      .command('export')
      .description('Write your questions (or, with --all, the shared ones too) as Markdown, JSON or CSV.')
      .addOption(new Option('-f, --format <format>', 'md | json | csv').choices(['md', 'json', 'csv'] as const).default('md' as const))
      .option('-o, --out <file>', 'write to this file (made whole at the end) instead of standard output')
      .option('--all', 'the shared questions too')
      .option('-t, --type <type>', 'behavioral | technical | system-design | custom', interviewType)
      .option('-d, --domain <domain>', 'a custom domain, e.g. frontend')
      .option('--tag <tag>', 'only questions with this tag')
      .addHelpText('after', examples(['amplify questions export --out mine.md', 'amplify questions export --all --format csv > bank.csv']))
      .action(async (options) => (await import('./commands/questions.js')).runQuestionsExport(options, ctx));
    questions
      .command('check')
      .description('Check a question file without importing it: every problem, with its line.')
      .argument('<file>', 'a .md, .json or .csv file')
      .addOption(fileFormatOption())
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify questions check acme.md']))
      .action(async (file, options) => (await import('./commands/questions.js')).runQuestionsCheck(file, options, ctx));
  },
  template: (program, ctx) => {
    const template = program
      .command('template')
      .description('Reusable interviews: named lists of questions, kept in the database.')
      .addHelpText('after', examples(['amplify template save acme --from-session 3f2a', 'amplify template list', 'amplify start --template acme']));
    template
      .command('save')
      .description("Save a template from a past session's questions, or from a filter.")
      .argument('<name>', 'letters, digits, ".", "-", "_"')
      .option('--from-session <id>', 'the questions of this session, in its order')
      .option('-t, --type <type>', 'behavioral | technical | system-design | custom', interviewType)
      .option('-d, --domain <domain>', 'a custom domain, e.g. frontend')
      .option('--tag <tag>', 'questions with this tag')
      .addOption(new Option('--difficulty <level>', 'easy | medium | hard').choices(['easy', 'medium', 'hard'] as const))
      .option('-n, --count <n>', 'at most this many, picked at random', wholeNumber('--count', 1, 500))
      .option('--description <text>', 'a line saying what it is for')
      .option('--replace', 'replace a template of the same name')
      .addHelpText('after', examples(['amplify template save acme-onsite --from-session 3f2a', 'amplify template save leadership --type behavioral --tag leadership --count 6']))
      .action(async (name, options) => (await import('./commands/template.js')).runTemplateSave(name, options, ctx));
    template
      .command('list')
      .description('List your templates.')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify template list']))
      .action(async (options) => (await import('./commands/template.js')).runTemplateList(options, ctx));
    template
      .command('show')
      .description("Show a template's questions in order.")
      .argument('<name>', 'the template')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify template show acme-onsite']))
      .action(async (name, options) => (await import('./commands/template.js')).runTemplateShow(name, options, ctx));
    template
      .command('delete')
      .description('Delete a template (its questions stay).')
      .argument('<name>', 'the template')
      .addHelpText('after', examples(['amplify template delete acme-onsite']))
      .action(async (name) => (await import('./commands/template.js')).runTemplateDelete(name, ctx));
    template
      .command('export')
      .description('Write a template with its questions as Markdown or JSON (amplify template import reads it back).')
      .argument('<name>', 'the template')
      .addOption(new Option('-f, --format <format>', 'md | json').choices(['md', 'json', 'csv'] as const).default('md' as const))
      .option('-o, --out <file>', 'write to this file instead of standard output')
      .addHelpText('after', examples(['amplify template export acme-onsite --out acme-onsite.md']))
      .action(async (name, options) => (await import('./commands/template.js')).runTemplateExport(name, options, ctx));
    template
      .command('import')
      .description('Import a template file: its questions (added or updated) and the template, all or nothing.')
      .argument('<file>', 'a .md or .json file with a template header')
      .addOption(fileFormatOption())
      .option('--dry-run', 'check the file and import nothing')
      .option('--json', 'print the summary as JSON')
      .addHelpText('after', examples(['amplify template import acme-onsite.md']))
      .action(async (file, options) => (await import('./commands/template.js')).runTemplateImport(file, options, ctx));
  },
  review: (program, ctx) => {
    program
      .command('review')
      .description('The questions due to come back (weak ones sooner), and a calendar of the next two weeks.')
      .option('-t, --type <type>', 'behavioral | technical | system-design | custom', interviewType)
      .option('-d, --domain <domain>', 'a custom domain, e.g. frontend')
      .option('--all', 'every question with a review state, not only those due within a week')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify review', 'amplify review --type behavioral', 'amplify start --focus weak']))
      .action(async (options) => (await import('./commands/review.js')).runReview(options, ctx));
  },
  db: (program, ctx) => {
    const db = program
      .command('db')
      .description('The database: where it is, who owns it, a psql shell.')
      .addHelpText('after', examples(['amplify db status', 'amplify db shell', 'amplify db check --json']));
    db.command('status')
      .description('Say which backend is used and which process owns the embedded database.')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify db status']))
      .action(async (options) => (await import('./commands/db.js')).runDbStatus(options, ctx));
    db.command('shell')
      .description('Open psql on the database.')
      .addHelpText('after', examples(['amplify db shell']))
      .action(async () => (await import('./commands/db.js')).runDbShell(ctx));
    db.command('check')
      .description('Check the integrity of the stored data.')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify db check']))
      .action(async (options) => (await import('./commands/db.js')).runDbCheck(options, ctx));
    db.command('copy')
      .description('Copy every session of yours, with its answers, from one backend to another (safe to run again).')
      .addOption(new Option('--to <backend>', 'where to copy to').choices(BACKENDS).makeOptionMandatory())
      .addOption(new Option('--from <backend>', 'where to copy from (default: the current backend)').choices(BACKENDS))
      .option('--dry-run', 'count what would be copied, and copy nothing')
      .option('--json', 'print the summary as JSON')
      .addHelpText('after', examples(['amplify db copy --to supabase', 'amplify db copy --from supabase --to embedded', 'amplify db copy --to postgres --dry-run']))
      .action(async (options) => (await import('./commands/db-copy.js')).runDbCopy(options, ctx));
    db.command('stop')
      .description('Stop the process that serves the embedded database (it also stops by itself when idle).')
      .addHelpText('after', examples(['amplify db stop']))
      .action(async () => (await import('./commands/db.js')).runDbStop(ctx));
  },
  config: (program, ctx) => {
    const config = program
      .command('config')
      .description('Read and change settings.')
      .addHelpText('after', examples(['amplify config list', 'amplify config set editor true', 'amplify config set backend supabase']));
    const SETTING_KEYS = 'editor | rate | backend | database-url | supabase-url | supabase-anon-key | feedback | ai-model';
    config
      .command('list')
      .description('Print every setting, where its value comes from, secrets masked.')
      .option('--json', 'print JSON')
      .addHelpText('after', examples(['amplify config list', 'amplify config list --json']))
      .action(async (options) => (await import('./commands/config.js')).runConfigList(options, ctx));
    config
      .command('get')
      .description('Print every setting, or one, as `key=value` (secrets masked).')
      .argument('[key]', SETTING_KEYS)
      .addHelpText('after', examples(['amplify config get', 'amplify config get editor']))
      .action(async (key) => (await import('./commands/config.js')).runConfigGet(key, ctx));
    config
      .command('set')
      .description('Change a setting.')
      .argument('<key>', SETTING_KEYS)
      .argument('<value>', 'the new value')
      .addHelpText(
        'after',
        examples([
          'amplify config set editor true',
          'amplify config set database-url postgres://me@db.example.com/amplify',
          'amplify config set supabase-url https://abcdefghijklmnop.supabase.co',
          'amplify config set backend supabase',
        ]),
      )
      .action(async (key, value) => (await import('./commands/config.js')).runConfigSet(key, value, ctx));
    config
      .command('unset')
      .description('Remove a setting from the settings file: its default applies again.')
      .argument('<key>', SETTING_KEYS)
      .addHelpText('after', examples(['amplify config unset supabase-anon-key']))
      .action(async (key) => (await import('./commands/config.js')).runConfigUnset(key, ctx));
  },
};

/** The whole program, or with `only`, the program with that one command. */
export function buildProgram(ctx: Context, only?: string): Command {
  const program = new Command('amplify')
    .description('Practise interviews in your terminal. Every answer is stored, with its timing, in Postgres.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      outputError: (text, write) => write(text),
    })
    .addOption(new Option('-b, --backend <backend>', 'use this backend for one command (overrides AMPLIFY_BACKEND and the setting)').choices(BACKENDS))
    .hook('preAction', (command) => {
      ctx.backendFlag = command.opts().backend;
      return ctx.prepareOutput();
    })
    .addHelpText('after', examples(['amplify start', 'amplify start --type technical --count 5', 'amplify history --limit 5', 'amplify stats']));

  for (const [name, register] of Object.entries(COMMANDS)) if (only === undefined || name === only) register(program, ctx);
  return program;
}

/**
 * The command a command line names, when the program has it: only that one is built (the
 * others cost every run a millisecond). A line that names none, or that opens with anything
 * but the backend option, gets the whole program: commander's errors and suggestions name
 * the other commands.
 */
function namedCommand(argv: string[]): string | undefined {
  let i = 0;
  while (argv[i] === '-b' || argv[i] === '--backend') i += 2;
  const word = argv[i];
  return word !== undefined && Object.hasOwn(COMMANDS, word) ? word : undefined;
}

/** The commands that keep answers in the journal while the database is unreachable. */
const JOURNAL_COMMANDS = new Set(['start', 'resume', 'sync', 'status']);

/** Runs one command line and returns the exit code; only bin/ exits the process. */
export async function main(argv: string[], ctx: Context): Promise<number> {
  const program = buildProgram(ctx, namedCommand(argv));
  if (argv.length === 0) {
    // Nothing asked for is a usage error: the help goes where errors go, so a script notices.
    program.outputHelp({ error: true });
    return 2;
  }
  let command: string | null = null;
  program.hook('preAction', (_program, action) => {
    const names: string[] = [];
    for (let c: CommandUnknownOpts | null = action; c?.parent; c = c.parent) names.unshift(c.name());
    command = names.join(' ');
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has already written what it had to say (help, version, a usage error): no styles needed.
    if (error instanceof CommanderError) return commanderExitCode(error);
    await ctx.prepareOutput();
    return reportError(error, ctx, command);
  }
}

function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
  // Help shown because no command was given (`amplify --backend supabase`) is a usage error, as `amplify` alone is.
  if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2;
  return error.exitCode === 0 ? 0 : 2;
}

function reportError(error: unknown, ctx: Context, command: string | null): number {
  const { stderr } = ctx;
  if (error instanceof CancelledError) {
    return error.exitCode;
  }
  if (error instanceof UserError) {
    stderr.write(`${stderr.style.red('error:')} ${error.message}\n`);
    if (error.hint) stderr.write(`${stderr.style.dim(error.hint)}\n`);
    if (error instanceof UsageError) stderr.write(`${stderr.style.dim('(run with --help for usage)')}\n`);
    return error.exitCode;
  }
  if (error instanceof DatabaseUnavailableError) {
    stderr.write(`${stderr.style.red('error:')} ${error.message}\n`);
    const journal = command !== null && JOURNAL_COMMANDS.has(command);
    stderr.write(`${stderr.style.dim(connectionHint(error, journal))}\n`);
    return 1;
  }
  if (error instanceof JournalWriteError) {
    stderr.write(`${stderr.style.red('error:')} ${error.message}\n`);
    stderr.write(`${stderr.style.dim('Make room on that disk, or make the directory writable, and run the command again.')}\n`);
    return 1;
  }
  const err = error as Error & { code?: string; path?: string };
  const fileProblem = err.code && err.path ? FILE_PROBLEMS[err.code] : undefined;
  if (fileProblem) {
    stderr.write(`${stderr.style.red('error:')} cannot use ${err.path}: ${fileProblem}\n`);
    stderr.write(`${stderr.style.dim('Amplify keeps its files under AMPLIFY_HOME, or ~/.config/amplify and ~/.local/share/amplify.')}\n`);
    return 1;
  }
  // Anything else is a bug: one line, and the stack when asked for.
  const detail = err.code ? ` (${err.code})` : err.name && err.name !== 'Error' ? ` (${err.name})` : '';
  stderr.write(`${stderr.style.red('error:')} unexpected: ${err.message ?? String(err)}${detail}\n`);
  if (ctx.env.AMPLIFY_DEBUG) stderr.write(`${err.stack ?? String(err)}\n`);
  else stderr.write(`${stderr.style.dim('This is a bug in amplify. Run again with AMPLIFY_DEBUG=1 for the stack trace, and please report it.')}\n`);
  return 1;
}

/** Errors of the files amplify keeps, in words a person can act on. */
const FILE_PROBLEMS: Record<string, string> = {
  ENOTDIR: 'a file is in the way where a directory should be',
  EISDIR: 'a directory is in the way where a file should be',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
};

/** What the user can do about each kind of connection failure. */
function connectionHint(error: DatabaseUnavailableError, journalCommand: boolean): string {
  const kept = journalCommand ? '; answers given during an interview are kept in the journal' : '';
  const url = 'the database URL (`amplify config get database-url`, or AMPLIFY_DATABASE_URL)';
  switch (error.problem) {
    case 'invalid-url':
      return 'Set a valid one, e.g. `amplify config set database-url postgres://user@host:5432/amplify`.';
    case 'auth-failed':
      return `Check the user and password in ${url}.`;
    case 'no-database':
      return `Create that database (e.g. \`createdb <name>\`), or fix its name in ${url}.`;
    case 'unknown-host':
      return `Check the host name in ${url}, and your network connection.`;
    case 'timeout':
      return `Check that the database is a running PostgreSQL server; AMPLIFY_DB_TIMEOUT_MS sets how long amplify waits (in ms)${kept}.`;
    case 'migration-locked':
      return 'Another amplify is updating the database schema; try again in a moment.';
    case 'owner-elsewhere':
      return `If amplify no longer runs on that host, remove ${error.file}.`;
    case 'owner-failed':
      return `See ${error.file}.`;
    case 'unreachable':
      return `Check \`amplify db status\`${kept}.`;
  }
}
