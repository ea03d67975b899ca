/** An answer of the emulated API server: a status, a JSON body and any extra headers. */
export interface KubernetesReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The user the emulated server says the caller is, in its Forbidden messages. */
export const EMULATED_USER = 'aiscan-test';

/** What a request was after, for the messages that name it. */
export interface Target {
  group: string;
  plural: string;
  namespace?: string;
  name?: string;
}

const status = (code: number, reason: string, message: string, details?: Record<string, unknown>, headers?: Record<string, string>): KubernetesReply => ({
  status: code,
  body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code },
  headers,
});

/** "deployments.apps", "pods": how a real server names a resource in its messages. */
const qualified = ({ group, plural }: Target) => (group ? `${plural}.${group}` : plural);

/** The details of a Status about one resource: empty fields are left out, as a real server leaves them. */
const detailsOf = ({ group, plural, name }: Target) => ({ ...(name ? { name } : {}), ...(group ? { group } : {}), kind: plural });

/** Status bodies in the shape a v1.30 kube-apiserver sends them. */
export const kubernetesStatus = {
  unauthorized: () => status(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (target: Target) => {
    const subject = target.name ? `${qualified(target)} "${target.name}"` : qualified(target);
    const verb = target.name ? 'get' : 'list';
    const scope = target.namespace ? `in the namespace "${target.namespace}"` : 'at the cluster scope';
    const message = `${subject} is forbidden: User "${EMULATED_USER}" cannot ${verb} resource "${target.plural}" in API group "${target.group}" ${scope}`;
    return status(403, 'Forbidden', message, detailsOf(target));
  },
  objectNotFound: (target: Target & { name: string }) => status(404, 'NotFound', `${qualified(target)} "${target.name}" not found`, detailsOf(target)),
  resourceNotFound: () => status(404, 'NotFound', 'the server could not find the requested resource', {}),
  methodNotAllowed: () => status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}),
  badRequest: (message: string) => status(400, 'BadRequest', message),
  tooManyRequests: (retryAfterSeconds: number) =>
    status(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) }),
};
