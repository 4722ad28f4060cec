import { readWavLayout, wavToMono } from '../audio/read-wav.js';
import { isInputRefused } from '../core/errors.js';
import type { PcmAudio } from '../core/ports.js';
import { RemoteApiError } from './remote-api-error.js';

/**
 * Reads a WAV answer (RIFF; 8/16/24/32-bit integer PCM or 32-bit float) into mono float PCM, with
 * the WAV reader voice-note intake uses (src/audio/read-wav.ts); its refusals become malformed answers.
 */
export function decodeWav(bytes: Buffer): PcmAudio {
  try {
    const layout = readWavLayout(bytes);
    return { samples: wavToMono(bytes, layout), sampleRate: layout.sampleRate };
  } catch (err) {
    if (isInputRefused(err)) throw bad(err.message.replace(/^WAV: /, ''));
    throw err;
  }
}

/** Raw little-endian 16-bit mono PCM (OpenAI's response_format "pcm" is this at 24 kHz). */
export function decodePcm16(bytes: Buffer, sampleRate: number): PcmAudio {
  const samples = new Float32Array(Math.floor(bytes.length / 2));
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 32768;
  return { samples, sampleRate };
}

function bad(reason: string): RemoteApiError {
  return new RemoteApiError(`malformed answer: ${reason}`, { isRetryable: false });
}
