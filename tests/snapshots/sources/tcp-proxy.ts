/**
 * A TCP proxy on loopback between an extraction and its source, to inject network faults: cut
 * every connection at once (a dropped link), or delay the source's bytes (a slow source).
 * Plus a blackhole: a port that accepts connections and never answers.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Delay before each chunk of the source's bytes is passed on; 0 = none. */
  delayMs: number;
  /** Connections made through the proxy so far. */
  readonly connections: () => number;
  /** Drops every open connection, as a failed link would. */
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<readonly [Socket, Socket]>();
  let connections = 0;
  const proxy: TcpProxy = {
    port: 0,
    delayMs: 0,
    connections: () => connections,
    cut() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    async close() {
      proxy.cut();
      await closeServer(server);
    },
  };
  const server = createServer((client) => {
    connections++;
    const upstream = connect(targetPort, targetHost);
    const pair = [client, upstream] as const;
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) socket.on('error', end).on('close', end);
    client.pipe(upstream);
    forwardSlowly(upstream, client, () => proxy.delayMs);
  });
  (proxy as { port: number }).port = await listen(server);
  return proxy;
}

/** Source → client, each chunk after the current delay, keeping order and backpressure. */
function forwardSlowly(from: Socket, to: Socket, delayMs: () => number): void {
  to.on('drain', () => from.resume());
  from.on('data', (chunk) => {
    const delay = delayMs();
    if (delay === 0) {
      if (!to.write(chunk)) from.pause();
      return;
    }
    from.pause();
    setTimeout(() => {
      if (to.write(chunk)) from.resume();
    }, delay);
  });
}

/** A loopback port that accepts connections and never says a word: a server that hangs. */
export async function startBlackhole(): Promise<{ readonly port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  const port = await listen(server);
  return {
    port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await closeServer(server);
  return port;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
