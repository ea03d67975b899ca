import { Agent } from 'node:https';
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates } from 'node:tls';
import { inspect } from 'node:util';
import { UserError } from '../../errors.js';

/**
 * The SDK's request log (AZURE_LOG_LEVEL=info) serialises each request, agent included, and an
 * agent's sockets hold the raw text of the requests they sent, Authorization header and all: the
 * token reached stderr dozens of times. This agent shows only its settings, to JSON.stringify
 * and to util.inspect alike.
 */
class ArmAgent extends Agent {
  toJSON() {
    return { keepAlive: true, maxSockets: this.maxSockets };
  }

  [inspect.custom]() {
    return `ArmAgent ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * One keep-alive HTTPS agent shared by every SDK client of a collection, so that connections to
 * ARM are reused across subscriptions and resource types instead of one TLS handshake per client.
 *
 * Trust: Node's root certificates plus NODE_EXTRA_CA_CERTS. Node reads that variable only when
 * the process starts; reading it here as well makes it hold for a collection started in-process.
 */
export function createHttpsAgent(maxSockets: number, extraCertificates?: string): Agent {
  const extra = extraCertificates ?? readExtraCertificates();
  return new ArmAgent({
    keepAlive: true,
    maxSockets,
    // One secure context built once: a `ca` option would be rebuilt per socket and hashed into every request's agent key.
    ...(extra ? { secureContext: createSecureContext({ ca: [...rootCertificates, extra] }) } : {}),
  });
}

function readExtraCertificates(): string | undefined {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`NODE_EXTRA_CA_CERTS: cannot read ${file}: ${(error as Error).message}`);
  }
}
