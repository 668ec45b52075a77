import { unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Socket } from 'node:net';
import { HEARTBEAT_MS, type ReadAnswer, type ReadRequest } from './protocol.js';

interface Bundle {
  answerRead(request: ReadRequest, dataDir: string): Promise<ReadAnswer>;
  preloadReads(): Promise<void>;
}

export interface ReadsServer {
  close(): void;
  /** Whether a request is being answered or waits: the owner is not idle then. */
  busy(): boolean;
}

/** After start-up, when the command that started the owner has had its answer: load the read commands. */
const PRELOAD_AFTER_MS = 500;

/** The largest request taken: a command line and an environment. */
const MAX_REQUEST_BYTES = 1 << 20;

/**
 * Listens on `socketPath` in the owner of the database in `dataDir` and answers read commands
 * with the CLI bundle at `bundleEntry` (loaded on the first request, and kept: it is warm from
 * then on), one at a time.
 */
export function serveReads(socketPath: string, bundleEntry: string, dataDir: string, log: (line: string) => void): Promise<ReadsServer> {
  let bundle: Bundle | undefined;
  const load = () => (bundle ??= createRequire(import.meta.url)(bundleEntry) as Bundle);
  let queue: Promise<unknown> = Promise.resolve();
  let open = 0;
  let closing = false;
  const answer = async (socket: Socket, line: string, stopHeartbeat: () => void): Promise<void> => {
    if (socket.destroyed) return;
    let reply: ReadAnswer;
    try {
      reply = await load().answerRead(JSON.parse(line) as ReadRequest, dataDir);
    } catch (error) {
      log(`a read command failed here, left to its own process: ${(error as Error).stack ?? String(error)}`);
      reply = { declined: 'failed in the owner' };
    }
    // A command that ran while this owner began to stop may have seen its database go: the
    // asker runs it again in its own process, which finds the next owner.
    if (closing) reply = { declined: 'the owner is stopping' };
    stopHeartbeat();
    socket.end(`${JSON.stringify(reply)}\n`);
  };
  const server = createServer((socket) => {
    open++;
    socket.on('error', () => socket.destroy());
    // Told at once and then while it waits or runs: this owner has the request.
    socket.write('\n');
    const heartbeat = setInterval(() => socket.write('\n'), HEARTBEAT_MS);
    socket.on('close', () => {
      open--;
      clearInterval(heartbeat);
    });
    const chunks: Buffer[] = [];
    let size = 0;
    socket.on('data', (data: Buffer) => {
      chunks.push(data);
      size += data.length;
      if (size > MAX_REQUEST_BYTES) return void socket.destroy();
      if (data.at(-1) !== 0x0a) return;
      socket.removeAllListeners('data');
      const line = Buffer.concat(chunks).toString('utf8');
      queue = queue.then(() => answer(socket, line, () => clearInterval(heartbeat)));
    });
  });
  try {
    unlinkSync(socketPath);
  } catch {
    // no stale socket
  }
  // Connecting takes write permission on the socket file: only this user may ask. (A request
  // carries an environment, and the command runs as this user with it.)
  return new Promise<ReadsServer>((resolve, reject) => {
    server.once('error', reject);
    const close = () => {
      closing = true;
      server.close();
    };
    // The socket file is made within listen(): the mask is this process's only for that call.
    const umask = process.umask(0o177);
    try {
      server.listen(socketPath, () => {
        setTimeout(() => {
          queue = queue.then(() => load().preloadReads()).catch((error: unknown) => log(`loading the read commands failed: ${String(error)}`));
        }, PRELOAD_AFTER_MS).unref();
        resolve({ close, busy: () => open > 0 });
      });
    } finally {
      process.umask(umask);
    }
  });
}
