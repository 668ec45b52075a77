// The supabase section of `npm run bench`: one answer over the PostgREST and Auth stand-ins on
// loopback, beside the embedded database measured in the same run with the same driver; the
// requests each answer costs, counted at the stand-in; and what a supabase command costs to start.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { timedInterview } from './interview-driver.mjs';
import { ROOT, amplify, fmtMs, makeHome, removeHome, summarize, timed } from './lib.mjs';

const PASSWORD = 'bench password 1';

/** The stand-in in a child process (TypeScript, through vite-node): {url, anonKey, ask(line), stop()}. */
async function startProject() {
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'vite-node'), [join(ROOT, 'test', 'bench', 'supabase-standin.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () =>
    new Promise((resolve, reject) => {
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`the Supabase stand-in stopped (${code}):\n${stderr}`)));
    });
  const { url, anonKey } = JSON.parse(await next());
  return {
    url,
    anonKey,
    ask: async (command) => {
      const answer = next();
      child.stdin.write(`${command}\n`);
      return answer;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.stdin.end();
      }),
  };
}

export async function supabaseSection({ runs, questions, row, note, progress }) {
  progress('supabase: starting PostgreSQL and the stand-in, prepared by the Supabase CLI');
  const project = await startProject();
  const home = makeHome();
  Object.assign(home.env, { SUPABASE_URL: project.url, SUPABASE_ANON_KEY: project.anonKey, AMPLIFY_BACKEND: 'supabase' });
  const embedded = makeHome();
  try {
    await amplify(['signup', '--email', `bench-${Date.now()}@example.test`, '--password-stdin'], { env: home.env, input: `${PASSWORD}\n` });
    await amplify(['history'], { env: embedded.env });
    // One interview first: the copy of the question bank is made then, not during the measured ones.
    await timedInterview(home, 1);
    // An interview of one answer costs the set-up requests and one answer: the difference is the answers'.
    await project.ask('reset');
    await timedInterview(home, 1);
    const single = JSON.parse(await project.ask('count'));

    progress(`supabase: ${runs} piped interviews of ${questions} answers on each backend, interleaved`);
    const supabase = { first: [], rest: [], queued: 0 };
    const local = { first: [], rest: [], queued: 0 };
    const requests = [];
    for (let i = 0; i < runs; i++) {
      for (const [target, h] of [
        [supabase, home],
        [local, embedded],
      ]) {
        if (h === home) await project.ask('reset');
        const result = await timedInterview(h, questions);
        target.first.push(result.ms[0]);
        target.rest.push(...result.ms.slice(1));
        target.queued += result.queued;
        if (h === home) requests.push(JSON.parse(await project.ask('count')));
      }
    }
    const perAnswer = requests.map((r) => (r.rest - single.rest) / (questions - 1));
    const embeddedStats = summarize(local.rest);
    const supabaseStats = summarize(supabase.rest);
    row(`store one answer, embedded (answers 2–${questions}, same run)`, embeddedStats);
    row(`store one answer, supabase over the stand-in (answers 2–${questions})`, supabaseStats, { baseline: embeddedStats });
    row('store the first answer, supabase', summarize(supabase.first), { baseline: summarize(local.first) });
    note('Supabase over the stand-in on loopback (PostgREST and Auth stand-ins, PostgreSQL 15, supabase-js):');
    note(`  one answer: median ${fmtMs(supabaseStats.median)}, p95 ${fmtMs(supabaseStats.p95)} (embedded in the same run: median ${fmtMs(embeddedStats.median)}, p95 ${fmtMs(embeddedStats.p95)})`);
    note(`  requests per answer, counted at the stand-in: ${[...new Set(perAnswer.map((n) => n.toFixed(2)))].join(', ')} to /rest/v1; Auth requests during interviews: ${requests.reduce((n, r) => n + r.auth, 0)}`);
    // The interview of one answer: its set-up, the answer, the completion.
    note(`  an interview's own set-up (schema version, question bank, session): ${single.rest - 2} requests before the first answer, 1 to complete it`);
    if (supabase.queued + local.queued > 0) note(`! ${supabase.queued + local.queued} answers were saved only locally: a backend refused or did not answer`);

    progress('supabase: start-up of history, supabase against embedded, interleaved');
    const start = { supabase: [], embedded: [] };
    for (let i = 0; i < 2; i++) {
      await amplify(['history'], { env: home.env });
      await amplify(['history'], { env: embedded.env });
    }
    for (let i = 0; i < runs; i++) {
      start.supabase.push((await amplify(['history'], { env: home.env })).ms);
      start.embedded.push((await amplify(['history'], { env: embedded.env })).ms);
    }
    const base = summarize(start.embedded);
    row('amplify history, embedded (same run)', base);
    row('amplify history, supabase over the stand-in', summarize(start.supabase), { baseline: base });
    const load = [];
    for (let i = 0; i < Math.min(runs, 5); i++) {
      const code = "const t = performance.now(); await Promise.all([import('@supabase/supabase-js'), import('ws')]); process.stdout.write(String(performance.now() - t));";
      load.push(Number((await timed(process.execPath, ['--input-type=module', '-e', code], { env: { PATH: process.env.PATH } })).stdout));
    }
    note(`  loading supabase-js and ws in a fresh process: median ${fmtMs(summarize(load).median)} (paid only by commands that use Supabase)`);
    note();
  } finally {
    await removeHome(home);
    await removeHome(embedded);
    await project.stop();
  }
}
