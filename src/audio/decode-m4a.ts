import { InputRefusedError } from '../core/errors.js';
import type { ChunkDecoder } from './pcm-collector.js';

/**
 * A streaming M4A decoder: @audio/decode-aac (FAAD2 in WASM for AAC-LC and HE-AAC, a JS port of
 * Apple's ALAC decoder), which reads the MP4 boxes itself and trims the encoder's priming. Loaded
 * on first use, so a text-only service never pays for it, and so M4A can be taken out by removing
 * the package (FAAD2 is GPL-2.0-or-later): M4A is then refused as unsupported, not a crash.
 */
export async function decodeM4a(): Promise<ChunkDecoder> {
  let aac: typeof import('@audio/decode-aac');
  try {
    aac = await import('@audio/decode-aac');
  } catch (err) {
    throw new InputRefusedError('unsupported-type', `M4A/AAC decoding is not installed (${err instanceof Error ? err.message : String(err)})`);
  }
  const decoder = await aac.decoder();
  const piece = (out: { channelData: Float32Array[]; sampleRate: number }) => ({
    channelData: out.channelData,
    samplesDecoded: out.channelData[0]?.length ?? 0,
    sampleRate: out.sampleRate,
  });
  return {
    decode: (chunk) => piece(decoder.decode(chunk)),
    flush: () => piece(decoder.flush()),
    free: () => decoder.free(),
  };
}
