/** Error bodies in the shape ARM sends them: {"error":{"code","message"}}. */
export interface ArmErrorResponse {
  status: number;
  body: { error: { code: string; message: string } };
  headers?: Record<string, string>;
}

const error = (status: number, code: string, message: string, headers?: Record<string, string>): ArmErrorResponse => ({
  status,
  body: { error: { code, message } },
  headers,
});

export const armErrors = {
  authorizationFailed: (action: string, scope: string) =>
    error(
      403,
      'AuthorizationFailed',
      `The client '00000000-0000-0000-0000-00000000e111' with object id '00000000-0000-0000-0000-00000000e111' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    ),
  authenticationFailed: () => error(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing."),
  invalidToken: () => error(401, 'InvalidAuthenticationToken', 'The access token is invalid.'),
  throttled: (retryAfter: string, retryAfterMs?: number) =>
    error(429, 'TooManyRequests', 'The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00.', {
      'Retry-After': retryAfter,
      ...(retryAfterMs !== undefined ? { 'retry-after-ms': String(retryAfterMs) } : {}),
    }),
  internal: (status: number) => error(status, 'InternalServerError', 'An internal server error occurred. Please retry the request.'),
  notRegistered: (namespace: string) =>
    error(409, 'MissingSubscriptionRegistration', `The subscription is not registered to use namespace '${namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`),
  resourceNotFound: (id: string) => error(404, 'ResourceNotFound', `The Resource '${id.split('/').slice(-2).join('/')}' under resource group '${/\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`),
  subscriptionNotFound: (id: string) => error(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`),
  missingApiVersion: () => error(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests."),
  invalidApiVersion: (version: string, supported: readonly string[]) =>
    error(400, 'InvalidApiVersionParameter', `The api-version '${version}' is invalid. The supported versions are '${supported.join(',')}'.`),
  invalidResourceType: (namespace: string, type: string, version: string) =>
    error(400, 'InvalidResourceType', `The resource type '${type}' could not be found in the namespace '${namespace}' for api version '${version}'.`),
  invalidParameter: (message: string) => error(400, 'InvalidParameter', message),
  notFound: (path: string) => error(404, 'NotFound', `No route for '${path}' in the ARM emulator.`),
  invalidQuery: (message: string) => error(400, 'BadRequest', `Please provide below info when asking for support: query is invalid. ${message}`),
};
