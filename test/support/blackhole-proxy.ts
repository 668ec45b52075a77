import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real Postgres server that can turn into a black hole: it keeps
 * accepting connections but never answers, and existing connections go silent too (a
 * server that stopped answering, a network gone). `recover()` resets the silent connections
 * and forwards new ones again.
 */
export interface BlackholeProxy {
  /** The target URL with the proxy's host and port in place of the server's. */
  url: string;
  blackhole(): void;
  recover(): void;
  close(): Promise<void>;
}

export async function startBlackholeProxy(targetUrl: string): Promise<BlackholeProxy> {
  const target = new URL(targetUrl);
  const host = target.hostname;
  const port = Number(target.port || 5432);
  let silent = false;
  const pairs = new Set<{ client: Socket; upstream: Socket | null }>();
  const swallowed = new Set<Socket>();

  const swallow = (client: Socket) => {
    swallowed.add(client);
    client.on('data', () => {});
    client.on('error', () => {});
    client.on('close', () => swallowed.delete(client));
  };

  const server: Server = createServer((client) => {
    client.on('error', () => {});
    if (silent) return swallow(client);
    const upstream = connect(port, host);
    const pair = { client, upstream };
    pairs.add(pair);
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      pairs.delete(pair);
      upstream.destroy();
      client.destroy();
    };
    client.on('close', drop);
    upstream.on('close', () => {
      if (pairs.has(pair)) drop();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: proxyPort } = server.address() as { port: number };
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(proxyPort);

  return {
    url: url.toString(),
    blackhole: () => {
      silent = true;
      for (const pair of [...pairs]) {
        pairs.delete(pair);
        pair.client.unpipe();
        pair.upstream?.unpipe();
        pair.client.removeAllListeners('close');
        pair.upstream?.removeAllListeners('close');
        pair.upstream?.on('error', () => {});
        pair.upstream?.destroy();
        swallow(pair.client);
      }
    },
    recover: () => {
      silent = false;
      for (const client of [...swallowed]) client.destroy();
    },
    close: async () => {
      for (const client of [...swallowed]) client.destroy();
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
