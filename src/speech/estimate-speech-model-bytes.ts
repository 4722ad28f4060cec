import type { SpeechModelLayout } from './speech-model-layout.js';

/**
 * Memory of the process that holds a model, weights aside: Node, the sherpa-onnx addon and
 * onnxruntime. Measured with the tiny fixtures on Linux x64 from the compiled JS: 65-69 MB RSS
 * once loaded (under tsx, as in tests, about 110 MB). Rounded up.
 */
export const SPEECH_PROCESS_BYTES = 80_000_000;

/**
 * What a recogniser's process adds while it hears a note: the note itself (the VAD reads it
 * whole), its pieces and their copies across the process boundary, features. Measured at 45-55 MB
 * above the loaded process for a 293 s note (the 5-minute cap) with the fixture models. Rounded up.
 */
export const RECOGNIZER_WORKING_BYTES = 60_000_000;

/**
 * What a loaded speech model will hold: the process, the weights (onnxruntime keeps one copy of
 * each initializer) and half as much again for the working memory of one decode (encoder
 * activations, Whisper's cross-attention cache, the VITS decoder's upsampling), plus
 * `workingBytes` for what a request brings in (RECOGNIZER_WORKING_BYTES for recognisers).
 */
export function estimateSpeechModelBytes(layouts: Array<Pick<SpeechModelLayout, 'modelBytes'>>, workingBytes = 0): number {
  const weights = layouts.reduce((sum, l) => sum + l.modelBytes, 0);
  return SPEECH_PROCESS_BYTES + workingBytes + Math.ceil(weights * 1.5);
}
