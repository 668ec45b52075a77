import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real Postgres server, on a port of its own that can be shut and
 * opened again: shut, nothing listens there (a new connection is refused, as when the server
 * is down; one already open is left alone); open, it forwards again. The URL stays the same
 * throughout, so to amplify it is one database that went away and came back.
 */
export interface Door {
  url: string;
  port: number;
  /** Synchronous: from the moment it returns, new connections are refused. */
  shut(): void;
  open(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDoor(targetUrl: string): Promise<Door> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const shut = () => {
    if (server.listening) server.close();
  };
  return {
    url: url.toString(),
    port,
    shut,
    open: () => (server.listening ? Promise.resolve() : new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))),
    stop: async () => {
      shut();
      for (const socket of [...sockets]) socket.destroy();
    },
  };
}
