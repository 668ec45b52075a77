import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { BIN, type CliResult } from './cli.js';

const run = promisify(execFile);

/** Where psql connects: the embedded owner's socket directory, or a server URL. */
export type PsqlTarget = { socketDir: string } | { url: string };

/**
 * Runs one query through the real psql binary and parses its --csv output (NULL → null).
 * A machine without the PostgreSQL client tools runs the same text through the postgres
 * client instead, with values as psql prints them, so the suite needs only Node and npm.
 */
export async function psqlCsv(target: PsqlTarget, query: string): Promise<Record<string, string | null>[]> {
  if (!(await hasPsql())) return viaClient(target, query);
  const where = 'url' in target ? [target.url] : ['-h', target.socketDir, '-U', 'postgres', '-d', 'postgres'];
  const { stdout } = await run('psql', [...where, '--no-psqlrc', '-v', 'ON_ERROR_STOP=1', '--csv', '-c', query], {
    env: { PATH: process.env.PATH, PGCONNECT_TIMEOUT: '10' },
  });
  const [header = '', ...lines] = stdout.trimEnd().split('\n');
  const columns = header.split(',');
  // The values here are numbers and interview types: no quoting to undo.
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value === '' ? null : value])));
}

/** One answer of a scripted interview: what is typed, and how long to think first. */
export interface Turn {
  type: string;
  thinkMs?: number;
}

/**
 * Runs `amplify <args>` without a terminal, typing each turn only once its question is on
 * screen (after thinkMs), so that the recorded durations come from real elapsed time.
 */
export function runInterview(args: string[], env: NodeJS.ProcessEnv, turns: Turn[], timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = 0;
    const send = () => {
      const shown = stderr.match(/Question \d+ of \d+/g)?.length ?? 0;
      while (sent < shown && sent < turns.length) {
        const turn = turns[sent++] as Turn;
        const last = sent === turns.length;
        setTimeout(() => {
          child.stdin.write(turn.type);
          if (last) child.stdin.end();
        }, turn.thinkMs ?? 0);
      }
    };
    child.stdin.on('error', () => {}); // the process may end before every turn is typed
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      send();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

let psqlFound: Promise<boolean> | undefined;

function hasPsql(): Promise<boolean> {
  psqlFound ??= run('psql', ['--version']).then(
    () => true,
    () => {
      process.stderr.write('psql is not installed: the spec queries run through the postgres client instead\n');
      return false;
    },
  );
  return psqlFound;
}

async function viaClient(target: PsqlTarget, query: string): Promise<Record<string, string | null>[]> {
  const sql =
    'url' in target
      ? postgres(target.url, { max: 1, onnotice: () => {} })
      : postgres({ path: `${target.socketDir}/.s.PGSQL.5432`, username: 'postgres', database: 'postgres', max: 1, prepare: false, onnotice: () => {} });
  try {
    // Text results, as psql shows them.
    const rows = await sql.unsafe(query).raw();
    const columns = rows.columns.map((c) => c.name);
    return rows.map((row) => Object.fromEntries(row.map((value, i) => [columns[i], value === null ? null : Buffer.from(value as Uint8Array).toString()])));
  } finally {
    await sql.end();
  }
}
