import { InputRefusedError } from '../core/errors.js';
import { firstPacketOf, oggPages } from './ogg-pages.js';
import { readOggOpusDuration } from './read-ogg-opus-duration.js';

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
 * granule without decoding. The page walk and duration come from readOggOpusDuration and
 * oggPages (one Ogg reader in the code base); this adds the OpusHead fields it does not return.
 * Throws InputRefusedError 'corrupt' or 'unsupported-type' like it.
 */
export function readOggInfo(bytes: Buffer): OggInfo {
  const { durationSec, packetDurationSec, channels } = readOggOpusDuration(bytes);
  const [first, second] = oggPages(bytes);
  const head = first ? firstPacketOf(bytes, first) : undefined;
  if (!head || head.toString('latin1', 0, 8) !== 'OpusHead' || head.length < 19) {
    throw new InputRefusedError('corrupt', 'OpusHead is not in the first Ogg page');
  }
  const tags = second ? firstPacketOf(bytes, second) : undefined;
  return {
    codec: 'opus',
    channels,
    inputSampleRate: head.readUInt32LE(12),
    preSkip: head.readUInt16LE(10),
    durationSec,
    packetDurationSec,
    hasTags: tags?.toString('latin1', 0, 8) === 'OpusTags',
  };
}
