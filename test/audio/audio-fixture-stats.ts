import type { PcmAudio } from '../../src/core/ports.js';

/** RMS of the audio between two times, in seconds. */
export function rmsBetween(audio: PcmAudio, fromSec: number, toSec: number): number {
  const from = Math.round(fromSec * audio.sampleRate);
  const to = Math.min(audio.samples.length, Math.round(toSec * audio.sampleRate));
  let sum = 0;
  for (let i = from; i < to; i++) sum += audio.samples[i]! * audio.samples[i]!;
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

/** Frequency of a tone between two times, from its rising zero crossings. */
export function toneFrequencyBetween(audio: PcmAudio, fromSec: number, toSec: number): number {
  const from = Math.round(fromSec * audio.sampleRate);
  const to = Math.min(audio.samples.length, Math.round(toSec * audio.sampleRate));
  let crossings = 0;
  for (let i = from + 1; i < to; i++) if (audio.samples[i - 1]! < 0 && audio.samples[i]! >= 0) crossings++;
  return crossings / ((to - from) / audio.sampleRate);
}

/** A deterministic byte generator (xorshift), so a corruption test damages the same bytes every run. */
export function seededBytes(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) & 0xff;
  };
}
