import type { Config } from '../../config/settings.js';
import type { InputLimits } from '../core/ports.js';

/**
 * The settings a pipeline thread builds its parts from: a plain-data subset of Config, so it can
 * be handed to a worker thread, and so no secret (bot tokens, API keys) is copied into one.
 */
export interface PipelineThreadSettings {
  limits: InputLimits;
  ocrWorkers: number;
  ocrMaxSide: number;
  maxImagePixels: number;
  maxDocxUncompressedBytes: number;
  voiceBitrate: number;
  ttsSpeed: number;
  maxSpeechChars: number;
}

export function pipelineThreadSettings(config: Config, limits: InputLimits): PipelineThreadSettings {
  return {
    limits,
    ocrWorkers: config.ocrWorkers,
    ocrMaxSide: config.ocrMaxSide,
    maxImagePixels: config.maxImagePixels,
    maxDocxUncompressedBytes: config.maxDocxUncompressedBytes,
    voiceBitrate: config.voiceBitrate,
    ttsSpeed: config.ttsSpeed,
    maxSpeechChars: config.maxSpeechChars,
  };
}
