import { join } from 'node:path';
import { PACKAGE_ROOT, VERSION } from './package-info.js';
import { resolvePaths } from './paths.js';
import { SUPABASE_DIR } from './store/open-store.js';
import { runOwner } from './store/embedded/owner.js';

/** Entry point of the detached process that owns the embedded database. */
const idle = Number(process.env.AMPLIFY_OWNER_IDLE_MS);
const code = await runOwner({
  paths: resolvePaths(process.env),
  version: VERSION,
  idleMs: Number.isFinite(idle) && idle > 0 ? idle : 5 * 60_000,
  supabaseDir: SUPABASE_DIR,
  templatePath: join(PACKAGE_ROOT, 'dist', 'pgdata.tar.gz'),
  bundleEntry: join(PACKAGE_ROOT, 'dist', 'cli.cjs'),
  log: (line) => process.stdout.write(`${new Date().toISOString()} [${process.pid}] ${line}\n`),
});
process.exit(code);
