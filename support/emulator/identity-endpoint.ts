import type { RecordedRequest } from './faults.js';

export interface IdentityOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The access token handed out for the right secret. */
  token: string;
  /** A hostile (or careless) token endpoint: its error quotes the secret it was sent. */
  quoteSecretInErrors?: boolean;
}

interface IdentityReply {
  status: number;
  body: unknown;
}

/**
 * The two requests a client-secret credential (MSAL, through @azure/identity, with instance
 * discovery off) makes to a Microsoft Entra authority: the tenant's OpenID configuration, and a
 * client-credentials token request. Undefined for any other request (ARM's).
 */
export function answerIdentityRequest(request: RecordedRequest, options: IdentityOptions, base: string): IdentityReply | undefined {
  const tenant = options.tenantId;
  if (request.method === 'GET' && request.path.toLowerCase() === `/${tenant}/v2.0/.well-known/openid-configuration`) {
    return {
      status: 200,
      body: {
        issuer: `${base}/${tenant}/v2.0`,
        token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      },
    };
  }
  if (request.method === 'POST' && request.path.toLowerCase() === `/${tenant}/oauth2/v2.0/token`) {
    const form = new URLSearchParams(request.body ?? '');
    if (form.get('client_id') === options.clientId && form.get('client_secret') === options.clientSecret) {
      return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: options.token } };
    }
    const quoted = options.quoteSecretInErrors ? ` The secret sent was '${form.get('client_secret')}'.` : '';
    return {
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${options.clientId}'.${quoted}`,
        error_codes: [7000215],
        timestamp: '2026-11-21 03:00:00Z',
        trace_id: '00000000-0000-0000-0000-0000000000aa',
        correlation_id: '00000000-0000-0000-0000-0000000000bb',
      },
    };
  }
  return undefined;
}
