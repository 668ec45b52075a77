// Reads a V8 .cpuprofile (node --cpu-prof) and says where the wall time went. V8 samples the
// main thread on a wall clock, so a blocking syscall (the fsync of a journal write) is charged
// to the native function that made it, and waiting on the event loop (for the database) shows
// as "(idle)".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadProfile(dir) {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

const FILE_SYSTEM = new Set([
  'fsync', 'fdatasync', 'writeBuffer', 'writeString', 'writeFileUtf8', 'rename', 'unlink', 'open', 'close',
  'readFileUtf8', 'read', 'mkdir', 'readdir', 'lstat', 'stat', 'fstat', 'rmSync', 'chmod', 'access', 'existsSync',
]);
const START_UP = new Set(['compileSourceTextModule', 'compileFunction', 'compileForInternalLoader', 'realpathSync', '(program)']);

/** The category of one sampled leaf frame. */
export function category(frame) {
  const { functionName: name, url } = frame;
  if (name === '(idle)') return 'waiting (event loop idle: the database, the socket)';
  if (name === '(garbage collector)') return 'garbage collection';
  if (FILE_SYSTEM.has(name) && !url) return 'file system (journal reads, writes, fsync, rename, unlink)';
  if (START_UP.has(name)) return 'start-up (module compile, runtime)';
  if (/^(parse|stringify|_deserialize|_serialize|serialize|structuredClone)$/.test(name)) return 'JSON / structuredClone';
  return 'other JavaScript';
}

/**
 * Milliseconds per category and the heaviest leaf functions. With `windows` ([from, to] in
 * microseconds of the monotonic clock, as process.hrtime gives and V8 stamps its samples), only
 * the samples inside them count.
 */
export function summarizeProfile(profile, windows = null) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const categories = new Map();
  const leaves = new Map();
  let at = profile.startTime;
  let counted = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (windows && !windows.some(([from, to]) => at >= from && at <= to)) continue;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    counted += ms;
    const frame = byId.get(profile.samples[i]).callFrame;
    const cat = category(frame);
    categories.set(cat, (categories.get(cat) ?? 0) + ms);
    const leaf = label(frame);
    leaves.set(leaf, (leaves.get(leaf) ?? 0) + ms);
  }
  const sorted = (map, n) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  const totalMs = windows ? counted : (profile.endTime - profile.startTime) / 1000;
  return { totalMs, categories: sorted(categories, 10), leaves: sorted(leaves, 8) };
}

function label({ functionName, url, lineNumber }) {
  const file = url ? url.replace(/^.*\/(node_modules\/|dist\/)/, '$1') : '';
  return `${functionName || '(anonymous)'}${file ? ` (${file}:${lineNumber + 1})` : ''}`;
}

/** Self time per script: which file of dist/ (or Node's own loader) the time is spent in. */
export function summarizeByScript(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const scripts = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const { functionName, url } = byId.get(profile.samples[i]).callFrame;
    const key = url.startsWith('node:')
      ? 'node internals (loader, bootstrap)'
      : url
        ? url.replace(/^.*\/(node_modules\/(?:@[^/]+\/)?[^/]+|dist\/[^/]+)(\/.*)?$/, '$1')
        : functionName.startsWith('(')
          ? functionName
          : 'native (fs, compile, …)';
    scripts.set(key, (scripts.get(key) ?? 0) + ms);
  }
  return [...scripts.entries()].sort((a, b) => b[1] - a[1]);
}
