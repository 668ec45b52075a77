import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runMain } from '../support/context.js';
import { detailOf, FakeClock, jsonOf, latestSession, SKIP, typed } from '../support/commands-helpers.js';
import { makeHome } from '../support/home.js';

const home = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
const env = home.env;
beforeAll(async () => {
  expect((await runMain(['history', '--json'], { env })).code).toBe(0);
});
afterAll(() => home.cleanup());

/** 09:00 UTC on day n of the scripted calendar. */
const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 0, 15 + n, hour));

interface QuestionJson {
  id: string;
  type: string;
  domain: string | null;
  text: string;
  own: boolean;
  disabled: boolean;
  timeLimitSeconds: number | null;
  keyPoints: string[];
  tags: string[];
}
interface ReviewJson {
  summary: { dueNow: number; overdue: number; laterToday: number; thisWeek: number; later: number };
  days: { date: string; due: number }[];
  questions: { questionId: string; box: number; dueAt: string; due: boolean; lastOutcome: string }[];
}

describe('own questions', () => {
  test('added with flags, listed, shown, picked for an interview with their own time limit, disabled and enabled', async () => {
    const add = await runMain(['questions', 'add', '--domain', 'Acme Corp', '--text', 'Why do you want to work at Acme?', '--tag', 'Motivation', '--key-point', 'the product', '--key-point', 'the team', '--time-limit', '120', '--id', 'acme-why'], { env });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toBe('acme-why\n');
    expect(add.stderr).toBe('✓ Added acme-why.\n');
    const again = await runMain(['questions', 'add', '--domain', 'acme corp', '--text', 'Why do you want to work at Acme?', '--tag', 'motivation', '--key-point', 'the product', '--key-point', 'the team', '--time-limit', '120', '--id', 'acme-why'], { env });
    expect(again.stderr).toBe('acme-why was there already, unchanged.\n');

    const listed = await jsonOf<QuestionJson[]>(env, ['questions', 'list', '--domain', 'acme-corp']);
    expect(listed).toEqual([
      { id: 'acme-why', type: 'custom', domain: 'acme_corp', text: 'Why do you want to work at Acme?', difficulty: 'medium', tags: ['motivation'], keyPoints: ['the product', 'the team'], timeLimitSeconds: 120, own: true, disabled: false },
    ]);
    const shown = await runMain(['questions', 'show', 'acme-why'], { env });
    expect(shown.stdout).toContain('time limit  2:00');
    expect(shown.stdout).toContain('  - the team');

    const clock = new FakeClock();
    const run = await runMain(['start', '--domain', 'acme corp', '--count', '1', '--new'], { env, clock: clock.read, steps: [typed(clock, 'The product, the team, and the mission.', 150)] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Question 1 of 1 · 0:00 elapsed · limit 2:00');
    expect(run.stderr).toContain('over the time limit');
    const detail = await detailOf(env, (await latestSession(env)).id);
    expect(detail.questions[0]).toMatchObject({ questionId: 'acme-why', timeLimitSeconds: 120 });

    expect((await runMain(['questions', 'disable', 'acme-why'], { env })).stderr).toMatch(/^✓ Disabled 1 question\./);
    const none = await runMain(['start', '--domain', 'acme corp', '--count', '1', '--new'], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: unknown domain 'acme corp'/);
    expect((await runMain(['questions', 'enable', 'acme-why'], { env })).stderr).toBe('✓ Enabled 1 question.\n');
    expect((await jsonOf<QuestionJson[]>(env, ['questions', 'list', '--mine']))).toHaveLength(1);
  });

  test.each([
    [['questions', 'add', '--text', 'No type'], 2, 'error: --type and --text are needed: there is no terminal to ask on'],
    [['questions', 'add', '--type', 'technical', '--text', 'Anything', '--id', 'technical-001', '--json'], 1, "error: 'technical-001' is a question of the shared bank"],
    [['questions', 'add', '--type', 'custom', '--text', 'Where?'], 2, 'error: type custom needs a domain'],
    [['questions', 'add', '--type', 'technical', '--text', '   '], 2, 'error: '],
    [['questions', 'show', 'no-such-question'], 1, "error: no question 'no-such-question'"],
    [['questions', 'disable', 'no-such-question'], 1, 'error: no question no-such-question'],
    [['questions', 'edit', 'technical-001'], 1, "error: 'technical-001' is a question of the shared bank: only your own questions can be edited"],
    [['template', 'show', 'nope'], 1, "error: no template named 'nope'"],
    [['template', 'save', 'bad name', '--type', 'technical'], 2, "error: 'bad name' is not a template name"],
    [['template', 'save', 'x'], 2, 'error: say which questions: --from-session ID, or a filter'],
    [['start', '--template', 'nope', '--new'], 1, "error: no template named 'nope'"],
    [['start', '--template', 'x', '--focus', 'weak'], 2, 'error: --template and --focus are alternatives: choose one'],
  ])('%j exits %i with one line', async (argv, code, message) => {
    const run = await runMain(argv, { env });
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr.split('\n')[0]).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('templates', () => {
  test('saved from a session, listed, shown, started (in its order, as a mixed session), replaced only when asked, deleted', async () => {
    const clock = new FakeClock();
    const first = await runMain(['start', '--type', 'behavioral', '--count', '2', '--new'], { env, clock: clock.read, steps: [typed(clock, 'One.', 10), typed(clock, 'Two.', 10)] });
    expect(first.code, first.stderr).toBe(0);
    const source = await detailOf(env, (await latestSession(env)).id);
    const ids = source.questions.map((q) => q.questionId);

    const saved = await runMain(['template', 'save', 'acme-onsite', '--from-session', source.id.slice(0, 8), '--description', 'Round one'], { env });
    expect(saved.stderr).toBe('✓ Saved template acme-onsite: 2 questions. Start it with: amplify start --template acme-onsite\n');
    const refused = await runMain(['template', 'save', 'acme-onsite', '--type', 'technical', '--count', '1'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('error: a template named acme-onsite exists\nReplace it with --replace, or choose another name.\n');
    expect(await jsonOf<{ name: string; questionCount: number }[]>(env, ['template', 'list'])).toEqual([expect.objectContaining({ name: 'acme-onsite', description: 'Round one', questionCount: 2 })]);
    expect((await jsonOf<{ questions: { questionId: string }[] }>(env, ['template', 'show', 'acme-onsite'])).questions.map((q) => q.questionId)).toEqual(ids);

    const run = await runMain(['start', '--template', 'acme-onsite', '--new'], { env, clock: clock.read, steps: [typed(clock, 'Again one.', 10), typed(clock, 'Again two.', 10)] });
    expect(run.code, run.stderr).toBe(0);
    const asked = await detailOf(env, (await latestSession(env)).id);
    expect(asked.questions.map((q) => q.questionId)).toEqual(ids);
    expect(asked).toMatchObject({ interviewType: 'behavioral', config: { template: 'acme-onsite', questionCount: 2 } });

    expect((await runMain(['template', 'save', 'acme-onsite', '--type', 'technical', '--count', '1', '--replace'], { env })).stderr).toMatch(/^✓ Replaced template acme-onsite: 1 question\./);
    const mixed = await runMain(['template', 'save', 'mixed-bag', '--tag', 'leadership'], { env });
    expect(mixed.code, mixed.stderr).toBe(0);
    expect((await runMain(['template', 'delete', 'acme-onsite'], { env })).stderr).toBe('✓ Deleted template acme-onsite. Its questions stay in the bank.\n');
    expect((await runMain(['template', 'delete', 'acme-onsite'], { env })).code).toBe(1);
  });
});

describe('weak questions come back (a scripted calendar)', () => {
  test('failed or skipped today comes back before one answered well; well answered moves further out each time; disabled never comes back', async () => {
    const reviewHome = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
    const renv = reviewHome.env;
    try {
      const clock = new FakeClock();
      // The wall clock of day n moves on with the scripted clock, as answers take their time.
      const at = (n: number, hour = 9) => {
        const base = clock.read();
        return () => new Date(day(n, hour).getTime() + clock.read() - base);
      };
      const start = (n: number, argv: string[], steps: Parameters<typeof runMain>[1]['steps'], hour = 9) =>
        runMain(['start', ...argv, '--new'], { env: renv, tty: true, clock: clock.read, now: at(n, hour), steps });
      const review = async (n: number, hour = 9) => {
        const run = await runMain(['review', '--json'], { env: renv, now: at(n, hour) });
        expect(run.code, run.stderr).toBe(0);
        return JSON.parse(run.stdout) as ReviewJson;
      };

      // Day 0: three technical questions: one good, one skipped, one rated "again".
      const first = await start(0, ['--type', 'technical', '--count', '3'], [typed(clock, 'A careful, complete answer.', 60), { rate: 'good' }, SKIP, typed(clock, 'Not sure.', 20), { rate: 'again' }]);
      expect(first.code, first.stderr).toBe(0);
      first.prompter.assertDone();
      const [good, skipped, failed] = (await detailOf(renv, (await latestSession(renv)).id)).questions.map((q) => q.questionId) as [string, string, string];

      let state = await review(0, 12);
      expect(state.summary).toMatchObject({ dueNow: 2, overdue: 0, thisWeek: 1 });
      expect(state.questions.map((q) => [q.questionId, q.box, q.due])).toEqual([
        [skipped, 0, true],
        [failed, 0, true],
        [good, 1, false],
      ]);
      expect(state.days[1]).toMatchObject({ date: '2026-01-16', due: 1 });

      // The weak ones come first; the one answered well is not due, so a new one tops it up.
      const weak = await start(0, ['--focus', 'weak', '--count', '3'], [typed(clock, 'Better now.', 30), { rate: 'good' }, typed(clock, 'Also better.', 30), { rate: 'good' }, typed(clock, 'New one.', 30), { rate: 'good' }], 13);
      expect(weak.code, weak.stderr).toBe(0);
      expect(weak.stderr).toContain('2 questions due for review, 1 new.');
      const weakDetail = await detailOf(renv, (await latestSession(renv)).id);
      expect(weakDetail.questions.map((q) => q.questionId).slice(0, 2)).toEqual([skipped, failed]);
      expect(weakDetail.questions[2]!.questionId).not.toMatch(new RegExp(`^(${good}|${skipped}|${failed})$`));
      // Topped up from every type: the session is mixed unless the new question is technical too.
      expect(weakDetail.interviewType).toBe(weakDetail.questions[2]!.questionId.startsWith('technical-') ? 'technical' : 'mixed');

      // Answered well each time, a question moves out 1, then 3, then 7 days (the four due together, the most overdue first).
      const dueOf = async (n: number, hour: number) => (await review(n, hour)).questions.find((q) => q.questionId === good)!;
      expect(await dueOf(0, 14)).toMatchObject({ box: 1, dueAt: expect.stringMatching(/^2026-01-16T09:01/) });
      const well = () => [typed(clock, 'A careful, complete answer.', 60), { rate: 'good' as const }];
      for (const [n, hour, box, next] of [[1, 15, 2, '2026-01-19'], [4, 16, 3, '2026-01-26']] as const) {
        const again = await start(n, ['--focus', 'weak', '--count', '4'], [...well(), ...well(), ...well(), ...well()], hour);
        expect(again.code, again.stderr).toBe(0);
        expect(again.stderr).toContain('4 questions due for review, 0 new.');
        expect((await detailOf(renv, (await latestSession(renv)).id)).questions[0]!.questionId).toBe(good);
        expect(await dueOf(n, hour + 1)).toMatchObject({ box, dueAt: expect.stringMatching(new RegExp(`^${next}T${hour}:01`)) });
      }

      // Disabled: gone from review and from every weak interview, however long after.
      expect((await runMain(['questions', 'disable', failed], { env: renv })).code).toBe(0);
      expect((await review(100)).questions.map((q) => q.questionId)).not.toContain(failed);
      const late = await runMain(['start', '--focus', 'weak', '--count', '50', '--new', '--no-rate'], { env: renv, now: at(100), steps: Array.from({ length: 50 }, () => SKIP) });
      expect(late.code, late.stderr).toBe(0);
      expect((await detailOf(renv, (await latestSession(renv)).id)).questions.map((q) => q.questionId)).not.toContain(failed);
    } finally {
      reviewHome.cleanup();
    }
  });

  test('review prints the summary, the due questions and a two-week calendar', async () => {
    const clock = new FakeClock();
    expect((await runMain(['start', '--type', 'behavioral', '--count', '1', '--new'], { env, clock: clock.read, now: () => day(0), steps: [SKIP] })).code).toBe(0);
    const run = await runMain(['review'], { env, now: () => day(0, 23) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Due now \d+/);
    expect(run.stdout).toContain('The next two weeks');
    expect(run.stdout.split('\n').filter((l) => /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d-\d\d /.test(l))).toHaveLength(14);
  });
});

describe('question files', () => {
  const fileHome = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
  const fenv = fileHome.env;
  afterAll(() => fileHome.cleanup());
  const write = (name: string, text: string) => {
    const path = join(fileHome.dir, name);
    writeFileSync(path, text);
    return path;
  };
  const ACME = `# Template: acme-onsite
The onsite loop.

## Why Acme?

- id: acme-why
- domain: acme
- tags: motivation
- key points:
  - the product
  - the team

## Design Acme's checkout for a sale day.

- type: system design
- time limit: 5m
`;

  test('check names every problem by line; import is all or nothing, then idempotent, and saves the template', async () => {
    const bad = write('bad.md', `${ACME}\n## Third?\n- type: chess\n- dificulty: hard\n`);
    const checked = await runMain(['questions', 'check', bad], { env: fenv });
    expect(checked.code).toBe(1);
    expect(checked.stderr).toBe(
      `${bad}:19: unknown type "chess" (behavioral, technical, system design, custom)\n` +
        `${bad}:20: unknown field "dificulty" (id, type, domain, difficulty, tags, time limit, key points); did you mean "difficulty"?\n` +
        `error: ${bad} has 2 problems\n`,
    );
    const refused = await runMain(['questions', 'import', bad], { env: fenv });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: ${bad} has 2 problems: nothing was imported\n`);
    expect(await jsonOf<QuestionJson[]>(fenv, ['questions', 'list', '--mine'])).toEqual([]);
    expect(await jsonOf<unknown[]>(fenv, ['template', 'list'])).toEqual([]);

    const good = write('acme.md', ACME);
    expect((await runMain(['questions', 'check', good], { env: fenv })).stderr).toBe(`✓ ${good}: 2 questions in template acme-onsite, no problems.\n`);
    const imported = await runMain(['questions', 'import', good], { env: fenv });
    expect(imported.stderr).toBe(`✓ Imported ${good}: 2 added, 0 updated, 0 unchanged. Template acme-onsite saved (2 questions).\n`);
    const again = await jsonOf<{ added: number; unchanged: number; ids: string[] }>(fenv, ['questions', 'import', good]);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 2, template: 'acme-onsite' });
    expect(again.ids[0]).toBe('acme-why');
    const mine = await jsonOf<QuestionJson[]>(fenv, ['questions', 'list', '--mine']);
    expect(mine.map((q) => [q.type, q.domain, q.timeLimitSeconds])).toEqual(expect.arrayContaining([['custom', 'acme', null], ['system_design', null, 300]]));
    expect((await jsonOf<{ questions: { questionId: string }[] }>(fenv, ['template', 'show', 'acme-onsite'])).questions.map((q) => q.questionId)).toEqual(again.ids);
  });

  test.each(['md', 'json', 'csv'] as const)('export as %s and import elsewhere gives the same questions; a template travels as md and json', async (format) => {
    expect((await runMain(['questions', 'import', write('acme.md', ACME)], { env: fenv })).code).toBe(0);
    const out = join(fileHome.dir, `mine.${format}`);
    const exported = await runMain(['questions', 'export', '--format', format, '--out', out], { env: fenv });
    expect(exported.stderr).toBe(`✓ Exported 2 questions to ${out}.\n`);
    const elsewhere = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
    try {
      expect((await runMain(['questions', 'import', out], { env: elsewhere.env })).code).toBe(0);
      const strip = (qs: QuestionJson[]) => qs.map(({ id, ...rest }) => ({ ...rest, id: id.startsWith('own-') ? 'derived' : id }));
      expect(strip(await jsonOf<QuestionJson[]>(elsewhere.env, ['questions', 'list', '--mine']))).toEqual(strip(await jsonOf<QuestionJson[]>(fenv, ['questions', 'list', '--mine'])));
      if (format !== 'csv') {
        const templateFile = join(fileHome.dir, `acme-onsite.${format}`);
        expect((await runMain(['template', 'export', 'acme-onsite', '--format', format, '--out', templateFile], { env: fenv })).code).toBe(0);
        const imported = await runMain(['template', 'import', templateFile], { env: elsewhere.env });
        expect(imported.code, imported.stderr).toBe(0);
        expect((await jsonOf<{ name: string }[]>(elsewhere.env, ['template', 'list'])).map((t) => t.name)).toEqual(['acme-onsite']);
      } else {
        expect((await runMain(['template', 'import', out], { env: elsewhere.env })).stderr).toContain(':1: no template header');
      }
    } finally {
      elsewhere.cleanup();
    }
  });

  test('edit opens the question in $EDITOR; a valid edit is saved and sessions keep the text they asked; a broken one is kept in a file', async () => {
    const editor = join(fileHome.dir, 'editor.cjs');
    writeFileSync(editor, `#!${process.execPath}\nconst fs = require('node:fs');\nconst file = process.argv.at(-1);\nfs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(process.env.EDIT_FROM, process.env.EDIT_TO));\n`);
    chmodSync(editor, 0o755);
    expect((await runMain(['questions', 'import', write('acme.md', ACME)], { env: fenv })).code).toBe(0);
    const clock = new FakeClock();
    expect((await runMain(['start', '--template', 'acme-onsite', '--new', '--count', '1'], { env: fenv, clock: clock.read, steps: [typed(clock, 'The product.', 20)] })).code).toBe(0);
    const asked = (await latestSession(fenv)).id;

    const edited = await runMain(['questions', 'edit', 'acme-why'], { env: { ...fenv, EDITOR: editor, EDIT_FROM: '## Why Acme?', EDIT_TO: '## Why Acme, and why now?' } });
    expect(edited.stderr).toBe('✓ Saved acme-why. Sessions that asked it keep the text they asked.\n');
    expect((await jsonOf<QuestionJson>(fenv, ['questions', 'show', 'acme-why'])).text).toBe('Why Acme, and why now?');
    expect((await detailOf(fenv, asked)).questions[0]!.questionText).toBe('Why Acme?');

    const unchanged = await runMain(['questions', 'edit', 'acme-why'], { env: { ...fenv, EDITOR: editor, EDIT_FROM: 'nothing to find', EDIT_TO: '' } });
    expect(unchanged.stderr).toBe('No change.\n');
    const broken = await runMain(['questions', 'edit', 'acme-why'], { env: { ...fenv, EDITOR: editor, EDIT_FROM: '- domain: acme', EDIT_TO: '- domain: acme\n- difficulty: impossible' } });
    expect(broken.code).toBe(1);
    const kept = /Your edit is kept in (\S+);/.exec(broken.stderr)?.[1] as string;
    expect(broken.stderr).toContain(`${kept}:6: unknown difficulty "impossible" (easy, medium, hard)\n${kept}:7: "difficulty" is given twice (also line 6)\nerror: the edit has 2 problems: the question is unchanged\n`);
    expect(readFileSync(kept, 'utf8')).toContain('- difficulty: impossible');
    expect((await jsonOf<QuestionJson>(fenv, ['questions', 'show', 'acme-why'])).text).toBe('Why Acme, and why now?');
  });
});

describe('questions add in a terminal, and two imports at once', () => {
  test('asks every field it was not given; Ctrl+C at a prompt adds nothing', async () => {
    const run = await runMain(['questions', 'add'], {
      env,
      tty: true,
      steps: [
        { select: 'Type of question', choose: 'custom' },
        { text: 'Domain', answer: 'Interview Prep' },
        { text: 'The question', answer: 'What would you build first?' },
        { select: 'Difficulty', choose: 'hard' },
        { text: 'Tags', answer: 'planning; priorities' },
        { text: 'Key points', answer: 'the users; the riskiest part' },
        { number: 'Time limit', answer: 90 },
      ],
    });
    expect(run.code, run.stderr).toBe(0);
    run.prompter.assertDone();
    const id = run.stdout.trim();
    expect(await jsonOf<QuestionJson>(env, ['questions', 'show', id])).toMatchObject({ type: 'custom', domain: 'interview_prep', difficulty: 'hard', tags: ['planning', 'priorities'], keyPoints: ['the users', 'the riskiest part'], timeLimitSeconds: 90, own: true });
    const before = (await jsonOf<QuestionJson[]>(env, ['questions', 'list', '--mine'])).length;
    const cancelled = await runMain(['questions', 'add'], { env, tty: true, steps: [{ select: 'Type of question', choose: 'technical' }, { cancel: 'text' }] });
    expect(cancelled.code).toBe(130);
    expect(await jsonOf<QuestionJson[]>(env, ['questions', 'list', '--mine'])).toHaveLength(before);
  });

  test('the same file imported by two commands at once: both succeed, each question once', async () => {
    const path = join(home.dir, 'race.md');
    writeFileSync(path, Array.from({ length: 40 }, (_, i) => `## Race question ${i}?\n- domain: race\n`).join('\n'));
    const runs = await Promise.all([runMain(['questions', 'import', path, '--json'], { env }), runMain(['questions', 'import', path, '--json'], { env })]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const added = runs.map((r) => (JSON.parse(r.stdout) as { added: number }).added);
    expect(added[0]! + added[1]!).toBe(40);
    expect(await jsonOf<QuestionJson[]>(env, ['questions', 'list', '--domain', 'race'])).toHaveLength(40);
  });
});
