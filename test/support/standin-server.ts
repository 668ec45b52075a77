import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The HTTP server under the Supabase stand-ins: loopback, a random port, routes by path prefix
 * (/rest/v1, /auth/v1 as on a project URL), a request counter, and an outage switch.
 */

export type StandinHandler = (req: IncomingMessage, res: ServerResponse, path: string, body: Buffer) => Promise<void>;

export interface StandinRoute {
  prefix: string;
  handler: StandinHandler;
}

export interface StandinServer {
  url: string;
  port: number;
  /** Requests received (answered or not), in total and per route prefix. */
  requests(prefix?: string): number;
  resetRequests(): void;
  /**
   * Outage: connections are still accepted and requests read, but nothing is answered
   * (a client without a timeout waits forever, as behind a dead proxy).
   */
  pause(): void;
  /** Answers again; requests held during the outage are dropped (their sockets destroyed). */
  resume(): void;
  /** Closes the port and every open connection. */
  stop(): Promise<void>;
}

export async function startStandinServer(routes: StandinRoute[]): Promise<StandinServer> {
  const counts = new Map<string, number>();
  let total = 0;
  let paused = false;
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = routes.find((r) => url.pathname === r.prefix || url.pathname.startsWith(`${r.prefix}/`));
      total += 1;
      if (route) counts.set(route.prefix, (counts.get(route.prefix) ?? 0) + 1);
      if (paused) {
        held.add(res);
        return;
      }
      if (!route) {
        sendJson(res, 404, { message: 'no Route matched with those values' });
        return;
      }
      route.handler(req, res, url.pathname.slice(route.prefix.length) || '/', Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { message: `stand-in failure: ${String(error)}` });
        else res.destroy();
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: (prefix) => (prefix === undefined ? total : (counts.get(prefix) ?? 0)),
    resetRequests: () => {
      total = 0;
      counts.clear();
    },
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
      for (const res of held) res.socket?.destroy();
      held.clear();
    },
    stop: async () => {
      paused = false;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The token of `Authorization: Bearer <token>` (scheme case-insensitive), or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '');
  return match?.[1]?.trim();
}
