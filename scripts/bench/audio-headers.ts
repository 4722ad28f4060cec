/**
 * Why the Ogg and MPEG length checks are hand-written rather than codec-parser's: the time each
 * takes to walk hostile input that a user may upload (it passes the size limit), before any
 * decoding. Inputs: an Ogg/Opus note whose one packet never ends (every page continues it), 20 MB
 * of random bytes and 20 MB of 0xFF bytes sent as MP3. codec-parser gets a smaller copy of the
 * slowest cases (its time grows faster than the input) so the benchmark ends in minutes.
 * Run: node --import tsx scripts/bench/audio-headers.ts
 */
import CodecParser, { type MimeType } from 'codec-parser';
import { OggOpusEncoder } from '../../src/audio/ogg-opus-encoder.js';
import { readMpegInfo } from '../../src/audio/read-mpeg-info.js';
import { readOggOpusDuration } from '../../src/audio/read-ogg-opus-duration.js';
import { toneThenSilence } from '../fixtures/audio-files.js';

const MB = 1e6;

/** The OpusHead and OpusTags pages of a real note, then pages of one packet that never ends. */
async function endlessPacketOgg(bytes: number): Promise<Buffer> {
  const note = await new OggOpusEncoder().encode({ samples: toneThenSilence(1, 16_000), sampleRate: 16_000 });
  const pages: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < 2; i++) {
    const segments = note[at + 26]!;
    let length = 0;
    for (let j = 0; j < segments; j++) length += note[at + 27 + j]!;
    pages.push(note.subarray(at, at + 27 + segments + length));
    at += 27 + segments + length;
  }
  const serial = note.readUInt32LE(14);
  const body = Buffer.alloc(255 * 255, 0x78);
  for (let sequence = 2, total = at; total < bytes; sequence++) {
    const header = Buffer.alloc(27 + 255, 255);
    header.write('OggS', 0, 'latin1');
    header[4] = 0;
    header[5] = 1; // continued packet
    header.writeBigInt64LE(-1n, 6);
    header.writeUInt32LE(serial, 14);
    header.writeUInt32LE(sequence, 18);
    header[26] = 255;
    pages.push(header, body);
    total += header.length + body.length;
  }
  return Buffer.concat(pages);
}

function randomBytes(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (Math.random() * 256) | 0;
  return out;
}

function timed(run: () => unknown): string {
  const started = performance.now();
  try {
    run();
  } catch {
    // A refusal is a result too: the time to reach it is what is measured.
  }
  return `${(performance.now() - started).toFixed(0)} ms`;
}

/** codec-parser's whole walk, fed in 1 MB pieces as a caller bounding memory would. */
function codecParserWalk(mime: MimeType, bytes: Buffer): void {
  const parser = new CodecParser(mime, { enableFrameCRC32: false, enableLogging: false });
  const drain = (frames: Iterator<unknown>) => {
    while (!frames.next().done);
  };
  for (let offset = 0; offset < bytes.length; offset += MB) drain(parser.parseChunk(bytes.subarray(offset, offset + MB)));
  drain(parser.flush());
}

async function main(): Promise<void> {
  const cases: Array<{ name: string; make: (bytes: number) => Promise<Buffer> | Buffer; hand: (b: Buffer) => unknown; mime: MimeType; parserBytes: number }> = [
    { name: 'Ogg/Opus, one endless packet', make: endlessPacketOgg, hand: readOggOpusDuration, mime: 'audio/ogg', parserBytes: 20 * MB },
    { name: 'MP3, random bytes', make: randomBytes, hand: readMpegInfo, mime: 'audio/mpeg', parserBytes: 5 * MB },
    { name: 'MP3, 0xFF bytes', make: (n) => Buffer.alloc(n, 0xff), hand: readMpegInfo, mime: 'audio/mpeg', parserBytes: 2 * MB },
  ];
  console.log('input                          hand-written (20 MB)   codec-parser (size)');
  for (const c of cases) {
    const full = await c.make(20 * MB);
    const hand = timed(() => c.hand(full));
    const part = c.parserBytes >= full.length ? full : await c.make(c.parserBytes);
    const parser = timed(() => codecParserWalk(c.mime, part));
    console.log(`${c.name.padEnd(30)} ${hand.padEnd(22)} ${parser} (${(part.length / MB).toFixed(0)} MB)`);
  }
}

await main();
