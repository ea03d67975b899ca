import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { rememberSecret } from '../../redaction/credentials.js';

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

/**
 * Shares one token between every SDK client of a collection. Each client has its own bearer
 * policy; without this, `--auth cli` would start `az` once per client and subscription.
 * Requests with claims or another tenant (challenges) go to the credential itself.
 * Every token handed out is remembered, so that it is redacted wherever it might be printed.
 */
export function cachedCredential(credential: TokenCredential, now: () => number = Date.now): TokenCredential {
  const cache = new Map<string, Promise<AccessToken | null>>();
  const remembered = async (pending: Promise<AccessToken | null>) => {
    const token = await pending;
    rememberSecret(token?.token);
    return token;
  };
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      if (options?.claims || options?.tenantId) return remembered(credential.getToken(scopes, options));
      const key = [scopes].flat().join(' ');
      const cached = cache.get(key);
      if (cached) {
        const token = await cached.catch(() => null);
        if (token && token.expiresOnTimestamp - now() > REFRESH_BEFORE_EXPIRY_MS) return token;
      }
      const pending = remembered(credential.getToken(scopes, options));
      cache.set(key, pending);
      pending.catch(() => {
        if (cache.get(key) === pending) cache.delete(key);
      });
      return pending;
    },
  };
}
