import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';

/**
 * A loopback proxy made to fail the way real ones do: it forwards faithfully until told
 * to stall (or until `stallAfterBytes` came from the client), then stops reading and
 * writing while keeping every connection open — a registry that stops reading mid-push,
 * an engine socket that hangs. Listens on a loopback TCP port or a unix socket path.
 */
export interface StallProxy {
  /** `127.0.0.1:PORT`, or the socket path. */
  address: string;
  stall(): void;
  close(): Promise<void>;
}

export async function startStallProxy(o: {
  listen: { port: 0 } | { path: string };
  target: { host: string; port: number } | { path: string };
  stallAfterBytes?: number;
}): Promise<StallProxy> {
  let stalled = false;
  let fromClients = 0;
  const sockets = new Set<Socket>();
  const pipe = (from: Socket, to: Socket, counts: boolean) =>
    from.on('data', (chunk: Buffer) => {
      if (counts) fromClients += chunk.length;
      if (o.stallAfterBytes !== undefined && fromClients > o.stallAfterBytes) stalled = true;
      if (stalled) {
        from.pause();
        return;
      }
      to.write(chunk);
    });
  const server: Server = createServer((client) => {
    const upstream = createConnection(o.target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    pipe(client, upstream, true);
    pipe(upstream, client, false);
    client.on('end', () => !stalled && upstream.end());
    upstream.on('end', () => !stalled && client.end());
  });
  const listen = o.listen;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if ('path' in listen) server.listen(listen.path, resolve);
    else server.listen(0, '127.0.0.1', resolve);
  });
  const addr = server.address();
  const address = typeof addr === 'string' ? addr : `127.0.0.1:${addr?.port}`;
  return {
    address,
    stall: () => {
      stalled = true;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
      if ('path' in listen) await rm(listen.path, { force: true });
    },
  };
}
