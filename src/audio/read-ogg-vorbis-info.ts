import { InputRefusedError } from '../core/errors.js';
import { firstPacketOf, OGG_FIRST, oggPages } from './ogg-pages.js';

export interface OggVorbisInfo {
  sampleRate: number;
  channels: number;
  /** Last granule position of the Vorbis stream over its rate: the container's own length. */
  durationSec: number;
}

/**
 * The Vorbis identification header and the last granule of an Ogg/Vorbis file, read without
 * decoding. Vorbis packet lengths depend on the setup header's modes, so unlike Opus there is no
 * cheap cross-check of the granule here: the decoder's running limit catches a granule that lies.
 * On oggPages, not codec-parser (see oggPages for why).
 * Throws 'corrupt' for a broken identification header or no Ogg page.
 */
export function readOggVorbisInfo(bytes: Buffer): OggVorbisInfo {
  let serial: number | null = null;
  let sampleRate = 0;
  let channels = 0;
  let lastGranule = 0n;
  for (const page of oggPages(bytes)) {
    if (serial === null) {
      const id = firstPacketOf(bytes, page);
      if (!(page.flags & OGG_FIRST) || id.length < 30 || id.toString('latin1', 0, 7) !== '\x01vorbis') throw new InputRefusedError('corrupt', 'no Vorbis identification header');
      channels = id[11]!;
      sampleRate = id.readUInt32LE(12);
      // Vorbis I: version 0, framing bit set; rates beyond 192 kHz are not audio anyone records (nor that the resampler takes).
      if (id.readUInt32LE(7) !== 0 || channels < 1 || sampleRate < 1000 || sampleRate > 192_000 || !(id[29]! & 1)) {
        throw new InputRefusedError('corrupt', `bad Vorbis identification header (${channels} channels at ${sampleRate} Hz)`);
      }
      serial = page.serial;
    }
    if (page.serial === serial && page.granule > lastGranule) lastGranule = page.granule;
  }
  if (serial === null) throw new InputRefusedError('corrupt', 'no complete Ogg page at the start');
  return { sampleRate, channels, durationSec: Number(lastGranule) / sampleRate };
}
