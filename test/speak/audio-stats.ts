import type { PcmAudio } from '../../src/core/ports.js';

export function durationSec(audio: PcmAudio): number {
  return audio.samples.length / audio.sampleRate;
}

export function rms(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  return to > from ? Math.sqrt(sum / (to - from)) : 0;
}

export function sine(frequency: number, seconds: number, sampleRate: number, amplitude = 0.4): PcmAudio {
  const samples = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < samples.length; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return { samples, sampleRate };
}

/** Frequency of a pure tone from its rising zero crossings. */
export function toneFrequency(audio: PcmAudio): number {
  let crossings = 0;
  for (let i = 1; i < audio.samples.length; i++) if (audio.samples[i - 1]! < 0 && audio.samples[i]! >= 0) crossings++;
  return crossings / durationSec(audio);
}
