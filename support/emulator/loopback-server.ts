import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestCertificate } from './certificate.js';

const open = new Set<Server>();

/** How many servers listenOnLoopback started are not closed: for a test to check it leaves none behind. */
export function openLoopbackServers(): number {
  return open.size;
}

/** An HTTPS server on 127.0.0.1 at a free port, never beyond loopback, with the URL it answers on. */
export async function listenOnLoopback(certificate: TestCertificate, handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer({ key: certificate.key, cert: certificate.cert }, handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.add(server);
  server.once('close', () => open.delete(server));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Closes the server and every connection still open on it. */
export async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** What `build` makes for a listening server, or the server closed again when `build` throws: nobody else holds it to close. */
export async function builtOrClosed<T>(server: Server, build: () => T): Promise<T> {
  try {
    return build();
  } catch (error) {
    await closeServer(server);
    throw error;
  }
}
