import { InputRefusedError } from '../core/errors.js';
import { readOggOpusDuration } from '../intake/read-ogg-opus-duration.js';

export interface OggInfo {
  codec: 'opus';
  channels: number;
  /** The input sample rate OpusHead records (informational: Opus always decodes at 48 kHz). */
  inputSampleRate: number;
  /** Samples at 48 kHz a player drops from the start (the encoder's delay). */
  preSkip: number;
  /** Last granule position minus pre-skip, at 48 kHz. */
  durationSec: number;
  /** Duration the packets' own TOC bytes add up to, for cross-checking the granule. */
  packetDurationSec: number;
  /** True when the second packet is an OpusTags header, as RFC 7845 requires. */
  hasTags: boolean;
}

/**
 * Codec, channels, rates and duration of an Ogg/Opus buffer, read from its headers and last
 * granule without decoding. The page walk and duration come from intake's readOggOpusDuration
 * (one Ogg reader in the code base); this adds the OpusHead fields it does not return.
 * Throws InputRefusedError 'corrupt' or 'unsupported-type' like it.
 */
export function readOggInfo(bytes: Buffer): OggInfo {
  const { durationSec, packetDurationSec, channels } = readOggOpusDuration(bytes);
  const head = firstPacket(bytes, 0);
  if (!head || head.packet.toString('latin1', 0, 8) !== 'OpusHead' || head.packet.length < 19) {
    throw new InputRefusedError('corrupt', 'OpusHead is not in the first Ogg page');
  }
  const tags = firstPacket(bytes, head.next);
  return {
    codec: 'opus',
    channels,
    inputSampleRate: head.packet.readUInt32LE(12),
    preSkip: head.packet.readUInt16LE(10),
    durationSec,
    packetDurationSec,
    hasTags: tags?.packet.toString('latin1', 0, 8) === 'OpusTags',
  };
}

/** The first packet that starts on the page at offset (only its part on that page), and where the next page starts. */
function firstPacket(bytes: Buffer, offset: number): { packet: Buffer; next: number } | null {
  if (offset + 27 > bytes.length || bytes.toString('latin1', offset, offset + 4) !== 'OggS') return null;
  const segments = bytes[offset + 26]!;
  const bodyStart = offset + 27 + segments;
  if (bodyStart > bytes.length) return null;
  let length = 0;
  for (let i = 0; i < segments; i++) {
    const lace = bytes[offset + 27 + i]!;
    length += lace;
    if (lace < 255) break;
  }
  let bodyLength = 0;
  for (let i = 0; i < segments; i++) bodyLength += bytes[offset + 27 + i]!;
  if (bodyStart + bodyLength > bytes.length) return null;
  return { packet: bytes.subarray(bodyStart, bodyStart + length), next: bodyStart + bodyLength };
}
