import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MIGRATION_LOCK } from '../../src/store/migrate.js';
import { runMain } from '../support/context.js';
import { querySql } from '../support/e2e-db.js';
import { makeHome } from '../support/home.js';
import { createTestDatabase } from '../support/postgres.js';

const home = makeHome();
const bin = mkdtempSync(join(tmpdir(), 'amp-bin-'));
let database: { url: string; drop: () => Promise<void> };
const servers: Server[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const server of servers) server.close();
  await database?.drop();
  await home.cleanup();
  rmSync(bin, { recursive: true, force: true });
});

/** Runs amplify against a server by URL, waiting at most 800 ms for any database call. */
const against = (url: string, argv: string[]) => runMain(argv, { env: { ...home.env, AMPLIFY_DATABASE_URL: url, AMPLIFY_DB_TIMEOUT_MS: '800' } });

/** A TCP server on a free port of this host that answers each connection with `reply`. */
async function fakeServer(reply: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    reply(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A port on which nothing listens: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const withPassword = (url: string, password: string) => {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
};

describe('each common connection failure: one line and its own hint, exit 1', () => {
  const AUTH = 'Check the user and password in the database URL (`amplify config get database-url`, or AMPLIFY_DATABASE_URL).';
  test('a wrong password (28P01)', async () => {
    const run = await against(withPassword(database.url, 'wrong'), ['history']);
    const where = new URL(database.url);
    expect([run.code, run.stderr]).toEqual([
      1,
      `error: the database at ${where.hostname}:${where.port}${where.pathname} refused the login: password authentication failed for user "postgres"\n${AUTH}\n`,
    ]);
  });

  test('a database that does not exist (3D000)', async () => {
    const url = database.url.replace(/\/[^/]+$/, '/no_such_database');
    const run = await against(url, ['history']);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(/^error: the database at .*\/no_such_database: database "no_such_database" does not exist$/),
      'Create that database (e.g. `createdb <name>`), or fix its name in the database URL (`amplify config get database-url`, or AMPLIFY_DATABASE_URL).',
      '',
    ]);
  });

  test('connection refused', async () => {
    const port = await closedPort();
    const run = await against(`postgres://me:secret@127.0.0.1:${port}/amplify`, ['history']);
    expect([run.code, run.stderr]).toEqual([
      1,
      `error: nothing accepts connections at 127.0.0.1:${port}/amplify (connection refused)\nCheck \`amplify db status\`.\n`,
    ]);
  });

  test('a host name that does not resolve', async () => {
    const run = await against('postgres://me:secret@no-such-host.invalid/amplify', ['history']);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(/^error: cannot find the database host 'no-such-host.invalid' \((ENOTFOUND|EAI_AGAIN)\)$/),
      'Check the host name in the database URL (`amplify config get database-url`, or AMPLIFY_DATABASE_URL), and your network connection.',
      '',
    ]);
  });

  test.each([['postgres://me:p@ss@:x/db'], ['not a url'], ['mysql://me@host/db']])('an invalid URL (%s), without its password', async (url) => {
    const run = await against(url, ['history']);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain('ss@');
    expect(run.stderr.split('\n')).toEqual([
      expect.stringMatching(/^error: the database URL is not a valid postgres:\/\/ URL/),
      'Set a valid one, e.g. `amplify config set database-url postgres://user@host:5432/amplify`.',
      '',
    ]);
  });
});

describe('a port that answers with something other than Postgres ends in one line', () => {
  const TIMEOUT = 'Check that the database is a running PostgreSQL server; AMPLIFY_DB_TIMEOUT_MS sets how long amplify waits (in ms).';
  test.each([
    ['garbage at once', (socket: Socket) => socket.write('garbage\r\n\u0000\u0001')],
    ['an HTTP error to the first bytes', (socket: Socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'))],
    ['silence', () => {}],
  ])('%s', async (_name, reply) => {
    const port = await fakeServer(reply);
    for (const argv of [['history'], ['stats'], ['db', 'check']]) {
      const run = await against(`postgres://me:secret@127.0.0.1:${port}/amplify`, argv);
      expect([run.code, run.stderr.split('\n')]).toEqual([1, [expect.stringMatching(/^error: the database at 127.0.0.1:\d+\/amplify did not answer/), TIMEOUT, '']]);
    }
  });
});

describe('another process holding the migration lock', () => {
  test('makes history give up after the timeout with one line, and works again once it is released', async () => {
    const holder = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      await holder.reserve().then(async (session) => {
        await session.unsafe(`select pg_advisory_lock(${MIGRATION_LOCK})`);
        const run = await against(database.url, ['history']);
        expect([run.code, run.stderr]).toEqual([
          1,
          'error: another amplify has been migrating this database for over 800 ms\nAnother amplify is updating the database schema; try again in a moment.\n',
        ]);
        await session.unsafe(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
        session.release();
      });
      expect((await against(database.url, ['history'])).code).toBe(0);
    } finally {
      await holder.end();
    }
  });
});

describe('a server that is up to date', () => {
  test('is not migrated again: one read of its schema version, and a held migration lock does not hold up a command', async () => {
    const fresh = await createTestDatabase();
    const holder = postgres(fresh.url, { max: 1, onnotice: () => {} });
    try {
      expect((await against(fresh.url, ['history'])).code).toBe(0);
      const ledger = await holder`select count(*)::int as n from supabase_migrations.schema_migrations`;
      await holder.reserve().then(async (session) => {
        await session.unsafe(`select pg_advisory_lock(${MIGRATION_LOCK})`);
        try {
          const run = await against(fresh.url, ['history']);
          expect([run.code, run.stderr]).toEqual([0, 'No interviews yet. Start one with `amplify start`.\n']);
        } finally {
          await session.unsafe(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
          session.release();
        }
      });
      expect(await holder`select count(*)::int as n from supabase_migrations.schema_migrations`).toEqual(ledger);
    } finally {
      await holder.end();
      await fresh.drop();
    }
  });
});

describe('amplify db on the postgres backend', () => {
  test('status says where the server is, without its password, that it answers and how its migrations stand', async () => {
    const fresh = await createTestDatabase();
    try {
      const before = await against(fresh.url, ['db', 'status', '--json']);
      expect(JSON.parse(before.stdout)).toMatchObject({ backend: 'postgres', reachable: true, problem: null, migrations: { initialised: false, applied: 0 } });
      expect(before.stdout).not.toContain(':postgres@');

      expect((await against(fresh.url, ['history'])).code).toBe(0);
      const after = await against(fresh.url, ['db', 'status']);
      expect(after.code).toBe(0);
      const lines = after.stdout.split('\n');
      expect(lines[0]).toBe(`Backend: postgres at ${fresh.url.replace(':postgres@', ':***@')}`);
      expect(lines[1]).toMatch(/^Server: reachable, PostgreSQL \d+/);
      expect(lines[2]).toMatch(/^Migrations: \d+ applied, none pending$/);
    } finally {
      await fresh.drop();
    }
  });

  test('status of a server that does not answer says so, and why', async () => {
    const port = await closedPort();
    const run = await against(`postgres://me:secret@127.0.0.1:${port}/amplify?password=other`, ['db', 'status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `Backend: postgres at postgres://me:***@127.0.0.1:${port}/amplify?password=***\n` +
        `Server: unreachable: nothing accepts connections at 127.0.0.1:${port}/amplify (connection refused)\n`,
    );
  });

  test('check passes on a sound database and fails, naming the check, on a corrupted one', async () => {
    const answer = (text: string) => ({ answer: { kind: 'answer' as const, text } });
    const env = { ...home.env, AMPLIFY_DATABASE_URL: database.url };
    expect((await runMain(['start', '--type', 'technical', '--count', '1', '--new'], { env, steps: [answer('one')] })).code).toBe(0);
    const sound = await runMain(['db', 'check'], { env });
    expect([sound.code, sound.stdout]).toEqual([0, expect.stringContaining('✓ sessions: completed ones have a duration: ok\n')]);
    expect(sound.stdout).not.toContain('✗');

    await querySql(database.url, 'update public.interview_sessions set duration = null where completed_at is not null');
    const broken = await runMain(['db', 'check'], { env });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('✗ sessions: completed ones have a duration: 1 problem row(s)\n');
    expect(broken.stdout.match(/✗/g)).toHaveLength(1);
    expect(broken.stderr).toBe('error: 1 integrity check(s) failed\n');
    const json = JSON.parse((await runMain(['db', 'check', '--json'], { env })).stdout) as { ok: boolean };
    expect(json.ok).toBe(false);
  });

  test('shell gives psql the URL without the password, and the password through the environment', async () => {
    // A stand-in psql that records its arguments and PGPASSWORD.
    const record = join(bin, 'psql.json');
    writeFileSync(
      join(bin, 'psql'),
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), password: process.env.PGPASSWORD ?? null }));\n`,
    );
    chmodSync(join(bin, 'psql'), 0o755);
    const env = { ...home.env, PATH: `${bin}:${home.env.PATH}` };
    for (const [url, shown] of [
      ['postgres://me:s%40cr%3At@db.example.com:5433/amplify', 'postgres://me@db.example.com:5433/amplify'],
      ['postgres://me@db.example.com/amplify?password=s@cr:t&sslmode=require', 'postgres://me@db.example.com/amplify?sslmode=require'],
    ]) {
      expect((await runMain(['db', 'shell'], { env: { ...env, AMPLIFY_DATABASE_URL: url } })).code).toBe(0);
      expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual({ args: [shown], password: 's@cr:t' });
    }
  });
});
