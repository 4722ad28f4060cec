import { open } from 'node:fs/promises';
import { InputRefusedError } from '../../src/core/errors.js';
import { formatBytes } from '../../src/core/format-bytes.js';

/**
 * Reads a file or stdin ('-') but never more than maxBytes + 1 bytes, so a huge input is refused
 * by intake without first being held in memory whole.
 */
export async function readBoundedInput(source: string, maxBytes: number, stdin: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  if (source === '-') return readStreamBounded(stdin, maxBytes + 1);
  let handle;
  try {
    handle = await open(source, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliUsageError(code === 'ENOENT' ? `no such file: ${source}` : `cannot read ${source} (${code ?? 'error'})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new CliUsageError(`not a file: ${source}`);
    if (stat.size > maxBytes) {
      throw new InputRefusedError('too-large', `input has ${stat.size} bytes`, { limit: formatBytes(maxBytes) });
    }
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes + 1));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function readStreamBounded(stream: NodeJS.ReadableStream, cap: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    const room = cap - total;
    chunks.push(buf.length > room ? buf.subarray(0, room) : buf);
    total += Math.min(buf.length, room);
    if (total >= cap) break;
  }
  return Buffer.concat(chunks);
}

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class CliUsageError extends Error {
  readonly kind = 'cli-usage' as const;
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export function isCliUsageError(err: unknown): err is CliUsageError {
  return typeof err === 'object' && err !== null && (err as { kind?: unknown }).kind === 'cli-usage';
}
