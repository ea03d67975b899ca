import { request } from 'node:https';
import { inspect } from 'node:util';
import { createHttpsAgent } from '../../../src/sources/azure/https-agent.js';

describe('the shared HTTPS agent', () => {
  test('serialises to its settings only, never to its sockets and the requests they sent', async () => {
    const agent = createHttpsAgent(4);
    // A request that never connects still puts a socket, with its headers, in the agent.
    const sent = request('https://127.0.0.1:9/x', { agent, headers: { authorization: 'Bearer agent-held-token' } });
    sent.on('error', () => {});
    sent.end();
    try {
      expect(JSON.stringify({ agent })).toBe('{"agent":{"keepAlive":true,"maxSockets":4}}');
      expect(inspect(agent, { depth: 10 })).not.toContain('agent-held-token');
    } finally {
      sent.destroy();
      agent.destroy();
    }
  });
});
