import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { InputRefusedError } from '../../src/core/errors.js';
import { formatBytes } from '../../src/core/format-bytes.js';

/**
 * The size limit of a file a user sent, checked as early as each platform allows: the size the
 * event or the media metadata declares (before any download), the response's Content-Length
 * (before reading), then the bytes as they stream (cut at the limit). Every check refuses with
 * the same 'too-large' error, which the job answers in the user's language.
 */

/** The 'too-large' refusal; `atLeast` when the size is only known to be over the limit (cut while streaming). */
export function tooLargeRefusal(size: number, maxBytes: number, atLeast = false): InputRefusedError {
  return new InputRefusedError('too-large', `the file has ${atLeast ? 'more than ' : ''}${size} bytes, the download limit is ${maxBytes}`, {
    limit: formatBytes(maxBytes),
    size: formatBytes(size),
  });
}

/** The refusal for a declared size over the limit, or null (also when the size is not known). */
export function declaredSizeRefusal(size: number | undefined, maxBytes: number): InputRefusedError | null {
  return typeof size === 'number' && Number.isFinite(size) && size > maxBytes ? tooLargeRefusal(size, maxBytes) : null;
}

/** Throws the refusal for a declared size over the limit; an unknown size passes (the stream is cut instead). */
export function checkDeclaredSize(size: number | undefined, maxBytes: number): void {
  const refusal = declaredSizeRefusal(size, maxBytes);
  if (refusal) throw refusal;
}

/** Refuses a response whose Content-Length is over the limit, cancelling its body first so the connection is freed. */
export async function checkContentLength(response: Response, maxBytes: number): Promise<void> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLargeRefusal(declared, maxBytes);
  }
}

export interface ReadCappedOptions {
  signal?: AbortSignal;
  /**
   * Streams into this new file (created with 'wx', mode 0600) and reads it back, so a large
   * download never sits in memory twice while it arrives. Defaults to reading into memory.
   */
  toFile?: string;
}

/** Reads a stream (a fetch body or a file stream), failing with 'too-large' the moment maxBytes is passed. */
export async function readCapped(source: Readable | WebReadableStream<Uint8Array> | ReadableStream<Uint8Array> | null, maxBytes: number, options: ReadCappedOptions = {}): Promise<Buffer> {
  if (!source) return Buffer.alloc(0);
  const input = source instanceof Readable ? source : Readable.fromWeb(source as WebReadableStream<Uint8Array>);
  let total = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > maxBytes) callback(tooLargeRefusal(total, maxBytes, true));
      else callback(null, chunk);
    },
  });
  const streamOptions = options.signal ? { signal: options.signal } : {};
  if (options.toFile !== undefined) {
    await pipeline(input, counter, createWriteStream(options.toFile, { flags: 'wx', mode: 0o600 }), streamOptions);
    return readFile(options.toFile);
  }
  const chunks: Buffer[] = [];
  await pipeline(
    input,
    counter,
    async (stream: AsyncIterable<Buffer>) => {
      for await (const chunk of stream) chunks.push(chunk);
    },
    streamOptions,
  );
  return Buffer.concat(chunks, total);
}
