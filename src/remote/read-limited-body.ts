import { RemoteApiError } from './remote-api-error.js';

/**
 * Reads a response body into memory, refusing (and cancelling the stream) as soon as it passes
 * maxBytes: a broken or hostile server must not be able to fill our memory. Content-Length is
 * checked first when the server sends it.
 */
export async function readLimitedBody(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    parts.push(value);
  }
  return Buffer.concat(parts, total);
}

function tooLarge(maxBytes: number): RemoteApiError {
  return new RemoteApiError(`response larger than ${maxBytes} bytes`, { isRetryable: false });
}
