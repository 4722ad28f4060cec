import type { Config } from '../../config/settings.js';
import type { InputLimits } from '../core/ports.js';

/** The intake limits from the configuration: what is checked before any heavy work starts. */
export function inputLimits(config: Config): InputLimits {
  return {
    maxBytes: config.maxInputBytes,
    maxPdfPages: config.maxPdfPages,
    maxImagePixels: config.maxImagePixels,
    maxDocxUncompressedBytes: config.maxDocxUncompressedBytes,
    maxDocxCompressionRatio: config.maxDocxCompressionRatio,
    maxTextChars: config.maxTextChars,
    maxAudioSeconds: config.maxAudioSeconds,
  };
}
