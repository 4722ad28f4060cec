import { beforeAll, describe, expect, it } from 'vitest';
import { encodeWebmOpus, toneThenSilence } from '../../scripts/fixtures/audio-files.js';
import { decodeAudio } from '../../src/audio/decode-audio.js';
import { readWebmOpus } from '../../src/audio/read-webm-opus.js';
import { isInputRefused } from '../../src/core/errors.js';
import { opusHead } from '../intake/ogg-pages.js';

/** An EBML element: ID bytes as written in the spec, an 8-byte size (or "unknown"), the payload. */
function element(id: number, payload: Buffer | Buffer[], unknownSize = false): Buffer {
  const body = Array.isArray(payload) ? Buffer.concat(payload) : payload;
  const idBytes = Buffer.from(id.toString(16).padStart(id > 0xffffff ? 8 : id > 0xffff ? 6 : id > 0xff ? 4 : 2, '0'), 'hex');
  const size = Buffer.alloc(8);
  if (unknownSize) size.fill(0xff, 1);
  else size.writeBigUInt64BE(BigInt(body.length));
  size[0] = 0x01; // an 8-byte vint
  return Buffer.concat([idBytes, size, body]);
}

const uint = (value: number) => Buffer.from([value >> 8, value & 0xff]);

/** A SimpleBlock of track 1 at a time within its cluster, with the given lacing of the frames. */
function simpleBlock(time: number, frames: Uint8Array[], lacing: 'none' | 'xiph' | 'ebml'): Buffer {
  const head = Buffer.from([0x81, (time >> 8) & 0xff, time & 0xff, 0x80 | (lacing === 'xiph' ? 0x02 : lacing === 'ebml' ? 0x06 : 0)]);
  if (lacing === 'none') return element(0xa3, [head, Buffer.from(frames[0]!)]);
  const sizes: number[] = [frames.length - 1];
  if (lacing === 'xiph') {
    for (const frame of frames.slice(0, -1)) {
      let left = frame.length;
      for (; left >= 255; left -= 255) sizes.push(255);
      sizes.push(left);
    }
  } else {
    // First size as a 2-byte vint, then signed 2-byte differences (bias 2^13 - 1).
    const vint2 = (v: number) => [0x40 | (v >> 8), v & 0xff];
    sizes.push(...vint2(frames[0]!.length));
    for (let i = 1; i < frames.length - 1; i++) sizes.push(...vint2(frames[i]!.length - frames[i - 1]!.length + 8191));
  }
  return element(0xa3, [head, Buffer.from(sizes), ...frames.map((f) => Buffer.from(f))]);
}

let packets: Uint8Array[];
let reference: Float32Array;

beforeAll(async () => {
  const webm = await encodeWebmOpus(toneThenSilence(2, 48_000));
  packets = readWebmOpus(webm).packets;
  reference = (await decodeAudio(webm)).samples;
});

/** What MediaRecorder writes: Segment and Clusters of unknown size, and here every kind of lacing and a Cues element to step over. */
function mediaRecorderStyle(): Buffer {
  const header = element(0x1a45dfa3, [element(0x4286, Buffer.from([1])), element(0x4282, Buffer.from('webm'))]);
  const info = element(0x1549a966, [element(0x2ad7b1, Buffer.from([0x0f, 0x42, 0x40]))]);
  const track = element(0xae, [element(0xd7, Buffer.from([1])), element(0x86, Buffer.from('A_OPUS')), element(0x63a2, opusHead(312, 1)), element(0xe1, [element(0x9f, Buffer.from([1]))])]);
  const tracks = element(0x1654ae6b, [track]);
  // Cues hold CueTime/CuePoint children whose IDs must not be read as blocks or timecodes.
  const cues = element(0x1c53bb6b, [element(0xbb, [element(0xb3, uint(5000)), element(0xa3, Buffer.alloc(20, 0xff))])]);
  const third = Math.floor(packets.length / 3);
  const clusters: Buffer[] = [];
  const laced = (from: number, to: number, lacing: 'xiph' | 'ebml' | 'none', startMs: number): Buffer[] => {
    const blocks: Buffer[] = [element(0xe7, uint(startMs))];
    const step = lacing === 'none' ? 1 : 4;
    for (let i = from; i < to; i += step) blocks.push(simpleBlock((i - from) * 20, packets.slice(i, Math.min(i + step, to)), lacing === 'none' || to - i === 1 ? 'none' : lacing));
    return blocks;
  };
  clusters.push(element(0x1f43b675, laced(0, third, 'xiph', 0), true));
  clusters.push(element(0x1f43b675, laced(third, 2 * third, 'ebml', third * 20), true));
  clusters.push(element(0x1f43b675, laced(2 * third, packets.length, 'none', 2 * third * 20), true));
  return Buffer.concat([header, element(0x18538067, [info, tracks, cues, ...clusters], true)]);
}

describe('readWebmOpus', () => {
  it('demuxes a MediaRecorder-style WebM (unknown sizes, Xiph, EBML and no lacing) packet for packet', () => {
    const webm = readWebmOpus(mediaRecorderStyle());
    expect(webm.channels).toBe(1);
    expect(webm.preSkip).toBe(312);
    expect(webm.packets.length).toBe(packets.length);
    for (let i = 0; i < packets.length; i++) expect(Buffer.from(webm.packets[i]!).equals(Buffer.from(packets[i]!))).toBe(true);
    expect(Math.abs(webm.durationSec - 2)).toBeLessThan(0.05);
  });

  it('decodes it to the same audio as the muxer-made file', async () => {
    const pcm = await decodeAudio(mediaRecorderStyle());
    expect(pcm.samples.length).toBe(reference.length);
    let diff = 0;
    for (let i = 0; i < reference.length; i++) diff = Math.max(diff, Math.abs(pcm.samples[i]! - reference[i]!));
    expect(diff).toBeLessThan(1e-6);
  });

  it('stops collecting packets past the limit it is given', () => {
    const webm = readWebmOpus(mediaRecorderStyle(), { stopAfterSec: 0.5 });
    expect(webm.truncated).toBe(true);
    expect(webm.packets.length).toBeLessThan(packets.length / 3);
    expect(webm.durationSec).toBeGreaterThan(0.5);
  });

  it("refuses WebM without an Opus track as 'unsupported-type' and a broken EBML header as 'corrupt'", () => {
    const vorbis = mediaRecorderStyle();
    vorbis.write('A_VORB', vorbis.indexOf('A_OPUS', 0, 'latin1'), 'latin1');
    const code = (bytes: Buffer) => {
      try {
        readWebmOpus(bytes);
      } catch (err) {
        if (isInputRefused(err)) return err.code;
        throw err;
      }
      return 'read';
    };
    expect(code(vorbis)).toBe('unsupported-type');
    expect(code(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x00, 0x00]))).toBe('corrupt');
  });
});
