/**
 * A V8 code cache for the CLI's own bundle (Node 20 has no `module.enableCompileCache`):
 * each `dist/*.cjs` file is compiled with the code V8 made for it in an earlier run, kept
 * under the cache directory, so that a command parses and compiles almost nothing before it
 * runs. The cache of a file is written at exit, after the command ran, so it holds the
 * functions that ran (V8 compiles a function only when first called), not just the top level.
 *
 * A cache is keyed by the file's size and modification time and by Node's version: V8 itself
 * checks only the length of the source and its own flags, so a cache must never outlive the
 * file it was made from. Each build gets a directory of its own; the others are removed when
 * a new one is written. Files are written beside their name and renamed into place, and any
 * error (a read-only or full disk) leaves the command to compile as usual: it is only a cache.
 *
 * A cache holds only the functions that had run when it was written, and a file is shared by
 * many commands: the first `history` of a new install prints no table, and a cache written then
 * would leave every later `history` compiling cli-table3's drawing, as `stats` would compile its
 * own functions in the files `history` cached first. So the runs of a build are counted (in its
 * directory), and runs 2, 4, 8, 16… make every loaded file's cache again and keep those that
 * grew: a few runs after an install, each command's functions are in, for about 2 ms on those
 * runs alone.
 */
import { fileVersion } from './file-version.js';

interface CompilableModule {
  exports: unknown;
  filename: string;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

export function installCompileCache(bundleDir: string, cacheRoot: string): void {
  if (process.env.AMPLIFY_NO_CODE_CACHE) return;
  const fs = process.getBuiltinModule('node:fs');
  const path = process.getBuiltinModule('node:path');
  const vm = process.getBuiltinModule('node:vm');
  const Module = process.getBuiltinModule('node:module') as unknown as {
    prototype: CompilableModule;
    wrap(content: string): string;
    _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
    _cache: unknown;
  };
  const build = fileVersion(path.join(bundleDir, 'cli.cjs'));
  if (build === null) return;
  const dir = path.join(cacheRoot, `${process.version}-${process.arch}-${build}`);
  const runsFile = path.join(dir, 'runs');
  let run: number;
  try {
    run = (Number.parseInt(fs.readFileSync(runsFile, 'latin1'), 10) || 0) + 1;
  } catch {
    run = 1;
  }
  const refresh = (run & (run - 1)) === 0;
  const toWrite: { file: string; script: import('node:vm').Script; data?: Buffer }[] = [];
  const compile = Module.prototype._compile;

  Module.prototype._compile = function (this: CompilableModule, content: string, filename: string) {
    if (path.dirname(filename) !== bundleDir) return compile.call(this, content, filename);
    const version = fileVersion(filename);
    if (version === null) return compile.call(this, content, filename);
    const file = path.join(dir, `${path.basename(filename)}-${version}`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected || refresh) toWrite.push({ file, script, data: script.cachedDataRejected ? undefined : cachedData });
    const mod = this;
    const require = Object.assign((id: string) => mod.require(id), {
      resolve: (request: string, options?: unknown) => Module._resolveFilename(request, mod, false, options),
      main: process.mainModule,
      cache: Module._cache,
    });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    try {
      if (run === 1) {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        for (const other of fs.readdirSync(cacheRoot)) if (path.join(cacheRoot, other) !== dir) fs.rmSync(path.join(cacheRoot, other), { recursive: true, force: true });
      }
      for (const { file, script, data } of toWrite) {
        const made = script.createCachedData();
        if (data !== undefined && made.length <= data.length) continue;
        const partial = `${file}.${process.pid}`;
        fs.writeFileSync(partial, made, { mode: 0o600 });
        fs.renameSync(partial, file);
      }
      fs.writeFileSync(runsFile, String(run), { mode: 0o600 });
    } catch {
      // Only a cache: the next run compiles as this one did.
    }
  });
}
