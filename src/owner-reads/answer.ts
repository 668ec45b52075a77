import { createContext } from '../context.js';
import { main } from '../main.js';
import { resolvePaths } from '../paths.js';
import { OWNER_READ_COMMANDS, type ReadAnswer, type ReadRequest, type StreamFacts } from './protocol.js';

/**
 * Runs a read command for another process, in the owner (one at a time: the time zone is the
 * process's), as `main` would run it there: the same arguments, environment and stream facts,
 * its output recorded in order instead of written. Only for this build and for the asker whose
 * home this owner's database is.
 */
export async function answerRead(request: ReadRequest, owner: { build: string | null; data: string }): Promise<ReadAnswer> {
  if (request.build !== owner.build) return { declined: 'another build of amplify' };
  if (!OWNER_READ_COMMANDS.has(request.argv[0] ?? '')) return { declined: 'not a read command' };
  if (resolvePaths(request.env).data !== owner.data) return { declined: "another home's database" };
  const output: [1 | 2, string][] = [];
  const ctx = createContext({
    stdin: { isTTY: request.stdin.isTTY } as NodeJS.ReadableStream & { isTTY: boolean },
    stdout: recorder(1, request.stdout, output),
    stderr: recorder(2, request.stderr, output),
    env: request.env,
  });
  const code = await inTimeZone(request.env.TZ, () => main(request.argv, ctx));
  return { output, code };
}

/**
 * Loads the modules of the read commands ahead of the first request, running nothing: what a
 * first answer would otherwise spend loading code.
 */
export async function preloadReads(): Promise<void> {
  await Promise.all([import('../commands/history.js'), import('../commands/show.js'), import('../commands/stats.js'), import('../commands/review.js')]);
}

/** A stream that keeps what is written to it, with the facts of the one it stands for. */
function recorder(fd: 1 | 2, facts: StreamFacts, output: [1 | 2, string][]) {
  const stream = {
    isTTY: facts.isTTY,
    columns: facts.columns,
    writableNeedDrain: false,
    write: (text: string | Uint8Array) => {
      output.push([fd, typeof text === 'string' ? text : Buffer.from(text).toString('utf8')]);
      return true;
    },
    on: () => stream,
    off: () => stream,
  };
  return stream as unknown as NodeJS.WritableStream & StreamFacts;
}

/** Dates are shown in the asker's time zone (TZ, or the system's when unset). */
async function inTimeZone<T>(zone: string | undefined, run: () => Promise<T>): Promise<T> {
  const own = process.env.TZ;
  setZone(zone);
  try {
    return await run();
  } finally {
    setZone(own);
  }
}

function setZone(zone: string | undefined): void {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
}
