import { readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { lockPid, ownerProcesses, piped, rowsWithText, storedSession, typed } from '../support/e2e-db.js';
import { makeHome, useReadyHome } from '../support/home.js';
import { countOf, spawnPty } from '../support/pty.js';

/** Several amplify processes on one embedded database at once: all answer, nothing is lost. */

function expectOk(result: CliResult, what: string): void {
  expect(result.code, `${what}: ${result.stderr}`).toBe(0);
}

describe('an interview in one terminal while other commands run in others', () => {
  const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });

  it('history, stats and a second start all succeed at every question, and every answer is stored once', async () => {
    const mine = [1, 2, 3].map((n) => `the long interview, answer ${n}`);
    const theirs: string[][] = [];
    const run = spawnPty(['start', '--no-rate', '--type', 'technical', '--count', '3', '--new'], { env: home.env });
    const sideIds: string[] = [];
    let at = 0;
    for (const n of [1, 2, 3]) {
      at = await run.waitFor(`Question ${n} of 3`, { since: at });
      at = await run.waitFor('› ', { since: at });
      const side = [`side interview ${n}, first`, `side interview ${n}, second`];
      theirs.push(side);
      let sideBegan: () => void = () => {};
      const began = new Promise<void>((resolve) => (sideBegan = resolve));
      const others = Promise.all([
        runCli(['history', '--json'], { env: home.env }),
        runCli(['stats', '--json'], { env: home.env }),
        runCli(['start', '--type', 'behavioral', '--count', '2', '--new'], {
          env: home.env,
          input: piped(side),
          onStderr: (soFar) => soFar.includes('Question 1 of 2') && sideBegan(),
        }),
        runCli(['history'], { env: home.env }),
      ]);
      // The answer is typed while the second interview is under way.
      await Promise.race([began, others]);
      run.write(typed(mine[n - 1] as string));
      at = await run.waitFor(/✓ Saved|◌ Saved locally/, { since: at });
      const [history, stats, start, table] = await others;
      expectOk(history, 'history --json');
      expect(Array.isArray(JSON.parse(history.stdout))).toBe(true);
      expectOk(stats, 'stats --json');
      expect(JSON.parse(stats.stdout)).toHaveProperty('completion');
      expectOk(start, 'second start');
      expect(start.stderr).toContain('Interview complete');
      expectOk(table, 'history');
      sideIds.push(/interview · 2 questions · ([0-9a-f]{8})/.exec(start.stderr)?.[1] as string);
    }
    await run.waitFor('Interview complete', { since: at });
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).not.toContain('Saved locally');

    const main = await storedSession(home, /interview · 3 questions · ([0-9a-f]{8})/.exec(run.output())?.[1] as string);
    expect(main?.completedAt).not.toBeNull();
    expect(main?.responses.map((r) => r.text)).toEqual(mine);
    for (const [i, id] of sideIds.entries()) {
      const side = await storedSession(home, id);
      expect(side?.completedAt).not.toBeNull();
      expect(side?.responses.map((r) => r.text)).toEqual(theirs[i]);
    }
    for (const text of [...mine, ...theirs.flat()]) expect(await rowsWithText(home, text)).toBe(1);
    expectOk(await runCli(['db', 'check'], { env: home.env }), 'db check');
  });

  it.each([1, 2, 3])('burst %i: six report commands and an interview at the same instant all succeed', async (burst) => {
    const answers = [`burst ${burst}, first`, `burst ${burst}, second`];
    const results = await Promise.all([
      runCli(['start', '--type', 'behavioral', '--count', '2', '--new'], { env: home.env, input: piped(answers) }),
      ...['stats', 'history', 'stats', 'history', 'stats', 'stats'].map((command) => runCli([command, '--json'], { env: home.env })),
    ]);
    for (const r of results) expectOk(r, 'a command of the burst');
    const id = /interview · 2 questions · ([0-9a-f]{8})/.exec(results[0]?.stderr ?? '')?.[1] as string;
    expect((await storedSession(home, id))?.responses.map((r) => r.text)).toEqual(answers);
  });
});

describe('two commands at the same instant on a fresh home', () => {
  it.each([1, 2, 3])('round %i: both succeed, exactly one owner opens the data directory', async () => {
    const home = makeHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });
    try {
      const [a, b] = await Promise.all([runCli(['history'], { env: home.env }), runCli(['history'], { env: home.env })]);
      expectOk(a, 'first history');
      expectOk(b, 'second history');
      expect(a.stderr + b.stderr).not.toContain('error');
      // A second owner may have been spawned; it must give way without opening the directory.
      let owners = ownerProcesses(home);
      for (let i = 0; i < 200 && owners.length > 1; i++) {
        await sleep(25);
        owners = ownerProcesses(home);
      }
      expect(owners).toEqual([lockPid(home)]);
      expect(countOf(readFileSync(home.paths.ownerLog, 'utf8'), 'database open in')).toBe(1);
      const status = JSON.parse((await runCli(['db', 'status', '--json'], { env: home.env })).stdout) as { owner: { pid: number } | null };
      expect(status.owner?.pid).toBe(owners[0]);
      expectOk(await runCli(['db', 'check'], { env: home.env }), 'db check');
    } finally {
      await home.cleanup();
    }
  });
});

describe('the very first commands on a machine, at the same instant', () => {
  const home = useReadyHome({ AMPLIFY_OWNER_IDLE_MS: '60000' });

  it.each([1, 2, 3])('round %i: three interviews started at once all belong to the one local profile and show in history', async (round) => {
    // No settings yet (the database is kept only to save the time of creating it again).
    rmSync(home.paths.config, { recursive: true, force: true });
    const texts = [1, 2, 3].map((i) => `first-run round ${round}, interview ${i}`);
    const results = await Promise.all(
      texts.map((text) => runCli(['start', '--type', 'behavioral', '--count', '1', '--new'], { env: home.env, input: piped([text]) })),
    );
    for (const r of results) expectOk(r, 'start');
    const history = await runCli(['history', '--json', '--limit', '100'], { env: home.env });
    expectOk(history, 'history');
    const visible = (JSON.parse(history.stdout) as { id: string }[]).map((s) => s.id.slice(0, 8));
    const started = results.map((r) => /interview · 1 question · ([0-9a-f]{8})/.exec(r.stderr)?.[1]);
    expect(visible.sort()).toEqual([...started].sort());
  });
});
