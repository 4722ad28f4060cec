import { setImmediate as nextTurn } from 'node:timers/promises';
import { InputRefusedError } from '../core/errors.js';
import { id3v2Length } from './read-mpeg-info.js';

export interface FlacInfo {
  sampleRate: number;
  channels: number;
  /** STREAMINFO's total samples over the rate; when the encoder left it 0 (unknown), the frames' sum. */
  durationSec: number;
}

// Pieces the frame walk parses between turns of the event loop.
const WALK_CHUNK = 1 << 20;

/**
 * The length of a FLAC file before decoding: the STREAMINFO block's total sample count, which
 * every encoder that knows it writes. A stream written without it (0: unknown) has its frame
 * headers walked with codec-parser, stopping once past stopAfterSec. A STREAMINFO that understates
 * the length is caught by the decoder's running limit. Throws 'corrupt' without a STREAMINFO.
 */
export async function readFlacInfo(bytes: Buffer, options: { stopAfterSec?: number; signal?: AbortSignal } = {}): Promise<FlacInfo> {
  const start = id3v2Length(bytes);
  if (bytes.toString('latin1', start, start + 4) !== 'fLaC') throw new InputRefusedError('corrupt', 'no fLaC marker');
  // STREAMINFO is the first metadata block: 4-byte block header, then 34 bytes.
  const info = start + 8;
  if ((bytes[start + 4]! & 0x7f) !== 0 || info + 18 > bytes.length) throw new InputRefusedError('corrupt', 'FLAC without a STREAMINFO block');
  const packed = bytes.readBigUInt64BE(info + 10);
  const sampleRate = Number(packed >> 44n);
  const channels = Number((packed >> 41n) & 7n) + 1;
  const total = Number(packed & 0xfffffffffn);
  if (sampleRate < 1000 || sampleRate > 655_350) throw new InputRefusedError('corrupt', `FLAC sample rate ${sampleRate} Hz`);
  if (total > 0) return { sampleRate, channels, durationSec: total / sampleRate };

  // Imported here: only a FLAC without its length needs the parser (~9 MB resident once loaded).
  const { default: CodecParser } = await import('codec-parser');
  const parser = new CodecParser('audio/flac', { enableFrameCRC32: false });
  const stopAfter = options.stopAfterSec ?? Infinity;
  let samples = 0;
  for (let offset = 0; offset < bytes.length && samples / sampleRate <= stopAfter; offset += WALK_CHUNK) {
    options.signal?.throwIfAborted();
    for (const frame of iterable(parser.parseChunk(bytes.subarray(offset, offset + WALK_CHUNK)))) samples += frame.samples;
    await nextTurn();
  }
  for (const frame of iterable(parser.flush())) samples += frame.samples;
  return { sampleRate, channels, durationSec: samples / sampleRate };
}

/** codec-parser's types call its generators plain Iterators. */
function iterable<T>(iterator: Iterator<T>): Iterable<T> {
  return { [Symbol.iterator]: () => iterator };
}
