import { redactError, redactKnownSecrets, redactSecrets, rememberSecret, REDACTED } from '../../src/redaction/credentials.js';
import { setEnv } from '../emulator/live-cli-environment.js';

describe('redaction of tokens and secrets', () => {
  test('a token aiscan was handed is redacted wherever it appears, whatever its shape', () => {
    rememberSecret('opaque-token-from-a-credential-42');
    expect(redactSecrets('the server said: token opaque-token-from-a-credential-42 is not valid here')).toBe(`the server said: token ${REDACTED} is not valid here`);
    expect(redactKnownSecrets('{"tag": "opaque-token-from-a-credential-42"}')).toBe(`{"tag": "${REDACTED}"}`);
  });

  test('the secrets the Azure credentials read from the environment are redacted by value', () => {
    setEnv('AZURE_CLIENT_SECRET', 'Xy7~secret.value_from-env');
    try {
      expect(redactSecrets('AADSTS7000215: the secret sent was Xy7~secret.value_from-env.')).toBe(`AADSTS7000215: the secret sent was ${REDACTED}.`);
    } finally {
      setEnv('AZURE_CLIENT_SECRET', undefined);
    }
  });

  test('values too short to be secrets are not redacted by value (they would blank ordinary words)', () => {
    rememberSecret('abc');
    expect(redactSecrets('abc abc')).toBe('abc abc');
  });

  test.each([
    ['an Authorization header', 'Authorization: Bearer abc.def-ghi_jkl~mno/pqr+stu=\r\nHost: x', `Authorization: Bearer ${REDACTED}\r\nHost: x`],
    ['Basic credentials', 'authorization: Basic dXNlcjpwYXNz', `authorization: Basic ${REDACTED}`],
    ['a JWT', 'token eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQifQ.c2lnbmF0dXJl here', `token ${REDACTED} here`],
    ['a form body', 'grant_type=client_credentials&client_secret=s3cr3t~value&scope=x', `grant_type=client_credentials&client_secret=${REDACTED}&scope=x`],
    ['JSON', '{"access_token": "abc123", "refresh_token":"def456"}', `{"access_token": "${REDACTED}", "refresh_token":"${REDACTED}"}`],
    ['a client assertion', 'client_assertion=eyJhbGciOi.eyJzdWIi.sig', `client_assertion=${REDACTED}`],
  ])('the shape of %s is redacted', (_, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  test('ordinary messages are left alone', () => {
    const message = "HTTP 403 AuthorizationFailed: The client '0000' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read' over scope '/subscriptions/s'";
    expect(redactSecrets(message)).toBe(message);
  });

  test('an error keeps its class, status and code; its message and stack lose the secret', () => {
    rememberSecret('token-in-an-error-0123456789');
    const error = Object.assign(new TypeError('failed with token-in-an-error-0123456789'), { statusCode: 401, code: 'InvalidAuthenticationToken' });
    expect(redactError(error)).toBe(error);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken', message: `failed with ${REDACTED}` });
    expect(error.stack).not.toContain('token-in-an-error-0123456789');
  });
});
