import { RestError, type PipelineResponse } from '@azure/core-rest-pipeline';

/** The RestError an SDK would throw for an ARM error response: `{"error":{"code","message"}}`. */
export function armError(response: PipelineResponse): RestError {
  let code: string | undefined;
  let message = `the server answered ${response.status}`;
  try {
    const body = JSON.parse(response.bodyAsText ?? '') as { error?: { code?: string; message?: string } };
    code = body.error?.code;
    if (body.error?.message) message = body.error.message;
  } catch {
    // not JSON: keep the status
  }
  return new RestError(message, { code, statusCode: response.status, request: response.request, response });
}
