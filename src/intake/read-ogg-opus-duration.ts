import { InputRefusedError } from '../core/errors.js';

export interface OggOpusDuration {
  /** From the container: last granule position minus pre-skip, at Opus's fixed 48 kHz. */
  durationSec: number;
  /** From the packets' own TOC bytes: what a decoder would really produce. */
  packetDurationSec: number;
  channels: number;
}

const OPUS_RATE = 48_000;
const PAGE_HEADER = 27;
const FLAG_CONTINUED = 0x01;
const FLAG_FIRST = 0x02;

/**
 * Reads how long an Ogg/Opus voice note is without decoding it, by walking the Ogg pages (RFC
 * 3533) and the Opus packets' TOC bytes (RFC 6716 section 3.1). Hand-written because the decoders
 * we ship decode the audio to tell, which is the heavy work this check must come before. Both
 * the granule position and the packet durations are returned, so a container that understates its
 * length cannot slip an hour of audio past the limit.
 *
 * Throws 'unsupported-type' for Ogg carrying anything but Opus, 'corrupt' when no page parses.
 */
export function readOggOpusDuration(bytes: Buffer): OggOpusDuration {
  let offset = 0;
  let serial: number | null = null;
  let preSkip = 0;
  let channels = 0;
  let lastGranule = -1n;
  let samples = 0;
  let packetIndex = 0;
  let inPacket = false;

  while (offset + PAGE_HEADER <= bytes.length) {
    if (bytes.toString('latin1', offset, offset + 4) !== 'OggS' || bytes[offset + 4] !== 0) {
      // A cut-off or padded tail: the pages read so far still tell the length.
      if (serial === null) throw new InputRefusedError('corrupt', 'no Ogg page at the start');
      break;
    }
    const flags = bytes[offset + 5]!;
    const granule = bytes.readBigInt64LE(offset + 6);
    const pageSerial = bytes.readUInt32LE(offset + 14);
    const segments = bytes[offset + PAGE_HEADER - 1]!;
    const bodyStart = offset + PAGE_HEADER + segments;
    if (bodyStart > bytes.length) break;
    const lacing = bytes.subarray(offset + PAGE_HEADER, bodyStart);
    const bodyLength = lacing.reduce((n, v) => n + v, 0);
    if (bodyStart + bodyLength > bytes.length) break;

    if (serial === null) {
      const head = bytes.subarray(bodyStart, bodyStart + bodyLength);
      if (!(flags & FLAG_FIRST) || head.length < 19 || head.toString('latin1', 0, 8) !== 'OpusHead') {
        throw new InputRefusedError('unsupported-type', 'Ogg stream that is not Opus');
      }
      serial = pageSerial;
      channels = head[9]!;
      preSkip = head.readUInt16LE(10);
    }

    if (pageSerial === serial) {
      if (!(flags & FLAG_CONTINUED)) inPacket = false;
      let at = bodyStart;
      for (const length of lacing) {
        if (!inPacket) {
          // Packets 0 and 1 are OpusHead and OpusTags; every later one is audio.
          if (packetIndex >= 2 && length > 0) samples += packetSamples(bytes[at]!, length > 1 ? bytes[at + 1]! : undefined);
          packetIndex++;
        }
        inPacket = length === 255;
        at += length;
      }
      if (granule >= 0n && granule > lastGranule) lastGranule = granule;
    }
    offset = bodyStart + bodyLength;
  }
  if (serial === null) throw new InputRefusedError('corrupt', 'no complete Ogg page');
  const granuleSamples = lastGranule > 0n ? Number(lastGranule) - preSkip : 0;
  return {
    durationSec: Math.max(0, granuleSamples) / OPUS_RATE,
    packetDurationSec: Math.max(0, samples - preSkip) / OPUS_RATE,
    channels,
  };
}

// Frame length in 48 kHz samples per TOC configuration (RFC 6716 table 2): SILK 10/20/40/60 ms,
// hybrid 10/20 ms, CELT 2.5/5/10/20 ms.
const SILK = [480, 960, 1920, 2880];
const HYBRID = [480, 960];
const CELT = [120, 240, 480, 960];

function packetSamples(toc: number, second: number | undefined): number {
  const config = toc >> 3;
  const frame = config < 12 ? SILK[config % 4]! : config < 16 ? HYBRID[config % 2]! : CELT[config % 4]!;
  const code = toc & 0x03;
  const frames = code === 0 ? 1 : code === 3 ? (second ?? 1) & 0x3f : 2;
  return frame * frames;
}
