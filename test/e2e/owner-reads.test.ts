import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { askOwner } from '../../src/owner-reads/ask.js';
import { fileVersion } from '../../src/file-version.js';
import { READS_SOCKET_FILE, type ReadRequest } from '../../src/owner-reads/protocol.js';
import { runCli } from '../support/cli.js';
import { useReadyHome } from '../support/home.js';

// Owners of this file's homes stay up for the whole file.
const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
const readsSocket = () => join(home.paths.socketDir, READS_SOCKET_FILE);
const BUNDLE_ENTRY = join(import.meta.dirname, '..', '..', 'dist', 'cli.cjs');
/** Runs of this build the code cache counted: a command the owner answered loads none of the bundle here. */
function countedRuns(): number {
  const code = join(home.dir, 'cache', 'code');
  return Number(readFileSync(join(code, readdirSync(code)[0] as string, 'runs'), 'utf8'));
}
const here = (env: NodeJS.ProcessEnv = {}) => ({ ...home.env, AMPLIFY_NO_OWNER_READS: '1', ...env });

let id = '';
beforeAll(async () => {
  for (const count of ['2', '1']) {
    const start = await runCli(['start', '--type', 'technical', '--count', count, '--new'], { env: home.env, input: 'first answer\n.\nsecond answer\n.\n' });
    expect(start.code, start.stderr).toBe(0);
  }
  id = (JSON.parse((await runCli(['history', '--json', '--limit', '1'], { env: home.env })).stdout) as { id: string }[])[0]?.id ?? '';
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
});

describe('a running owner answers read commands, byte for byte as the process that asks would', () => {
  // Name, command line, environment, exit code.
  const lines = (): [string, string[], NodeJS.ProcessEnv, number][] => [
    ['history', ['history'], {}, 0],
    ['history --json', ['history', '--json'], {}, 0],
    ['history, one type, limited', ['history', '--type', 'technical', '--limit', '1'], {}, 0],
    ['history in colour', ['history'], { FORCE_COLOR: '1', NO_COLOR: undefined }, 0],
    ['history in Tokyo', ['history'], { TZ: 'Asia/Tokyo' }, 0],
    ['history in New York', ['history'], { TZ: 'America/New_York' }, 0],
    ['show', ['show', id.slice(0, 8)], {}, 0],
    ['show --json', ['show', id, '--json'], {}, 0],
    ['stats', ['stats'], {}, 0],
    ['stats --json', ['stats', '--json'], {}, 0],
    ['review', ['review'], {}, 0],
    ['review --all --json', ['review', '--all', '--json'], {}, 0],
    ['show of no such session', ['show', 'ffffffff'], {}, 1],
    ['a usage error', ['history', '--limit', 'many'], {}, 2],
    ['an unknown option', ['stats', '--bogus'], {}, 2],
  ];

  /**
   * The command line answered by the owner. An owner that does not take a request within 250 ms
   * (a busy machine) has it run in its own process instead, which is right but not what this
   * file tests: such a run is tried again, up to three times.
   */
  async function answeredByOwner(argv: string[], env: NodeJS.ProcessEnv) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = countedRuns();
      const run = await runCli(argv, { env: { ...home.env, ...env } });
      if (countedRuns() === before) return run;
    }
    throw new Error(`the owner did not answer ${argv.join(' ')} in three tries`);
  }

  it.each(lines().map(([name], i) => [name, i] as const))('%s', async (_name, i) => {
    const [name, argv, env, code] = lines()[i]!;
    const warm = await answeredByOwner(argv, env);
    expect(warm.code).toBe(code);
    if (name.includes('colour')) expect(warm.stdout).toContain('\x1b[');
    const before = countedRuns();
    const local = await runCli(argv, { env: here(env) });
    expect(countedRuns()).toBe(before + 1);
    // The one thing two runs may differ in: `review --json` says when it was asked.
    const asked = (text: string) => text.replace(/"now": "[^"]+"/, '"now": "(when asked)"');
    expect({ code: warm.code, stdout: asked(warm.stdout), stderr: warm.stderr }).toEqual({ code: local.code, stdout: asked(local.stdout), stderr: local.stderr });
  });

  it('dates in the time zone of the process that asks', async () => {
    const [tokyo, newYork] = await Promise.all([runCli(['history'], { env: { ...home.env, TZ: 'Asia/Tokyo' } }), runCli(['history'], { env: { ...home.env, TZ: 'America/New_York' } })]);
    expect(tokyo.stdout).not.toEqual(newYork.stdout);
  });

  it('ten at once each get their own answer', async () => {
    const asked = Array.from({ length: 10 }, (_, n) => (n % 2 ? ['history', '--limit', '1'] : ['show', id, '--json']));
    const [warm, local] = await Promise.all([Promise.all(asked.map((argv) => runCli(argv, { env: home.env }))), Promise.all(asked.map((argv) => runCli(argv, { env: here() })))]);
    expect(warm.map((r) => [r.code, r.stdout, r.stderr])).toEqual(local.map((r) => [r.code, r.stdout, r.stderr]));
  });
});

describe('the owner declines, and the command runs in its own process', () => {
  const request = (over: Partial<ReadRequest>): ReadRequest => ({
    build: fileVersion(BUNDLE_ENTRY) ?? '',
    argv: ['history', '--json'],
    env: { ...(home.env as Record<string, string>) },
    stdin: { isTTY: false },
    stdout: { isTTY: false, columns: undefined },
    stderr: { isTTY: false, columns: undefined },
    ...over,
  });

  /** One request as it goes on the socket, and the reply without its heartbeats. */
  const exchange = (body: ReadRequest) =>
    new Promise<unknown>((resolve, reject) => {
      const socket = createConnection(readsSocket());
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (data: string) => (received += data));
      socket.on('end', () => resolve(JSON.parse(received.trim()) as unknown));
      socket.on('error', reject);
      socket.write(`${JSON.stringify(body)}\n`);
    });

  it('answers a request of this build, and declines one of another build or a command that writes', async () => {
    const answer = await askOwner(readsSocket(), request({}), 5000, 5000);
    expect(answer?.code).toBe(0);
    expect(answer?.output.map(([, text]) => text).join('')).toBe((await runCli(['history', '--json'], { env: here() })).stdout);
    expect(await exchange(request({ build: 'another' }))).toEqual({ declined: 'another build of amplify' });
    expect(await askOwner(readsSocket(), request({ build: 'another' }), 5000, 5000)).toBeUndefined();
    // The command would run as this user with the request's environment: only for this home.
    const elsewhere = { ...(home.env as Record<string, string>), AMPLIFY_HOME: join(home.dir, 'elsewhere') };
    expect(await exchange(request({ env: elsewhere }))).toEqual({ declined: "another home's database" });
    for (const argv of [['sync'], ['start', '--type', 'technical'], ['db', 'stop'], []]) {
      expect(await exchange(request({ argv }))).toEqual({ declined: 'not a read command' });
    }
    // Still serving after all that.
    expect((await askOwner(readsSocket(), request({}), 5000, 5000))?.code).toBe(0);
  });

  it('only this user may connect: the socket is read-write for its owner alone', () => {
    expect(statSync(readsSocket()).mode & 0o777).toBe(0o600);
  });

  it('drops a request that is not one, without a reply', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = createConnection(readsSocket());
      let received = '';
      socket.on('data', (data) => (received += data));
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
      socket.write('x'.repeat(2 << 20));
    });
    expect(reply.replaceAll('\n', '')).toBe('');
    expect((await askOwner(readsSocket(), request({}), 5000, 5000))?.code).toBe(0);
  });

  it('an owner that does not take the request (stopped) leaves the command to its own process, as a stopped owner always has', async () => {
    const pid = (JSON.parse(readFileSync(home.paths.lockFile, 'utf8')) as { pid: number }).pid;
    const expected = await runCli(['history', '--json'], { env: here() });
    process.kill(pid, 'SIGSTOP');
    try {
      const run = await runCli(['history', '--json'], { env: { ...home.env, AMPLIFY_DB_TIMEOUT_MS: '1000' } });
      expect([run.code, run.stdout]).toEqual([0, expected.stdout]);
    } finally {
      // The command replaced the stuck owner: this one is gone by now, or should run again.
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone
      }
    }
  });

  it('an owner killed in the middle of an answer (kill -9) leaves the command to its own process, which starts the next owner; that one answers again', async () => {
    const expected = await runCli(['history', '--json'], { env: here() });
    const pid = (JSON.parse(readFileSync(home.paths.lockFile, 'utf8')) as { pid: number }).pid;
    // Killed as soon as it has taken a request.
    await new Promise<void>((resolve) => {
      const socket = createConnection(readsSocket());
      socket.once('data', () => {
        process.kill(pid, 'SIGKILL');
        resolve();
      });
      socket.on('error', () => {});
      socket.write(`${JSON.stringify(request({}))}\n`);
    });
    const run = await runCli(['history', '--json'], { env: home.env });
    expect([run.code, run.stdout, run.stderr]).toEqual([0, expected.stdout, '']);
    const next = (JSON.parse(readFileSync(home.paths.lockFile, 'utf8')) as { pid: number }).pid;
    expect(next).not.toBe(pid);
    expect((await askOwner(readsSocket(), request({}), 5000, 5000))?.code).toBe(0);
  });
});
