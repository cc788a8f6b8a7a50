import { createServer, type Server } from 'node:http';

/**
 * A loopback "registry" that answers every request with one HTTP status (500 by
 * default): how tests see what users see when a registry is broken, without one.
 */
export interface ErrorRegistry {
  /** `127.0.0.1:PORT`, to put in image refs and the registry option. */
  address: string;
  /** How many requests it answered. */
  requests(): number;
  close(): Promise<void>;
}

export async function startErrorRegistry(status = 500): Promise<ErrorRegistry> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    req.resume();
    res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
    res.end('internal server error\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const addr = server.address();
  const address = `127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    address,
    requests: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { freeLoopbackPort } from './ports';
