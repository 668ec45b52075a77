// Helpers of the benchmark: timing child processes, throwaway homes, owners, statistics, the table.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What is measured: the package root holding bin/, dist/, supabase/ and package.json. */
export const product = { root: ROOT, bin: join(ROOT, 'bin', 'amplify.js'), snapshot: null };

/**
 * Copies the build to a private directory (node_modules linked), so that a rebuild of dist/
 * by someone else during the run neither breaks the bench nor mixes two builds in one table.
 */
export function useBuildSnapshot() {
  const root = mkdtempSync(join(tmpdir(), 'ampb-build-'));
  for (const entry of ['bin', 'dist', 'supabase', 'package.json']) cpSync(join(ROOT, entry), join(root, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  Object.assign(product, { root, bin: join(root, 'bin', 'amplify.js'), snapshot: root });
}

export function removeBuildSnapshot() {
  if (product.snapshot) rmSync(product.snapshot, { recursive: true, force: true });
  product.snapshot = null;
}

// ---------------------------------------------------------------- statistics

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { n: sorted.length, median: median(sorted), min: sorted[0], max: sorted.at(-1), p90: at(0.9), p95: at(0.95), samples };
}

function median(sorted) {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// ---------------------------------------------------------------- processes

/** Runs a command to its end; resolves with its wall time in ms (spawn to exit) and output. */
export function timed(command, args, { env, input, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${stderr}`));
      else resolve({ ms, stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

export const amplify = (args, options) => timed(process.execPath, [product.bin, ...args], options);

export function psql(home, query) {
  return execFileSync('psql', ['-h', join(home.dir, 'data'), '-U', 'postgres', '-d', 'postgres', '-X', '-Atc', query], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  }).trim();
}

// ---------------------------------------------------------------- homes and owners

const homes = new Set();

/** A throwaway AMPLIFY_HOME under the temp dir (short: a socket path must stay under 108 bytes). */
export function makeHome() {
  const dir = mkdtempSync(join(tmpdir(), 'ampb-'));
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    AMPLIFY_HOME: dir,
    NO_COLOR: '1',
    // Owners are stopped explicitly; this only bounds a leak if the bench itself dies.
    AMPLIFY_OWNER_IDLE_MS: '120000',
  };
  const home = { dir, env };
  homes.add(home);
  return home;
}

export function ownerPid(home) {
  try {
    return JSON.parse(readFileSync(join(home.dir, 'data', 'owner.lock'), 'utf8')).pid ?? null;
  } catch {
    return null;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Stops this home's owner by the pid in its lock file: SIGTERM, then SIGKILL after 5 s. */
export async function killOwner(home) {
  const pid = ownerPid(home);
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (alive(pid) && Date.now() < deadline) await sleep(20);
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

export async function removeHome(home) {
  await killOwner(home);
  rmSync(home.dir, { recursive: true, force: true });
  homes.delete(home);
}

export async function removeAllHomes() {
  for (const home of [...homes]) await removeHome(home);
}

/** The synchronous last resort on an abrupt exit. */
export function killAllOwnersNow() {
  for (const home of homes) {
    const pid = ownerPid(home);
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(home.dir, { recursive: true, force: true });
  }
  homes.clear();
  removeBuildSnapshot();
}

// ---------------------------------------------------------------- output

export const fmtMs = (ms) => (ms == null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);

export function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** A realistic typed answer of about `words` words, different for every seed. */
export function answerText(seed, words = 120) {
  const vocabulary = (
    'the service keeps a write ahead log so that every request is durable before we acknowledge it and ' +
    'when the primary fails a replica takes over after the lease expires which bounds the window of lost ' +
    'writes I would measure the p99 latency first then look at the slow query log and the connection pool ' +
    'because most incidents I have seen came from retries that amplified load on an already saturated database ' +
    'we added idempotency keys backoff with jitter and a circuit breaker and the error rate dropped quickly'
  ).split(' ');
  const out = [];
  let x = (seed * 2654435761) >>> 0;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out.push(vocabulary[x % vocabulary.length]);
  }
  // Typed answers come in lines of about a dozen words.
  return out.map((w, i) => (i % 12 === 11 ? `${w}\n` : `${w} `)).join('').trim();
}
