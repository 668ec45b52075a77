import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, runCli } from '../support/cli.js';
import { makeHome } from '../support/home.js';

const run = promisify(execFile);
const home = makeHome();
afterAll(() => home.cleanup());

test.each([['--help'], ['start', '--help']])('`amplify %s | head -c 1`: the closed pipe ends it quietly, exit 0', async (...args) => {
  const { stdout, stderr } = await run('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" ${args.join(' ')} | head -c 1`], {
    env: home.env,
  });
  expect(stdout).toHaveLength(1);
  expect(stderr).toBe('');
});

describe('a large output reaches a slow reader whole', () => {
  // Three answers of 60,000 characters: the JSON of the session is about 180 KB, well past
  // the 64 KiB a pipe buffers.
  const answer = (n: number) => `${n}${'x'.repeat(59_999)}`;
  let id = '';
  beforeAll(async () => {
    const start = await runCli(['start', '--type', 'technical', '--count', '3', '--new'], {
      env: home.env,
      input: [1, 2, 3].map((n) => `${answer(n)}\n.\n`).join(''),
    });
    expect(start.code, start.stderr).toBe(0);
    const history = await runCli(['history', '--json', '--limit', '1'], { env: home.env });
    id = (JSON.parse(history.stdout) as { id: string }[])[0]?.id ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test.each([
    ['a reader that starts late', 'sleep 1; wc -c'],
    ['a fast reader', 'wc -c'],
  ])('`show --json` to %s gets every byte', async (_name, reader) => {
    const { stdout } = await run('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" show ${id} --json | { ${reader}; }`], { env: home.env });
    const direct = await runCli(['show', id, '--json'], { env: home.env });
    expect(Number(stdout.trim())).toBe(Buffer.byteLength(direct.stdout));
    expect(Buffer.byteLength(direct.stdout)).toBeGreaterThan(180_000);
    const detail = JSON.parse(direct.stdout) as { questions: { responseText: string }[] };
    expect(detail.questions.map((q) => q.responseText)).toEqual([answer(1), answer(2), answer(3)]);
  });

  test('`show --json | head -c 10`: the reader leaving early ends it with exit 0', async () => {
    const { stdout, stderr } = await run('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" show ${id} --json | head -c 10`], { env: home.env });
    expect(stdout).toBe('{\n  "id": ');
    expect(stderr).toBe('');
  });

  test('`show --json` into a file gets every byte', async () => {
    const file = join(home.dir, 'show.json');
    await run('bash', ['-c', `"${process.execPath}" "${BIN}" show ${id} --json > "${file}"`], { env: home.env });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ id });
  });

  test('`export --all` to a slow reader: the whole export arrives, read a little at a time', async () => {
    const script = `set -o pipefail; "${process.execPath}" "${BIN}" export --all | { sleep 1; dd bs=4096 2>/dev/null | wc -c; }`;
    const { stdout } = await run('bash', ['-c', script], { env: home.env });
    const direct = await runCli(['export', '--all'], { env: home.env });
    expect(Number(stdout.trim())).toBe(Buffer.byteLength(direct.stdout));
    const parsed = JSON.parse(direct.stdout) as { sessions: { responses: { responseText: string }[] }[] };
    expect(parsed.sessions.at(-1)?.responses.map((r) => r.responseText)).toEqual([answer(1), answer(2), answer(3)]);
  });

  test('`export --all --format csv | head -c 10`: the reader leaving early ends it with exit 0', async () => {
    const { stdout, stderr } = await run('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" export --all --format csv | head -c 10`], { env: home.env });
    expect(stdout).toBe('session_id');
    expect(stderr).toBe('');
  });
});
