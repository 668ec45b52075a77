import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBlackholeProxy, type BlackholeProxy } from '../support/blackhole-proxy.js';
import { runCli } from '../support/cli.js';
import { lockPid, rowsWithText, storedSession, typed } from '../support/e2e-db.js';
import { makeHome, useReadyHome, type TestHome } from '../support/home.js';
import { createTestDatabase } from '../support/postgres.js';
import { countOf, spawnPty, type PtyRun } from '../support/pty.js';

/** The database goes away in the middle of an interview: the interview finishes, `sync` lands everything once. */

const OFFLINE_NOTICE = /! The database (is unreachable|refused a save)/;

async function answer(run: PtyRun, n: number, text: string, since: number): Promise<{ at: number; mark: string }> {
  const shown = await run.waitFor(`Question ${n} of 3`, { since });
  await run.waitFor('› ', { since: shown });
  run.write(typed(text));
  const at = await run.waitFor(/(✓ Saved|◌ Saved locally)/, { since: shown });
  return { at, mark: run.output().slice(shown, at).includes('◌ Saved locally') ? 'local' : 'saved' };
}

function shownDuration(output: string): number {
  const m = /Interview complete in (\d+):(\d\d)/.exec(output);
  if (!m) throw new Error(`no duration in:\n${output}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function sessionPrefix(output: string): string {
  return /interview · 3 questions · ([0-9a-f]{8})/.exec(output)?.[1] as string;
}

/** Until the killed process is gone from the process table (init reaps it), so its lock is stale. */
async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 400 && existsSync(`/proc/${pid}`); i++) await sleep(25);
}

describe('embedded: the owner process is killed mid-interview', () => {
  const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });

  it('restarts it transparently: every answer lands, at most one notice', async () => {
    const answers = ['restart: one', 'restart: two', 'restart: three'];
    const run = spawnPty(['start', '--no-rate', '--type', 'technical', '--count', '3', '--new'], { env: home.env });
    let { at } = await answer(run, 1, answers[0] as string, 0);
    const first = lockPid(home) as number;
    process.kill(first, 'SIGKILL');
    ({ at } = await answer(run, 2, answers[1] as string, at));
    ({ at } = await answer(run, 3, answers[2] as string, at));
    await run.waitFor('Interview complete', { since: at });
    expect((await run.exited).code).toBe(0);
    expect(countOf(run.output(), OFFLINE_NOTICE)).toBeLessThanOrEqual(1);

    expect((await runCli(['sync'], { env: home.env })).code).toBe(0);
    const status = JSON.parse((await runCli(['db', 'status', '--json'], { env: home.env })).stdout) as { owner: { pid: number; state: string } | null };
    expect(status.owner?.state).toBe('ready');
    expect(status.owner?.pid).not.toBe(first);
    const stored = await storedSession(home, sessionPrefix(run.output()));
    expect(stored?.completedAt).not.toBeNull();
    expect(stored?.responses.map((r) => r.text)).toEqual(answers);
  });

  it('cannot come back (its data directory is gone): the interview goes on locally, told once, and sync lands it once', async () => {
    const answers = ['outage: before', 'outage: during\nsecond line', 'outage: still down'];
    const run = spawnPty(['start', '--no-rate', '--type', 'technical', '--count', '3', '--new'], { env: home.env });
    let { at, mark } = await answer(run, 1, answers[0] as string, 0);
    expect(mark).toBe('saved');

    const owner = lockPid(home) as number;
    process.kill(owner, 'SIGKILL');
    // The directory is moved away and a file put in its place: no owner can start there.
    renameSync(home.paths.data, `${home.paths.data}.away`);
    writeFileSync(home.paths.data, 'not a directory');
    try {
      ({ at, mark } = await answer(run, 2, answers[1] as string, at));
      expect(mark).toBe('local');
      ({ at, mark } = await answer(run, 3, answers[2] as string, at));
      expect(mark).toBe('local');
      await run.waitFor('Interview complete', { since: at });
      expect(await run.exited).toEqual({ code: 0, signal: null });
    } finally {
      await gone(owner);
      rmSync(home.paths.data, { force: true });
      renameSync(`${home.paths.data}.away`, home.paths.data);
    }
    const out = run.output();
    expect(countOf(out, OFFLINE_NOTICE)).toBe(1);
    expect(out).toContain('Queued locally');

    const status = JSON.parse((await runCli(['status', '--json'], { env: home.env })).stdout) as { queued: { unsentResponses: number; completionUnsent: boolean }[] };
    expect(status.queued).toEqual([expect.objectContaining({ unsentResponses: 2, completionUnsent: true })]);

    const sync = await runCli(['sync'], { env: home.env });
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toContain('Sent 1 session and 2 responses, completed 1');
    const again = await runCli(['sync'], { env: home.env });
    expect(again.stderr).toContain('Nothing to sync');

    const stored = await storedSession(home, sessionPrefix(out));
    expect(stored?.completedAt).not.toBeNull();
    expect(stored?.duration).toBe(shownDuration(out));
    expect(stored?.responses.map((r) => r.text)).toEqual(answers);
    for (const text of answers) expect(await rowsWithText(home, text)).toBe(1);
    expect((await runCli(['db', 'check'], { env: home.env })).code).toBe(0);
  });
});

describe('postgres: the server stops answering mid-interview', () => {
  let db: { url: string; drop: () => Promise<void> };
  let proxy: BlackholeProxy;
  let home: TestHome;
  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await startBlackholeProxy(db.url);
    home = makeHome({ AMPLIFY_DATABASE_URL: proxy.url, AMPLIFY_DB_TIMEOUT_MS: '1000' });
  });
  afterEach(() => proxy.recover());
  afterAll(async () => {
    await home?.cleanup();
    await proxy?.close();
    await db?.drop();
  });

  it('keeps the interview going ("Saved locally", told once), and sync sends everything once with the right duration', async () => {
    const answers = ['pg: answered while it is up', 'pg: answered into the void', 'pg: still nothing\nat all'];
    const run = spawnPty(['start', '--no-rate', '--type', 'system-design', '--count', '3', '--new'], { env: home.env });
    let { at, mark } = await answer(run, 1, answers[0] as string, 0);
    expect(mark).toBe('saved');

    proxy.blackhole();
    ({ at, mark } = await answer(run, 2, answers[1] as string, at));
    expect(mark).toBe('local');
    ({ at, mark } = await answer(run, 3, answers[2] as string, at));
    expect(mark).toBe('local');
    await run.waitFor('Interview complete', { since: at });
    expect(await run.exited).toEqual({ code: 0, signal: null });
    const out = run.output();
    expect(countOf(out, OFFLINE_NOTICE)).toBe(1);
    expect(out).toContain('Queued locally');
    const id = sessionPrefix(out);

    // Still down: status says so and shows the queue; the server has only the first answer.
    const down = await runCli(['status', '--json'], { env: home.env });
    expect(JSON.parse(down.stdout)).toMatchObject({ backend: 'postgres', reachable: false, queued: [{ unsentResponses: 2, completionUnsent: true }] });
    const before = await storedSession(db.url, id);
    expect(before?.completedAt).toBeNull();
    expect(before?.responses.map((r) => r.text)).toEqual([answers[0]]);

    proxy.recover();
    const sync = await runCli(['sync'], { env: home.env });
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stderr).toContain('Sent 1 session and 2 responses, completed 1');
    expect((await runCli(['sync'], { env: home.env })).stderr).toContain('Nothing to sync');

    const stored = await storedSession(db.url, id);
    expect(stored?.completedAt).not.toBeNull();
    expect(stored?.duration).toBe(shownDuration(out));
    expect(stored?.responses.map((r) => r.text)).toEqual(answers);
    for (const text of answers) expect(await rowsWithText(db.url, text)).toBe(1);
    const check = await runCli(['db', 'check'], { env: home.env });
    expect(check.code, check.stdout).toBe(0);
  });
});
