import type { ReadAnswer, ReadRequest } from './protocol.js';

/** How long a warm owner has to take a request before the command runs here instead. */
export const ACCEPT_MS = 250;

/**
 * Sends a read command to the owner listening on `socketPath` and resolves with what it wrote
 * and its exit code; undefined whenever the command should run in this process instead: no
 * owner there, an owner of another build, or one that does not take the request within
 * `acceptMs` or goes quiet (no heartbeat) for `timeoutMs`.
 */
export function askOwner(socketPath: string, request: ReadRequest, timeoutMs: number, acceptMs = ACCEPT_MS): Promise<Extract<ReadAnswer, { output: unknown }> | undefined> {
  const { createConnection } = process.getBuiltinModule('node:net');
  return new Promise((resolve) => {
    const socket = createConnection(socketPath);
    const received: string[] = [];
    let timer = setTimeout(() => done(undefined), acceptMs);
    const done = (answer: ReadAnswer | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer && 'output' in answer ? answer : undefined);
    };
    socket.on('error', () => done(undefined));
    socket.on('close', () => done(undefined));
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => done(undefined), timeoutMs);
      // Heartbeats (empty lines) come only before the answer, the one line that ends the exchange.
      const text = received.length === 0 ? data.replace(/^\n+/, '') : data;
      if (text !== '') received.push(text);
      if (received.length === 0 || !data.endsWith('\n')) return;
      try {
        done(JSON.parse(received.join('')) as ReadAnswer);
      } catch {
        done(undefined);
      }
    });
    socket.write(`${JSON.stringify(request)}\n`);
  });
}
