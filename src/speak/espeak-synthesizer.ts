import type { EspeakWorker } from '@echogarden/espeak-ng-emscripten';
import { DisposedError, StageError } from '../core/errors.js';
import { LANGUAGES } from '../core/languages.js';
import type { PcmAudio, SpeechSynthesizer } from '../core/ports.js';
import { SerialQueue } from '../audio/serial-queue.js';
import { speechPrefix } from './speech-prefix.js';
import { splitForSpeech } from './split-for-speech.js';

export interface EspeakSynthesizerOptions {
  /** Speed used when a request names none (config TTS_SPEED; 1 = normal, 2 = twice as fast). Defaults to 1. */
  speed?: number;
  /**
   * Most characters read aloud in one call (config MAX_SPEECH_CHARS); longer text is read up to the
   * last whole sentence that fits (see speechPrefix, which callers use to tell the reader).
   * Defaults to no limit: all of the text is read.
   */
  maxChars?: number;
  /** Speaking rate at speed 1, in words per minute. Defaults to 175, espeak-ng's own default. */
  wordsPerMinute?: number;
  /** Silence between sentences, in milliseconds; half of it between the clauses of a split sentence. Defaults to 250. */
  sentencePauseMs?: number;
  /**
   * Longest piece of text handed to espeak-ng in one call. Longer sentences are split at clause
   * marks, then at spaces, so that abort is honoured and the event loop breathes between pieces.
   * Defaults to 400.
   */
  maxPieceChars?: number;
}

// espeak-ng's own bounds for the rate, in words per minute.
const MIN_WPM = 80;
const MAX_WPM = 450;

/**
 * Voices checked against the package's voice list (espeak-ng 1.52 data in
 * @echogarden/espeak-ng-emscripten 0.3.5): en-us (gmw/en-US), hi, bn, ta, te, kn, ml, mr, gu, pa,
 * or, ur and as (inc/* and dra/*) all exist, so LANGUAGES[lang].espeakVoice is used as it is and
 * no language falls back to a neighbour's voice.
 */
function voiceFor(language: string): string {
  const info = LANGUAGES.get(language);
  if (!info) throw new StageError('speak', `no voice for language ${JSON.stringify(String(language).slice(0, 12))}`);
  return info.espeakVoice;
}

/**
 * espeak-ng reads SSML in this build: "<break time='99999s'/>" in user text would be obeyed. Escaping
 * the three markup characters makes it read the text as plain text (entities decode to the same
 * characters, which it speaks or skips exactly as it does without SSML).
 */
function asPlainText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Text to speech with espeak-ng compiled to WASM: no model, no network, every supported
 * language. The engine is loaded once, on first use. Text is read sentence by sentence with a
 * short pause between, so long text is never cut off (beyond an optional maxChars, only at a
 * sentence end) and an AbortSignal stops it between (and inside) sentences. Calls are served one at a time: the WASM engine holds one voice and rate.
 */
export class EspeakSynthesizer implements SpeechSynthesizer {
  private readonly speed: number;
  private readonly wordsPerMinute: number;
  private readonly sentencePauseMs: number;
  private readonly maxPieceChars: number;
  private readonly maxChars: number;
  private readonly queue = new SerialQueue();
  private engine: Promise<EspeakWorker> | null = null;
  private disposed = false;

  constructor(options: EspeakSynthesizerOptions = {}) {
    this.speed = options.speed ?? 1;
    this.wordsPerMinute = options.wordsPerMinute ?? 175;
    this.sentencePauseMs = options.sentencePauseMs ?? 250;
    this.maxPieceChars = Math.max(20, options.maxPieceChars ?? 400);
    this.maxChars = options.maxChars ?? Number.POSITIVE_INFINITY;
  }

  /** The espeak-ng voices the package ships, for diagnostics and the benchmark. */
  async listVoices(): Promise<Array<{ identifier: string; languages: string[] }>> {
    if (this.disposed) throw new DisposedError('EspeakSynthesizer');
    return this.queue.run(async () => {
      const engine = await this.load();
      return engine.list_voices().map((v) => ({ identifier: v.identifier, languages: v.languages.map((l) => l.name) }));
    });
  }

  async synthesize(request: { text: string; language: string; speed?: number; signal?: AbortSignal }): Promise<PcmAudio> {
    const { text, language, speed = this.speed, signal } = request;
    if (this.disposed) throw new DisposedError('EspeakSynthesizer');
    signal?.throwIfAborted();
    if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed must be a positive number, got ${speed}`);
    const voice = voiceFor(language);
    const rate = Math.round(Math.min(MAX_WPM, Math.max(MIN_WPM, this.wordsPerMinute * speed)));
    const pieces = splitForSpeech(speechPrefix(text, language, this.maxChars).text, language, this.maxPieceChars);

    return this.queue.run(async () => {
      if (this.disposed) throw new DisposedError('EspeakSynthesizer');
      const engine = await this.load();
      const sampleRate = engine.get_samplerate();
      if (engine.set_voice(voice) !== 0) throw new StageError('speak', `espeak-ng has no voice ${voice}`);
      engine.set_rate(rate);

      const chunks: Int16Array[] = [];
      let total = 0;
      const pause = (ms: number) => {
        const silence = new Int16Array(Math.round((sampleRate * ms) / 1000));
        chunks.push(silence);
        total += silence.length;
      };
      for (const [i, piece] of pieces.entries()) {
        if (signal?.aborted) throw abortError(signal);
        if (i > 0) pause(pieces[i - 1]!.endsSentence ? this.sentencePauseMs : this.sentencePauseMs / 2);
        engine.synthesize(asPlainText(piece.text), (samples) => {
          if (samples && samples.length > 0) {
            chunks.push(samples);
            total += samples.length;
          }
          // Returning true stops espeak-ng inside a long piece once the caller gave up.
          return signal?.aborted ?? false;
        });
        // Synthesis is synchronous: let timers, I/O and abort signals through between pieces.
        await yieldToEventLoop();
      }
      if (signal?.aborted) throw abortError(signal);

      const samples = new Float32Array(total);
      let offset = 0;
      for (const chunk of chunks) {
        for (let j = 0; j < chunk.length; j++) samples[offset + j] = chunk[j]! / 32768;
        offset += chunk.length;
      }
      return { samples, sampleRate };
    });
  }

  /** Frees the engine once queued calls finish; later calls throw DisposedError. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue.run(async () => {
      const engine = await this.engine?.catch(() => null);
      engine?.__destroy__();
      this.engine = null;
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private load(): Promise<EspeakWorker> {
    if (!this.engine) {
      this.engine = (async () => {
        const { default: initialize } = await import('@echogarden/espeak-ng-emscripten');
        const module = await initialize();
        return new module.eSpeakNGWorker();
      })();
      // A failed load is retried by the next call rather than cached.
      this.engine.catch(() => {
        this.engine = null;
      });
    }
    return this.engine;
  }
}
