// Drives a real `amplify start` through a pipe, answer by answer, and times each answer's round
// trip: from writing the line "." that ends it to the "Saved" line on stderr. That is what a
// person waits for: journal writes, database calls and the output, end to end.
import { spawn } from 'node:child_process';
import { answerText, product } from './lib.mjs';

const SAVED = /(✓ Saved|◌ Saved locally)[^\n]*\n/;

const micros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Runs one interview of `count` technical questions. `prefix` wraps the command (strace),
 * `nodeArgs` go to Node (--cpu-prof); `onAsked(i)` is called when question i (0-based) waits
 * for its answer, `onSaved(i)` when the answer is shown as saved. Resolves with { ms: [per answer], queued: answers saved only locally, windows:
 * [[sent, saved]] per answer in monotonic microseconds, the clock of V8's profile samples }.
 */
export function timedInterview(home, count, { prefix = [], nodeArgs = [], onAsked = () => {}, onSaved = () => {}, words = 120, timeoutMs = 120_000 } = {}) {
  const [command, ...args] = [...prefix, process.execPath, ...nodeArgs, product.bin, 'start', '--type', 'technical', '--count', String(count), '--new'];
  const child = spawn(command, args, { env: home.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  const waiters = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      const match = waiter.re.exec(stderr.slice(waiter.from));
      if (!match) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve({ at: performance.now(), us: micros(), end: waiter.from + match.index + match[0].length, text: match[0] });
    }
  };
  let failed = null;
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const waitFor = (re, from) =>
    new Promise((resolve, reject) => {
      if (failed) return reject(failed);
      waiters.push({ re, from, resolve, reject });
      check();
    });
  child.stdout.resume();
  child.stderr.on('data', (d) => {
    stderr += d;
    check();
  });
  void exited.then(({ code, signal }) => {
    failed = new Error(`amplify start ended early (${code ?? signal}):\n${stderr}`);
    for (const w of waiters.splice(0)) w.reject(failed);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);

  return (async () => {
    const ms = [];
    const windows = [];
    let queued = 0;
    let offset = 0;
    try {
      for (let i = 0; i < count; i++) {
        offset = (await waitFor(new RegExp(`Question ${i + 1} of ${count}\\b`), offset)).end;
        offset = (await waitFor(/finish with a line holding only[^\n]*\n/, offset)).end;
        onAsked(i);
        const sent = performance.now();
        const sentUs = micros();
        child.stdin.write(`${answerText(i + 1, words)}\n.\n`);
        const saved = await waitFor(SAVED, offset);
        ms.push(saved.at - sent);
        windows.push([sentUs, saved.us]);
        if (saved.text.includes('locally')) queued++;
        offset = saved.end;
        onSaved(i);
      }
      child.stdin.end();
      const { code, signal } = await exited;
      if (code !== 0) throw new Error(`amplify start exited with ${code ?? signal}:\n${stderr}`);
      return { ms, queued, windows };
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
  })();
}
