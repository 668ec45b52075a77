// `npm run bench`: the figures of issues 2, 3 and 11, each beside `node -e 0` measured in the same
// run, as medians of several runs (the machine is noisy). Not a test: it prints, it asserts nothing.
// NODE_EXTRA_CA_CERTS and NODE_OPTIONS are unset for every process it starts (see machineInfo).
//
//   BENCH_RUNS       runs per figure (default 10)
//   BENCH_SLOW_RUNS  runs of cold history and of the first run, ~2-4 s each (default BENCH_RUNS / 2, at least 3)
//   BENCH_SYNC_RUNS  runs of the 10,000-answer sync (default min(BENCH_RUNS, 3))
//   BENCH_SNAPSHOT=0 measure dist/ in place instead of a private copy of the build
//   BENCH_ONLY       a comma-separated subset of: startup,first,answer,journal,sync,questions,imports,profiles,supabase,scale
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { timedInterview } from './interview-driver.mjs';
import { technicalQuestions, writeQueuedSessions } from './journal-fixtures.mjs';
import {
  ROOT,
  amplify,
  answerText,
  fmtMs,
  killAllOwnersNow,
  makeHome,
  ownerPid,
  printTable,
  product,
  psql,
  removeAllHomes,
  removeBuildSnapshot,
  removeHome,
  summarize,
  timed,
  useBuildSnapshot,
} from './lib.mjs';
import { chunkContents, chunkFiles, staticImports } from './chunks.mjs';
import { loadProfile, summarizeByScript, summarizeProfile } from './profile.mjs';
import { scaleSection } from './scale.mjs';
import { supabaseSection } from './supabase.mjs';
import { WireProxy } from './wire-proxy.mjs';

const int = (value, fallback) => (Number.isInteger(Number(value)) && Number(value) > 0 ? Number(value) : fallback);
const RUNS = int(process.env.BENCH_RUNS, 10);
const SLOW_RUNS = int(process.env.BENCH_SLOW_RUNS, Math.max(3, Math.ceil(RUNS / 2)));
const SYNC_RUNS = int(process.env.BENCH_SYNC_RUNS, Math.min(RUNS, 3));
const INTERVIEW_QUESTIONS = 20;
const SYNC_RESPONSES = 10_000;
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
const wanted = (section) => !ONLY || ONLY.has(section);

// Unset here too, so that no process started by any section inherits them.
const inherited = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'].filter((name) => process.env[name]);
for (const name of inherited) delete process.env[name];

const rows = [];
const details = [];
const note = (line = '') => details.push(line);
const benchStarted = performance.now();

process.on('exit', killAllOwnersNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killAllOwnersNow();
    process.exit(130);
  });
}

function row(name, stats, { baseline, target, pass } = {}) {
  const ratio = baseline ? `${(stats.median / baseline.median).toFixed(2)}×` : '';
  const mark = pass === undefined ? '' : pass ? 'PASS' : 'MISS';
  rows.push([name, stats.n, fmtMs(stats.median), fmtMs(stats.min), fmtMs(stats.p90), fmtMs(stats.max), ratio, target ?? '', mark]);
}

function progress(text) {
  process.stderr.write(`  · ${text} (${((performance.now() - benchStarted) / 1000).toFixed(0)} s)\n`);
}

// ------------------------------------------------------------------------- machine

function machineInfo() {
  const cpu = cpus();
  let fs = '?';
  try {
    const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' '));
    const dir = tmpdir();
    const best = mounts.filter((m) => m[1] && (dir === m[1] || dir.startsWith(m[1] === '/' ? '/' : `${m[1]}/`))).sort((a, b) => b[1].length - a[1].length)[0];
    if (best) fs = `${best[2]} (${best[0]} on ${best[1]})`;
  } catch {
    // not Linux
  }
  let commit = '?';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a git checkout
  }
  console.log('Amplify benchmark');
  console.log(`  machine   ${cpu.length} cores × ${cpu[0]?.model.trim() ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${release()}`);
  console.log(`  node      ${process.version}`);
  console.log(`  load avg  ${loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min) at start`);
  console.log(`  temp dir  ${tmpdir()} on ${fs} (homes and journals live here)`);
  console.log(`  build     commit ${commit}; measuring ${product.snapshot ? `a copy of the build in ${product.snapshot}` : 'dist/ in place'}`);
  console.log(`  runs      BENCH_RUNS=${RUNS}, BENCH_SLOW_RUNS=${SLOW_RUNS}, BENCH_SYNC_RUNS=${SYNC_RUNS}`);
  // NODE_EXTRA_CA_CERTS alone adds tens of ms to every Node process (it reads and parses the
  // file at start): left set, it would slow the baseline and every command alike and hide the ratios.
  console.log('  env       every process runs with PATH, HOME, AMPLIFY_HOME, NO_COLOR only: NODE_EXTRA_CA_CERTS and NODE_OPTIONS unset');
  console.log(`            (${inherited.length ? `${inherited.join(' and ')} set in this shell, left out` : 'neither is set in this shell'})`);
  console.log('');
}

// ------------------------------------------------------------------------- start-up

/** Start-up targets of issue 11, as ratios to `node -e 0` measured in the same run. */
const STARTUP_TARGETS = { help: 1.3, version: 1.3, history: 1.8, stats: 2.0, show: 2.0 };

async function startUp() {
  progress('start-up: node -e 0, --help, --version, warm history, stats, show (interleaved)');
  const home = makeHome();
  // Some history to show: 50 sessions of 5 answers, landed through sync.
  await amplify(['history'], { env: home.env });
  writeQueuedSessions(home, technicalQuestions(home), { sessions: 50, perSession: 5 });
  await amplify(['sync'], { env: home.env });
  const sessions = Number(psql(home, 'select count(*) from interview_sessions'));
  const newest = JSON.parse((await amplify(['history', '--json', '--limit', '1'], { env: home.env })).stdout)[0].id;

  // The floor of an entry point such as bin/amplify.js: an empty ES module, an empty CommonJS one.
  const emptyModule = join(home.dir, 'empty.mjs');
  const emptyScript = join(home.dir, 'empty.cjs');
  writeFileSync(emptyModule, '');
  writeFileSync(emptyScript, '');
  // Every process gets the same small environment (lib.mjs, makeHome): NODE_OPTIONS or
  // NODE_EXTRA_CA_CERTS in the caller's environment would slow every process, and hide the ratios.
  const node = (args) => () => timed(process.execPath, args, { env: home.env });
  const run = (args) => () => amplify(args, { env: home.env });
  const measured = [
    { name: 'node -e 0 (baseline)', run: node(['-e', '0']) },
    { name: 'node empty.mjs (floor of an ESM entry)', run: node([emptyModule]) },
    { name: 'node empty.cjs (floor of a CommonJS entry)', run: node([emptyScript]) },
    { name: 'amplify --help', run: run(['--help']), target: STARTUP_TARGETS.help },
    { name: 'amplify --version', run: run(['--version']), target: STARTUP_TARGETS.version },
    { name: `amplify history, warm (${sessions} sessions)`, run: run(['history']), target: STARTUP_TARGETS.history },
    // The same, with the owner not answering it (src/owner-reads/): the whole CLI loads in this process.
    { name: 'amplify history, warm, run in its own process', run: () => amplify(['history'], { env: { ...home.env, AMPLIFY_NO_OWNER_READS: '1' } }) },
    { name: 'amplify stats, warm', run: run(['stats']), target: STARTUP_TARGETS.stats },
    { name: 'amplify show <id>, warm (5 answers)', run: run(['show', newest.slice(0, 8)]), target: STARTUP_TARGETS.show },
  ].map((m) => ({ ...m, samples: [] }));
  // Two untimed rounds first, so that every file is in the page cache and the owner is up.
  for (let i = 0; i < 2; i++) for (const m of measured) await m.run();
  const owner = ownerPid(home);
  // Interleaved, so that a slower or faster moment of a shared machine touches every figure alike.
  for (let i = 0; i < RUNS; i++) for (const m of measured) m.samples.push((await m.run()).ms);
  if (ownerPid(home) !== owner) note(`! the owner changed during the warm runs (${owner} → ${ownerPid(home)}): some warm runs were cold`);

  progress('history cold: `amplify db stop` before each run');
  const cold = [];
  const coldOpen = [];
  for (let i = 0; i < SLOW_RUNS; i++) {
    await amplify(['db', 'stop'], { env: home.env });
    cold.push((await amplify(['history'], { env: home.env })).ms);
    coldOpen.push(...ownerOpenTimes(home).slice(-1));
  }

  // Where a warm history's time goes on the wire.
  await warmWireBreakdown(home);
  await removeHome(home);

  const base = summarize(measured[0].samples);
  row(measured[0].name, base);
  for (const m of measured.slice(1)) {
    const stats = summarize(m.samples);
    const target = m.target ? { target: `≤ ${m.target.toFixed(1)}× base`, pass: stats.median <= m.target * base.median } : {};
    row(m.name, stats, { baseline: base, ...target });
  }
  row('amplify history, cold (owner stopped)', summarize(cold), { baseline: base });
  if (coldOpen.length > 0) note(`Cold history: the owner's own "database open" (owner.log) took median ${fmtMs(summarize(coldOpen).median)} of the ${fmtMs(summarize(cold).median)}.`);
}

/** The "database open in N ms" lines of the owner's log: PGlite open (or template load) plus migrations check. */
function ownerOpenTimes(home) {
  try {
    return [...readFileSync(join(home.dir, 'data', 'owner.log'), 'utf8').matchAll(/database open in (\d+) ms/g)].map((m) => Number(m[1]));
  } catch {
    return [];
  }
}

async function warmWireBreakdown(home) {
  await amplify(['history'], { env: home.env });
  const proxy = new WireProxy(join(home.dir, 'data'));
  await proxy.start();
  const runs = Math.max(3, Math.ceil(RUNS / 2));
  const wall = [];
  try {
    for (let i = 0; i < runs; i++) wall.push((await amplify(['history'], { env: home.env })).ms);
  } finally {
    await proxy.stop();
  }
  const s = proxy.stats;
  // The owner answers history (src/owner-reads/): these are the exchanges of the command it runs for the asker.
  note(`Warm history on the wire (${runs} runs through the counting proxy, median wall ${fmtMs(summarize(wall).median)}; the command's own connection, made in the owner that answers it), per run:`);
  note(`  ${(s.connections / runs).toFixed(0)} connection, ${(s.transactions / runs).toFixed(1)} transactions, ${(s.statements / runs).toFixed(1)} statements, ${(s.roundTrips / runs).toFixed(1)} round trips in ${(s.turns / runs).toFixed(1)} sequential waits, ${fmtMs(s.dbMs / runs)} waiting for the database:`);
  note(
    `  ${[...proxy.byStatement.entries()]
      .sort((a, b) => b[1].dbMs - a[1].dbMs)
      .map(([name, v]) => `${name} ${(v.roundTrips / runs).toFixed(0)} RT ${fmtMs(v.dbMs / runs)}`)
      .join(', ')}`,
  );
  note();
}

async function firstRun() {
  progress('first run on an empty AMPLIFY_HOME');
  const samples = [];
  const open = [];
  for (let i = 0; i < SLOW_RUNS; i++) {
    const home = makeHome();
    samples.push((await amplify(['history'], { env: home.env })).ms);
    open.push(...ownerOpenTimes(home));
    await amplify(['db', 'stop'], { env: home.env });
    await removeHome(home);
  }
  const stats = summarize(samples);
  row('first run (history, empty home)', stats, { target: '< 3 s', pass: stats.median < 3000 });
  if (open.length > 0) note(`First run: the owner's "database open" (template load + migrations check, owner.log) took median ${fmtMs(summarize(open).median)} (max ${fmtMs(summarize(open).max)}) of the ${fmtMs(stats.median)}.`);
  if (stats.max >= 3000) note(`! first run: the median is ${fmtMs(stats.median)} but the slowest run took ${fmtMs(stats.max)}`);
}

// ------------------------------------------------------------------------- one answer

async function storeAnswer() {
  progress(`store one answer: ${RUNS} piped interviews of ${INTERVIEW_QUESTIONS} answers`);
  const home = makeHome();
  await amplify(['history'], { env: home.env });
  const first = [];
  const rest = [];
  let queued = 0;
  for (let i = 0; i < RUNS; i++) {
    const result = await timedInterview(home, INTERVIEW_QUESTIONS);
    first.push(result.ms[0]);
    rest.push(...result.ms.slice(1));
    queued += result.queued;
  }
  const restStats = summarize(rest);
  row(`store one answer (answers 2–${INTERVIEW_QUESTIONS}, end to end)`, restStats, { target: '< 20 ms', pass: restStats.median < 20 });
  const firstStats = summarize(first);
  row('store the first answer of an interview', firstStats, { target: '< 20 ms', pass: firstStats.median < 20 });
  if (queued > 0) note(`! ${queued} answers were saved only locally: the database refused or did not answer`);

  // Where an answer's time goes: database round trips and time, through the counting proxy.
  progress('one more interview through the wire proxy, with --cpu-prof');
  const proxy = new WireProxy(join(home.dir, 'data'));
  const profileDir = mkdtempSync(join(tmpdir(), 'ampb-prof-'));
  await proxy.start();
  const marks = [];
  let proxied;
  try {
    proxied = await timedInterview(home, INTERVIEW_QUESTIONS, {
      nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir],
      // From the first question on: the setup queries of `start` are not an answer's cost.
      onAsked: (i) => i === 0 && proxy.reset(),
      onSaved: () => marks.push({ ...proxy.stats, byStatement: structuredClone(proxy.byStatement) }),
    });
  } finally {
    await proxy.stop();
  }
  const inAnswers = summarizeProfile(loadProfile(profileDir), proxied.windows.slice(1));
  rmSync(profileDir, { recursive: true, force: true });
  const [m1, mN] = [marks[0], marks.at(-1)];
  const answers = INTERVIEW_QUESTIONS - 1;
  const per = (key) => (mN[key] - m1[key]) / answers;
  note(`Store one answer, where the time goes (answers 2–${INTERVIEW_QUESTIONS} of one interview through a counting wire proxy):`);
  note(`  end to end (through the proxy, profiled) median ${fmtMs(summarize(proxied.ms.slice(1)).median)}; first answer ${fmtMs(proxied.ms[0])}`);
  note(`  per answer: ${per('transactions').toFixed(1)} transactions, ${per('statements').toFixed(1)} statements, ${per('roundTrips').toFixed(1)} round trips in ${per('turns').toFixed(1)} sequential waits, ${fmtMs(per('dbMs'))} waiting for the database`);
  const calls = [...mN.byStatement.entries()]
    .map(([name, s]) => [name, s.roundTrips - (m1.byStatement.get(name)?.roundTrips ?? 0), s.dbMs - (m1.byStatement.get(name)?.dbMs ?? 0)])
    .filter(([, n]) => n > 0)
    .map(([name, n, ms]) => `${name} ${(n / answers).toFixed(1)} RT ${fmtMs(ms / answers)}`);
  note(`  per answer, round trips (RT) and database time by statement: ${calls.join(', ')}`);
  note(`  the CLI process during those answers, by --cpu-prof (mean ${fmtMs(inAnswers.totalMs / answers)} per answer):`);
  for (const [name, ms] of inAnswers.categories) note(`    ${name.padEnd(62)} ${fmtMs(ms / answers).padStart(8)} per answer`);
  note(`  first answer: ${m1.connections} new connection(s), ${m1.transactions} transactions, ${m1.roundTrips} round trips, ${fmtMs(m1.dbMs)} waiting for the database`);

  // How many journal writes (atomic rename of session-*.json) and fsyncs an answer costs.
  const writes = await journalWritesPerAnswer(home);
  if (writes) note(`  journal per answer (strace, interview of 11 minus interview of 1, over 10 answers): ${writes.renames.toFixed(1)} atomic writes, ${writes.fsyncs.toFixed(1)} fsyncs`);
  note();
  await removeHome(home);
}

async function journalWritesPerAnswer(home) {
  if (spawnSync('strace', ['-V']).status !== 0) return null;
  progress('counting journal writes with strace');
  const counts = [];
  for (const count of [1, 11]) {
    const dir = mkdtempSync(join(tmpdir(), 'ampb-strace-'));
    const out = join(dir, 'trace');
    try {
      await timedInterview(home, count, { prefix: ['strace', '-f', '-qq', '-e', 'trace=rename,renameat,renameat2,fsync,fdatasync', '-o', out] });
      const lines = readFileSync(out, 'utf8').split('\n');
      counts.push({
        renames: lines.filter((l) => /rename/.test(l) && /session-[0-9a-f-]{36}\.json"/.test(l)).length,
        fsyncs: lines.filter((l) => /\b(fsync|fdatasync)\(/.test(l)).length,
      });
    } catch (error) {
      note(`  (strace count failed: ${error.message.split('\n')[0]})`);
      return null;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { renames: (counts[1].renames - counts[0].renames) / 10, fsyncs: (counts[1].fsyncs - counts[0].fsyncs) / 10 };
}

// ------------------------------------------------------------------------- journal writes

/**
 * The real journal module of src/, bundled for this run: the figure measures the code that
 * ships, not a copy of it.
 */
async function loadJournalModule() {
  const { build } = await import('esbuild');
  const out = join(mkdtempSync(join(tmpdir(), 'ampb-journal-module-')), 'journal.mjs');
  await build({ entryPoints: [join(ROOT, 'src/journal/journal.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'warning' });
  return import(pathToFileURL(out).href);
}

/** One session of `answers` answers through SessionJournal.update, as the Recorder writes them. */
function journalWrites({ Journal, newJournalSession }, answers) {
  const dir = mkdtempSync(join(tmpdir(), 'ampb-journal-'));
  try {
    const journal = new Journal(dir);
    const samples = [];
    let bytes = 0;
    for (let run = 0; run < RUNS; run++) {
      const entry = journal.create(
        newJournalSession({
          id: crypto.randomUUID(),
          interviewType: 'technical',
          customDomain: null,
          config: { questionCount: answers, timeLimitSeconds: null },
          questions: Array.from({ length: answers }, (_, i) => ({
            questionId: crypto.randomUUID(),
            questionText: `Walk me through how you would design question ${i + 1}, and which trade-offs you would make along the way?`,
            difficulty: 'medium',
          })),
          startedAt: new Date().toISOString(),
          createdInDb: true,
        }),
      );
      for (let i = 0; i < answers; i++) {
        const started = performance.now();
        entry.update((s) => {
          s.responses.push({ id: crypto.randomUUID(), questionId: s.questions[i].questionId, responseText: answerText(i), duration: 60 + i, answeredAt: new Date().toISOString(), acked: false });
          s.position = i + 1;
          s.activeMs += 60_000;
        });
        samples.push(performance.now() - started);
        // The acknowledgement the CLI writes once the database has the answer (not timed here).
        entry.update((s) => {
          s.responses[i].acked = true;
          s.positionInDb = i + 1;
        });
      }
      bytes = statSync(entry.path).size;
    }
    return { stats: summarize(samples), bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function journal() {
  progress('journal writes (the real src/journal/journal.ts)');
  const module = await loadJournalModule();
  for (const answers of [10, 100]) {
    const { stats, bytes } = journalWrites(module, answers);
    row(`journal write per answer (${answers}-answer session, ${(bytes / 1024).toFixed(0)} KB at the end)`, stats);
  }
}

// ------------------------------------------------------------------------- sync

async function queuedHome(bankRef) {
  const home = makeHome();
  await amplify(['history'], { env: home.env });
  const bank = technicalQuestions(home);
  const perSession = Math.min(10, bank.length);
  const sessions = Math.ceil(SYNC_RESPONSES / perSession);
  writeQueuedSessions(home, bank, { sessions, perSession });
  Object.assign(bankRef, { perSession, sessions, bank: bank.length });
  return home;
}

function verifySync(home, shape, output) {
  const responses = Number(psql(home, 'select count(*) from interview_responses'));
  const completed = Number(psql(home, 'select count(*) from interview_sessions where completed_at is not null'));
  const left = readdirSync(join(home.dir, 'config', 'journal')).filter((f) => f.endsWith('.json')).length;
  const ok = responses === SYNC_RESPONSES && completed === shape.sessions && left === 0;
  return { ok, text: `${responses} responses and ${completed} completed sessions in the database, ${left} journal files left; the CLI said: ${output.trim().split('\n').at(-1)}` };
}

async function sync() {
  const shape = {};
  const samples = [];
  for (let i = 0; i < SYNC_RUNS; i++) {
    progress(`sync of ${SYNC_RESPONSES} queued answers, run ${i + 1} of ${SYNC_RUNS}`);
    const home = await queuedHome(shape);
    const result = await amplify(['sync'], { env: home.env, timeoutMs: 300_000 });
    samples.push(result.ms);
    const check = verifySync(home, shape, result.stderr);
    if (!check.ok || i === 0) note(`${check.ok ? 'Sync verified' : '! Sync check FAILED'} (run ${i + 1}): ${check.text}`);
    await removeHome(home);
  }
  const stats = summarize(samples);
  row(`amplify sync, ${SYNC_RESPONSES} queued answers (${shape.sessions} × ${shape.perSession})`, stats, { target: '< 5 s', pass: stats.median < 5000 });

  progress('sync once more, through the wire proxy and with --cpu-prof');
  const home = await queuedHome(shape);
  const proxy = new WireProxy(join(home.dir, 'data'));
  const profileDir = mkdtempSync(join(tmpdir(), 'ampb-prof-'));
  await proxy.start();
  let result;
  try {
    result = await timed(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profileDir, product.bin, 'sync'], { env: home.env, timeoutMs: 300_000 });
  } finally {
    await proxy.stop();
  }
  const s = proxy.stats;
  const apiCalls = [...proxy.byStatement.entries()].filter(([name]) => name.startsWith('public.'));
  const apiCount = apiCalls.reduce((n, [, v]) => n + v.calls, 0);
  note(`Sync of ${SYNC_RESPONSES} answers (${shape.sessions} sessions × ${shape.perSession}, from a bank of ${shape.bank} technical questions), where the time goes:`);
  note(`  wall ${fmtMs(result.ms)} with --cpu-prof and the proxy; ${s.connections} connection(s)`);
  note(`  database: ${apiCount} data-API call(s) = ${(apiCount / shape.sessions).toFixed(3)} per session, ${s.transactions} transactions, ${s.roundTrips} round trips in ${s.turns} sequential waits, ${fmtMs(s.dbMs)} waiting for the database`);
  for (const [name, v] of [...proxy.byStatement.entries()].sort((a, b) => b[1].dbMs - a[1].dbMs)) {
    note(`    ${name.padEnd(36)} ${String(v.calls).padStart(5)} calls ${String(v.roundTrips).padStart(5)} RT ${fmtMs(v.dbMs).padStart(8)}`);
  }
  const profile = summarizeProfile(loadProfile(profileDir));
  note(`  CLI process by --cpu-prof (${fmtMs(profile.totalMs)} profiled):`);
  for (const [name, ms] of profile.categories) note(`    ${name.padEnd(62)} ${fmtMs(ms).padStart(8)}  ${((ms / profile.totalMs) * 100).toFixed(0).padStart(3)} %`);
  note(`  heaviest leaf functions: ${profile.leaves.map(([n, ms]) => `${n} ${fmtMs(ms)}`).join(', ')}`);
  const check = verifySync(home, shape, result.stderr);
  if (!check.ok) note(`! Sync check FAILED (profiled run): ${check.text}`);
  note();
  rmSync(profileDir, { recursive: true, force: true });
  await removeHome(home);
}

// ---------------------------------------------------------------------- question files

const BANK_FILE_QUESTIONS = 5_000;

/** A Markdown question file of `count` questions with ids, each text tagged with `version`. */
function questionFile(dir, count, version) {
  const sections = Array.from({ length: count }, (_, i) => `## Question ${i} of the bank, version ${version}: how would you approach it?\n\n- id: bank-${i}\n- domain: bench\n- tags: t${i % 9}, bench\n- key points:\n  - the first point\n  - the second point\n`);
  const file = join(dir, `bank-${version}.md`);
  writeFileSync(file, sections.join('\n'));
  return file;
}

/** `questions import` of a large file: new, again unchanged, and every question changed; `questions list --json` of it. */
async function questionFiles() {
  const samples = { added: [], unchanged: [], updated: [], list: [], base: [] };
  for (let i = 0; i < SLOW_RUNS; i++) {
    progress(`questions import of ${BANK_FILE_QUESTIONS} questions, run ${i + 1} of ${SLOW_RUNS}`);
    const home = makeHome();
    await amplify(['history'], { env: home.env, timeoutMs: 120_000 });
    const [first, second] = [questionFile(home.dir, BANK_FILE_QUESTIONS, 'a'), questionFile(home.dir, BANK_FILE_QUESTIONS, 'b')];
    samples.base.push((await timed(process.execPath, ['-e', '0'], { env: home.env })).ms);
    samples.added.push((await amplify(['questions', 'import', first], { env: home.env, timeoutMs: 120_000 })).ms);
    samples.unchanged.push((await amplify(['questions', 'import', first], { env: home.env, timeoutMs: 120_000 })).ms);
    samples.updated.push((await amplify(['questions', 'import', second], { env: home.env, timeoutMs: 120_000 })).ms);
    const list = await amplify(['questions', 'list', '--mine', '--json'], { env: home.env, timeoutMs: 120_000 });
    samples.list.push(list.ms);
    const listed = JSON.parse(list.stdout).length;
    if (listed !== BANK_FILE_QUESTIONS) note(`! questions list found ${listed} questions, not ${BANK_FILE_QUESTIONS}`);
    await removeHome(home);
  }
  const base = summarize(samples.base);
  row('node -e 0 (baseline, same run)', base);
  row(`questions import, ${BANK_FILE_QUESTIONS} new (Markdown, 0.9 MB)`, summarize(samples.added), { target: '< 5 s', pass: summarize(samples.added).median < 5000 });
  row(`questions import, the same ${BANK_FILE_QUESTIONS} again (unchanged)`, summarize(samples.unchanged), { target: '< 5 s', pass: summarize(samples.unchanged).median < 5000 });
  row(`questions import, all ${BANK_FILE_QUESTIONS} changed`, summarize(samples.updated), { target: '< 5 s', pass: summarize(samples.updated).median < 5000 });
  row(`questions list --mine --json, ${BANK_FILE_QUESTIONS} questions`, summarize(samples.list));
}

// ------------------------------------------------------------------------- import costs

/** What each heavy piece costs to import in a fresh process (excluding Node's own start). */
async function importCosts() {
  progress('import() costs');
  const k = Math.min(RUNS, 5);
  // A CommonJS file (the CLI's build) is required, anything else imported; the time inside that call.
  const cost = async (fileOrUrl) => {
    const samples = [];
    const commonJs = fileOrUrl.endsWith('.cjs');
    const load = commonJs ? `require(${JSON.stringify(fileOrUrl)})` : `await import(${JSON.stringify(fileOrUrl)})`;
    const code = `const t = performance.now(); ${load}; process.stdout.write(String(performance.now() - t)); process.exit(0);`;
    for (let i = 0; i < k; i++) {
      const args = commonJs ? ['-e', code] : ['--input-type=module', '-e', code];
      samples.push(Number((await timed(process.execPath, args, { env: { PATH: process.env.PATH, NO_COLOR: '1' } })).stdout));
    }
    return summarize(samples).median;
  };
  const dist = join(product.root, 'dist');
  const cli = ['cli.cjs', 'cli.js'].map((f) => join(dist, f)).find((f) => existsSync(f));
  const staticGraph = staticImports(cli);
  const staticKb = [...staticGraph].reduce((n, f) => n + statSync(f).size, 0) / 1024;
  const floorDir = mkdtempSync(join(tmpdir(), 'ampb-empty-'));
  writeFileSync(join(floorDir, 'empty.mjs'), '');
  const floor = await cost(pathToFileURL(join(floorDir, 'empty.mjs')).href);
  rmSync(floorDir, { recursive: true, force: true });
  note(`Import costs (median of ${k} fresh processes, time inside the first require() of a .cjs file or import() of anything else; an empty ES module costs ${fmtMs(floor)}, the ESM loader's own start):`);
  note(`  dist/${cli.slice(dist.length + 1)} with its static imports (${staticGraph.size} files, ${staticKb.toFixed(0)} KB): ${fmtMs(await cost(cli.endsWith('.cjs') ? cli : pathToFileURL(cli).href))}`);
  // Every chunk the CLI loads at start-up, and the lazy ones of 8 KB or more.
  const chunks = chunkFiles(dist, 'cli').filter((f) => staticGraph.has(f) || statSync(f).size >= 8 * 1024);
  const measured = [];
  for (const chunk of chunks) measured.push([chunk, await cost(chunk.endsWith('.cjs') ? chunk : pathToFileURL(chunk).href)]);
  for (const [chunk, ms] of measured.sort((a, b) => b[1] - a[1])) {
    const name = chunk.slice(dist.length + 1);
    note(`  ${name.padEnd(22)} ${fmtMs(ms).padStart(7)}  ${(statSync(chunk).size / 1024).toFixed(0).padStart(4)} KB  ${staticGraph.has(chunk) ? 'static ' : 'lazy   '} ${chunkContents(chunk)}`);
  }
  const packages = ['commander', 'chalk', 'cli-table3', 'conf', 'postgres', 'pg', '@inquirer/prompts', '@supabase/supabase-js', '@electric-sql/pglite'];
  const parts = [];
  for (const name of packages) {
    try {
      parts.push(`${name} ${fmtMs(await cost(import.meta.resolve(name)))}`);
    } catch {
      // not installed
    }
  }
  note(`  packages on their own (unbundled, from node_modules): ${parts.join(', ')}`);
  note();
}

/** A --cpu-prof of one command: how much is module loading, waiting, JavaScript. */
async function startUpProfile(args, env, label) {
  const dir = mkdtempSync(join(tmpdir(), 'ampb-prof-'));
  try {
    await timed(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, product.bin, ...args], { env });
    const profile = summarizeProfile(loadProfile(dir));
    note(`  ${label} (${fmtMs(profile.totalMs)} profiled): ${profile.categories.map(([n, ms]) => `${n.replace(/ \(.*\)$/, '')} ${fmtMs(ms)}`).join(', ')}`);
    const dist = join(product.root, 'dist');
    const scripts = summarizeByScript(loadProfile(dir))
      .slice(0, 7)
      .map(([name, ms]) => {
        const inside = /^dist\/(cli|owner)-/.test(name) ? ` [${chunkContents(join(dist, name.slice(5))).split(', ').slice(0, 2).join(', ')}]` : '';
        return `${name}${inside} ${fmtMs(ms)}`;
      });
    note(`    by script: ${scripts.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startUpProfiles() {
  progress('--cpu-prof of --help and warm history');
  const home = makeHome();
  await amplify(['history'], { env: home.env });
  note('Start-up profiles (node --cpu-prof, one run each; the profiler adds its own overhead):');
  await startUpProfile(['--help'], home.env, 'amplify --help');
  await startUpProfile(['history'], home.env, 'amplify history, warm (the owner answers it)');
  await startUpProfile(['history'], { ...home.env, AMPLIFY_NO_OWNER_READS: '1' }, 'amplify history, warm, in its own process');
  note();
  await removeHome(home);
}

// ------------------------------------------------------------------------- main

if (process.env.BENCH_SNAPSHOT !== '0') useBuildSnapshot();
machineInfo();
try {
  // Ratios are to the baseline of this run, measured in the start-up section.
  if (wanted('startup')) await startUp();
  if (wanted('first')) await firstRun();
  if (wanted('answer')) await storeAnswer();
  if (wanted('journal')) await journal();
  if (wanted('sync')) await sync();
  if (wanted('questions')) await questionFiles();
  if (wanted('imports')) await importCosts();
  if (wanted('profiles')) await startUpProfiles();
  if (wanted('supabase')) await supabaseSection({ runs: RUNS, questions: INTERVIEW_QUESTIONS, row, note, progress });
  if (wanted('scale')) await scaleSection({ runs: RUNS, row, note, progress });
} finally {
  await removeAllHomes();
  removeBuildSnapshot();
}

console.log('');
printTable(['benchmark', 'runs', 'median', 'min', 'p90', 'max', '× base', 'target', ''], rows);
console.log('');
for (const line of details) console.log(line);
console.log(`Load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}. Bench took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s.`);
