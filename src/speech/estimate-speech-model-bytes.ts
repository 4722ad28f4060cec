import type { SpeechModelLayout } from './speech-model-layout.js';

/**
 * Memory of the process that holds a model, weights aside: Node, the sherpa-onnx addon and
 * onnxruntime. `node --import tsx scripts/bench/speech.ts --seconds 293 --compiled` prints it as
 * "RSS once loaded" with the fixture models: 73-76 MB on Linux x64 (about 103 MB without
 * --compiled, where the child runs under tsx as in tests). Rounded up.
 */
export const SPEECH_PROCESS_BYTES = 80_000_000;

/**
 * What a recogniser's process adds while it hears a note: the note itself (the VAD reads it
 * whole), its pieces and their copies across the process boundary, features. The same benchmark
 * prints it as "recognizer working memory" for a 293 s note (the 5-minute cap): 73-86 MB in two
 * runs on a shared 2-core machine. Rounded up.
 */
export const RECOGNIZER_WORKING_BYTES = 90_000_000;

/**
 * What a loaded speech model will hold: the process, the weights (onnxruntime keeps one copy of
 * each initializer) and half as much again for the working memory of one decode (encoder
 * activations, Whisper's cross-attention cache, the VITS decoder's upsampling: a chosen margin,
 * which the fixtures' tiny weights cannot measure), plus `workingBytes` for what a request brings
 * in (RECOGNIZER_WORKING_BYTES for recognisers).
 */
export function estimateSpeechModelBytes(layouts: Array<Pick<SpeechModelLayout, 'modelBytes'>>, workingBytes = 0): number {
  const weights = layouts.reduce((sum, l) => sum + l.modelBytes, 0);
  return SPEECH_PROCESS_BYTES + workingBytes + Math.ceil(weights * 1.5);
}
