import type { SpeechActivity } from './speech-activity.js';

/** A stretch of audio, as sample offsets [start, end). */
export interface AudioSpan {
  start: number;
  end: number;
}

export interface SplitAtPausesOptions {
  /** Longest piece handed to the recogniser, seconds (Whisper reads at most 30 s at once). Defaults to 25. */
  maxPieceSeconds?: number;
  /** A quiet stretch at least this long is a pause between utterances, seconds. Defaults to 0.3. */
  minPauseSeconds?: number;
  /** Sound shorter than this alone is a click, not speech, seconds. Defaults to 0.08. */
  minSoundSeconds?: number;
  /** Audio kept on each side of an utterance so soft word edges are not cut off, seconds. Defaults to 0.15. */
  paddingSeconds?: number;
}

/**
 * Cuts a recording into pieces for the recogniser without a VAD model, from frame loudness
 * alone: utterances are the active stretches with pauses of at least minPauseSeconds between
 * them, silences are dropped, an utterance longer than maxPieceSeconds is cut at its quietest
 * moment, and neighbouring utterances are then packed into pieces of up to maxPieceSeconds, so a
 * long note costs few recogniser calls and every cut falls in a pause.
 */
export function splitAtPauses(activity: SpeechActivity, sampleRate: number, totalSamples: number, options: SplitAtPausesOptions = {}): AudioSpan[] {
  const frame = Math.round(activity.frameSeconds * sampleRate);
  const maxPiece = Math.round((options.maxPieceSeconds ?? 25) * sampleRate);
  const minPauseFrames = Math.max(1, Math.round((options.minPauseSeconds ?? 0.3) / activity.frameSeconds));
  const minSoundFrames = Math.max(1, Math.round((options.minSoundSeconds ?? 0.08) / activity.frameSeconds));
  const padding = Math.round((options.paddingSeconds ?? 0.15) * sampleRate);

  // Runs of active frames, joined across gaps shorter than a pause.
  const runs: Array<[number, number]> = [];
  for (let f = 0; f < activity.active.length; f++) {
    if (!activity.active[f]) continue;
    const last = runs.at(-1);
    if (last && f - last[1] < minPauseFrames) last[1] = f + 1;
    else runs.push([f, f + 1]);
  }
  const utterances: AudioSpan[] = [];
  for (const [from, to] of runs) {
    if (to - from < minSoundFrames) continue;
    const previousEnd = utterances.at(-1)?.end ?? 0;
    const start = Math.max(previousEnd, from * frame - padding, 0);
    const end = Math.min(totalSamples, to * frame + padding);
    utterances.push(...cutLongSpan({ start, end }, maxPiece, activity, sampleRate));
  }
  return groupIntoPieces(utterances, maxPiece);
}

/**
 * Packs consecutive spans (utterances, or a VAD's segments) into pieces no longer than
 * maxPieceSamples from the first start to the last end; a span longer than that stays alone.
 */
export function groupIntoPieces(spans: AudioSpan[], maxPieceSamples: number): AudioSpan[] {
  const pieces: AudioSpan[] = [];
  for (const span of spans) {
    const last = pieces.at(-1);
    if (last && span.end - last.start <= maxPieceSamples) last.end = span.end;
    else pieces.push({ ...span });
  }
  return pieces;
}

/** Cuts a span longer than maxSamples at its quietest frame in the back half of each window. */
function cutLongSpan(span: AudioSpan, maxSamples: number, activity: SpeechActivity, sampleRate: number): AudioSpan[] {
  const frame = Math.round(activity.frameSeconds * sampleRate);
  const out: AudioSpan[] = [];
  let start = span.start;
  while (span.end - start > maxSamples) {
    const from = Math.ceil((start + maxSamples / 2) / frame);
    const to = Math.min(activity.frameDb.length - 1, Math.floor((start + maxSamples) / frame));
    let quietest = to;
    for (let f = from; f < to; f++) if (activity.frameDb[f]! < activity.frameDb[quietest]!) quietest = f;
    const cut = Math.min(start + maxSamples, Math.max(start + 1, quietest * frame));
    out.push({ start, end: cut });
    start = cut;
  }
  out.push({ start, end: span.end });
  return out;
}
