/** Loudness of the audio in short frames, and which frames stand out from its noise floor. */
export interface SpeechActivity {
  frameSeconds: number;
  /** Level of each frame, dBFS (0 = full scale). */
  frameDb: Float32Array;
  /** Whether each frame is louder than the floor by enough to be voice. */
  active: Uint8Array;
  /** The level most quiet frames sit at, dBFS. */
  noiseFloorDb: number;
  activeSeconds: number;
}

export interface SpeechActivityOptions {
  /** Frame length, seconds. Defaults to 0.02. */
  frameSeconds?: number;
  /** How far above the noise floor a frame must be to count as voice, dB. Defaults to 12. */
  aboveFloorDb?: number;
  /** Frames quieter than this are never voice, dBFS (a whisper at arm's length is about -45). Defaults to -50. */
  minimumDb?: number;
}

const SILENT_DB = -120;

/**
 * Finds the frames of a recording that could be someone speaking: louder than an absolute
 * minimum and well above the recording's own noise floor (its 10th-percentile frame level). Steady
 * hiss, hum or fan noise lifts the floor with it, so it does not count as voice however loud it
 * is; speech comes and goes, so its frames stand out.
 */
export function measureSpeechActivity(samples: Float32Array, sampleRate: number, options: SpeechActivityOptions = {}): SpeechActivity {
  const frameSeconds = options.frameSeconds ?? 0.02;
  const frame = Math.max(1, Math.round(frameSeconds * sampleRate));
  const count = Math.ceil(samples.length / frame);
  const frameDb = new Float32Array(count);
  for (let f = 0; f < count; f++) {
    const end = Math.min(samples.length, (f + 1) * frame);
    let sum = 0;
    for (let i = f * frame; i < end; i++) {
      const v = samples[i]!;
      sum += Number.isFinite(v) ? v * v : 0;
    }
    const meanSquare = sum / Math.max(1, end - f * frame);
    frameDb[f] = meanSquare > 0 ? Math.max(SILENT_DB, 10 * Math.log10(meanSquare)) : SILENT_DB;
  }
  const sorted = Float32Array.from(frameDb).sort();
  const noiseFloorDb = sorted.length > 0 ? sorted[Math.floor(sorted.length * 0.1)]! : SILENT_DB;
  const threshold = Math.max(options.minimumDb ?? -50, noiseFloorDb + (options.aboveFloorDb ?? 12));
  const active = new Uint8Array(count);
  let activeFrames = 0;
  for (let f = 0; f < count; f++) {
    if (frameDb[f]! >= threshold) {
      active[f] = 1;
      activeFrames++;
    }
  }
  return { frameSeconds: frame / sampleRate, frameDb, active, noiseFloorDb, activeSeconds: activeFrames * (frame / sampleRate) };
}
