import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestCertificate } from '../../support/emulator/certificate.js';

export interface ForeignRequest {
  method: string;
  url: string;
  authorization?: string;
}

/**
 * Another origin that a hostile response names (a nextLink, a redirect): another host (127.0.0.2,
 * the default) or another port of the emulator's host. It answers like ARM would, and records
 * every connection and request, so a test can assert it was never contacted at all (not even a
 * TLS handshake) and never given a token.
 */
export class ForeignServer {
  connections = 0;
  readonly requests: ForeignRequest[] = [];
  url = '';

  private constructor(private readonly server: Server) {}

  static async start(certificate: TestCertificate, host = '127.0.0.2'): Promise<ForeignServer> {
    const server = createServer({ key: certificate.key, cert: certificate.cert });
    const foreign = new ForeignServer(server);
    server.on('connection', () => foreign.connections++);
    server.on('request', (request, response) => {
      foreign.requests.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ value: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    foreign.url = `https://${host}:${(server.address() as AddressInfo).port}`;
    return foreign;
  }

  /** Forgets what it saw, for the next test. */
  reset(): void {
    this.connections = 0;
    this.requests.length = 0;
  }

  get contacted(): boolean {
    return this.connections > 0 || this.requests.length > 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
