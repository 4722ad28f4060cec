// A CommonJS (UMD) bundle: Node's ESM loader sees only its default export.
import LibSampleRate from '@alexanderolsen/libsamplerate-js';
import type { PcmAudio } from '../core/ports.js';

/**
 * Mono PCM at another rate, with libsamplerate (WASM): its fastest sinc converter, plenty for
 * speech going to a recogniser. Returns the input itself when the rate already matches.
 */
export async function resampleMono(audio: PcmAudio, sampleRate: number): Promise<PcmAudio> {
  if (audio.sampleRate === sampleRate) return audio;
  const resampler = await LibSampleRate.create(1, audio.sampleRate, sampleRate, { converterType: LibSampleRate.ConverterType.SRC_SINC_FASTEST });
  try {
    return { samples: resampler.simple(audio.samples), sampleRate };
  } finally {
    resampler.destroy();
  }
}
