import type { ProcessResult } from '../core/report.js';

const MAGIC = Buffer.from('SSR1');

/**
 * A ProcessResult as bytes: a small header, the result as JSON without the voice note, then the
 * voice note's bytes as they are (base64 inside JSON would add a third). JSON rather than
 * v8.serialize so entries written by one Node version read in another.
 */
export function encodeResult(result: ProcessResult): Buffer {
  const audio = result.audio;
  const json = Buffer.from(JSON.stringify({ ...result, audio: audio ? { format: audio.format, durationSec: audio.durationSec } : null }), 'utf8');
  const header = Buffer.alloc(MAGIC.length + 4);
  MAGIC.copy(header);
  header.writeUInt32BE(json.length, MAGIC.length);
  return Buffer.concat([header, json, audio ? audio.data : Buffer.alloc(0)]);
}

/** The result encodeResult wrote; throws on anything else (a cache entry from another format). */
export function decodeResult(bytes: Buffer): ProcessResult {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a cached result');
  const jsonLength = bytes.readUInt32BE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (start + jsonLength > bytes.length) throw new Error('cached result is cut short');
  const parsed = JSON.parse(bytes.subarray(start, start + jsonLength).toString('utf8')) as Omit<ProcessResult, 'audio'> & { audio: { format: 'ogg/opus'; durationSec: number } | null };
  const data = bytes.subarray(start + jsonLength);
  return { ...parsed, audio: parsed.audio ? { ...parsed.audio, data: Buffer.from(data) } : null };
}
