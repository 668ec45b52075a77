import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { isAlive } from '../../src/store/embedded/lock.js';
import { runMain } from '../support/context.js';
import { makeHome } from '../support/home.js';

const home = makeHome();
const bin = mkdtempSync(join(tmpdir(), 'amp-bin-'));
afterAll(async () => {
  await home.cleanup();
  rmSync(bin, { recursive: true, force: true });
});

const run = (...argv: string[]) => runMain(['db', ...argv], { env: home.env });

describe('amplify db', () => {
  test('status names no owner before the first command, then the owner with its socket', async () => {
    const before = await run('status', '--json');
    expect(JSON.parse(before.stdout)).toMatchObject({ backend: 'embedded', owner: null, staleLock: false });

    expect((await runMain(['history'], { env: home.env })).code).toBe(0);
    const after = JSON.parse((await run('status', '--json')).stdout);
    expect(after.socket).toBe(join(home.dir, 'data', '.s.PGSQL.5432'));
    expect(after.owner).toMatchObject({ state: 'ready', version: expect.any(String) });
    expect(isAlive(after.owner.pid)).toBe(true);
    expect((await run('status')).stdout).toContain(`psql -h ${join(home.dir, 'data')} -U postgres postgres`);
  });

  test('check passes every integrity check on a database made by real interviews', async () => {
    const answer = (text: string) => ({ answer: { kind: 'answer' as const, text } });
    const start = await runMain(['start', '--type', 'technical', '--count', '2', '--new'], { env: home.env, steps: [answer('one'), answer('two')] });
    expect(start.code).toBe(0);
    const check = await run('check', '--json');
    const report = JSON.parse(check.stdout) as { ok: boolean; checks: { name: string; ok: boolean }[] };
    expect(check.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.length).toBeGreaterThanOrEqual(10);
    expect(report.checks.every((c) => c.ok)).toBe(true);
  });

  test('shell hands psql the owner socket directory', async () => {
    // A stand-in psql that records its arguments and proves the socket accepts a connection.
    const record = join(bin, 'args.json');
    writeFileSync(
      join(bin, 'psql'),
      `#!${process.execPath}\nconst net = require('node:net');\nconst args = process.argv.slice(2);\nconst dir = args[args.indexOf('-h') + 1];\n` +
        `net.connect(dir + '/.s.PGSQL.5432').on('connect', function () { require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(args)); this.destroy(); process.exit(0); }).on('error', () => process.exit(3));\n`,
    );
    chmodSync(join(bin, 'psql'), 0o755);
    const shell = await runMain(['db', 'shell'], { env: { ...home.env, PATH: `${bin}:${home.env.PATH}` } });
    expect(shell.code).toBe(0);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual(['-h', join(home.dir, 'data'), '-U', 'postgres', '-d', 'postgres']);
  });

  test('shell without psql installed says what to install', async () => {
    const shell = await runMain(['db', 'shell'], { env: { ...home.env, PATH: bin.replace(/$/, '-missing') } });
    expect([shell.code, shell.stderr.split('\n')[0]]).toEqual([1, 'error: psql is not installed']);
  });

  test('an owner started by another version of amplify is replaced by the next command', async () => {
    expect((await runMain(['history'], { env: home.env })).code).toBe(0);
    const lockFile = join(home.dir, 'data', 'owner.lock');
    const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; version: string };
    writeFileSync(lockFile, JSON.stringify({ ...lock, version: '0.0.0-older' }));
    expect((await runMain(['history', '--json'], { env: home.env })).code).toBe(0);
    const next = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; version: string };
    expect(next.pid).not.toBe(lock.pid);
    expect(next.version).toBe(lock.version);
    expect(isAlive(lock.pid)).toBe(false);
  });

  test('stop ends the owner, and the next command starts a new one', async () => {
    const { owner } = JSON.parse((await run('status', '--json')).stdout) as { owner: { pid: number } };
    const stop = await run('stop');
    expect(stop.stderr).toBe(`Stopped the database owner (pid ${owner.pid}).\n`);
    expect(isAlive(owner.pid)).toBe(false);
    expect((await run('stop')).stderr).toBe('No database owner is running.\n');
    expect((await runMain(['history', '--json'], { env: home.env })).code).toBe(0);
    const next = JSON.parse((await run('status', '--json')).stdout) as { owner: { pid: number } };
    expect(next.owner.pid).not.toBe(owner.pid);
  });
});

test('a data directory too deep for a Unix socket gets its socket in a private directory under tmp', async () => {
  const deep = join(home.dir, 'd'.repeat(110));
  const env = { ...home.env, AMPLIFY_HOME: deep };
  try {
    expect((await runMain(['history', '--json'], { env })).code).toBe(0);
    const status = JSON.parse((await runMain(['db', 'status', '--json'], { env })).stdout) as { socket: string; owner: { pid: number } };
    expect(status.socket.startsWith(join(tmpdir(), 'amplify-'))).toBe(true);
    expect(Buffer.byteLength(status.socket)).toBeLessThan(108);
    expect((statSync(dirname(status.socket)).mode & 0o777).toString(8)).toBe('700');
  } finally {
    await runMain(['db', 'stop'], { env });
  }
});
