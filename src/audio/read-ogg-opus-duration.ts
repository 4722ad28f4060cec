import { opusPacketSamples } from './opus-packet.js';
import { OGG_CONTINUED, OGG_FIRST, oggPages } from './ogg-pages.js';
import { InputRefusedError } from '../core/errors.js';

export interface OggOpusDuration {
  /** From the container: last granule position minus pre-skip, at Opus's fixed 48 kHz. */
  durationSec: number;
  /** From the packets' own TOC bytes: what a decoder would really produce. */
  packetDurationSec: number;
  channels: number;
}

const OPUS_RATE = 48_000;
/**
 * No Opus packet is this long: RFC 6716 allows at most 120 ms of 1275-byte frames (about 61 KB),
 * so 256 KiB leaves room for padding. A longer one is a hostile file (one packet that never ends
 * makes the WASM decoder churn for seconds on 20 MB), refused here before any decoding.
 */
export const MAX_OPUS_PACKET_BYTES = 256 * 1024;

/**
 * Reads how long an Ogg/Opus voice note is without decoding it, by walking the Ogg pages (RFC
 * 3533) and the Opus packets' TOC bytes (RFC 6716 section 3.1), on oggPages (hand-written, see
 * there why not codec-parser), before the heavy work of decoding. Both
 * the granule position and the packet durations are returned, so a container that understates its
 * length cannot slip an hour of audio past the limit.
 *
 * Throws 'unsupported-type' for Ogg carrying anything but Opus, 'corrupt' when no page parses,
 * when a packet is longer than any Opus packet can be, or when audio pages carry no granule
 * position at all (the length cannot be read, so it cannot be checked against the limit).
 */
export function readOggOpusDuration(bytes: Buffer): OggOpusDuration {
  let serial: number | null = null;
  let preSkip = 0;
  let channels = 0;
  let lastGranule = -1n;
  let samples = 0;
  let packetIndex = 0;
  let inPacket = false;
  let packetBytes = 0;
  let audioPages = 0;

  for (const page of oggPages(bytes)) {
    if (serial === null) {
      const head = bytes.subarray(page.bodyStart, page.bodyStart + page.bodyLength);
      if (!(page.flags & OGG_FIRST) || head.length < 19 || head.toString('latin1', 0, 8) !== 'OpusHead') {
        throw new InputRefusedError('unsupported-type', 'Ogg stream that is not Opus');
      }
      serial = page.serial;
      channels = head[9]!;
      preSkip = head.readUInt16LE(10);
    }

    if (page.serial === serial) {
      if (!(page.flags & OGG_CONTINUED)) inPacket = false;
      let at = page.bodyStart;
      if (packetIndex >= 2 || inPacket) audioPages++;
      for (const length of page.lacing) {
        packetBytes = inPacket ? packetBytes + length : length;
        // Packets 0 and 1 are OpusHead and OpusTags (tags may carry cover art); every later one is audio.
        const audio = inPacket ? packetIndex > 2 : packetIndex >= 2;
        if (audio && packetBytes > MAX_OPUS_PACKET_BYTES) throw new InputRefusedError('corrupt', `an Ogg packet longer than ${MAX_OPUS_PACKET_BYTES} bytes, which Opus never makes`);
        if (!inPacket) {
          if (audio && length > 0) samples += opusPacketSamples(bytes[at]!, length > 1 ? bytes[at + 1]! : undefined);
          packetIndex++;
        }
        inPacket = length === 255;
        at += length;
      }
      if (page.granule >= 0n && page.granule > lastGranule) lastGranule = page.granule;
    }
  }
  // A cut-off or padded tail is fine (the pages read so far still tell the length); no page at all is not.
  if (serial === null) throw new InputRefusedError('corrupt', 'no complete Ogg page at the start');
  if ((audioPages > 0 || inPacket) && lastGranule <= 0n) throw new InputRefusedError('corrupt', 'no Ogg page gives a granule position, so the length cannot be read');
  const granuleSamples = lastGranule > 0n ? Number(lastGranule) - preSkip : 0;
  return {
    durationSec: Math.max(0, granuleSamples) / OPUS_RATE,
    packetDurationSec: Math.max(0, samples - preSkip) / OPUS_RATE,
    channels,
  };
}
