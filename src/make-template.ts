import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PACKAGE_ROOT } from './package-info.js';
import { migrate } from './store/migrate.js';
import { pgliteExecutor } from './store/embedded/owner.js';
import { SUPABASE_DIR } from './store/open-store.js';

/**
 * Build step: a PGlite data directory with every migration and the seed applied. A first run
 * loads it (about a second) instead of running initdb (about five).
 */
const db = await PGlite.create();
await migrate(pgliteExecutor(db), SUPABASE_DIR);
const tarball = await db.dumpDataDir('gzip');
writeFileSync(join(PACKAGE_ROOT, 'dist', 'pgdata.tar.gz'), Buffer.from(await tarball.arrayBuffer()));
await db.close();
