import { StageError } from '../core/errors.js';
import type { PcmAudio, SpeechSynthesizer } from '../core/ports.js';
import { speechPrefix } from '../speak/speech-prefix.js';
import { splitForSpeech } from '../speak/split-for-speech.js';
import type { SherpaVoiceModel } from './sherpa-voice-model.js';
import { guardedResource, unguarded, type SpeechModelGuard } from './speech-call-policy.js';
import { loadPerCall, noBudget, type SpeechFitCheck, type SpeechModelLender, type SpeechModelResource } from './speech-model-lender.js';

/** An installed voice the service may use. */
export interface InstalledVoice {
  id: string;
  /** Languages it speaks (catalog / manifest). */
  languages: readonly string[];
  resource: SpeechModelResource<SherpaVoiceModel>;
}

export interface SherpaSpeechSynthesizerOptions {
  /** The installed voices, asked on every request so a voice pulled while running is used. */
  voices: () => Promise<readonly InstalledVoice[]> | readonly InstalledVoice[];
  /** Speaks languages no installed voice speaks (espeak-ng in the service). Defaults to none: such a request fails. */
  fallback?: SpeechSynthesizer;
  /**
   * The error thrown, without a fallback, when no installed voice speaks the language. In a
   * fallback chain, the chain's "path declined" error. Defaults to StageError('speak').
   */
  noVoice?: (reason: string) => Error;
  /** Lends a loaded voice: the shared model pool in the service. Defaults to loading per call. */
  lend?: SpeechModelLender;
  /** Speed used when a request names none (config TTS_SPEED; 1 = the voice's own pace). Defaults to 1. */
  speed?: number;
  /** Most characters read aloud (config MAX_SPEECH_CHARS); longer text is read to the last sentence that fits. Defaults to no limit. */
  maxChars?: number;
  /** Silence between sentences, ms; half of it between the clauses of a split sentence. Defaults to 250. */
  sentencePauseMs?: number;
  /** Longest piece handed to the voice at once; longer sentences are split at clauses. Defaults to 300. */
  maxPieceChars?: number;
  /**
   * Timeout and circuit breaker per voice, around its load and every sentence: a voice that hangs
   * is stopped at the timeout, and one that keeps failing is passed over (the fallback or the
   * chain's next path reads) until its breaker lets a test call through. Defaults to none.
   */
  guard?: SpeechModelGuard;
  /**
   * The model pool's fit check: a voice bigger than the whole memory budget is passed over (the
   * fallback or the chain's next path reads) and never loaded. Defaults to none: with no pool
   * every voice is loaded for its call.
   */
  overBudget?: SpeechFitCheck;
}

export interface SpokenPiece {
  audio: PcmAudio;
  /** Index of the piece and how many there are, for progress. */
  index: number;
  count: number;
}

/**
 * Natural-sounding speech with installed sherpa-onnx voices (VITS / Piper), espeak-ng (the
 * fallback) for languages without one. Text is spoken sentence by sentence (long sentences by
 * clause) with short pauses between and joined, so a long text never reaches the voice whole and
 * an AbortSignal stops it between sentences. speak() yields the pieces as they are made, so a
 * caller can start encoding the first sentences while the rest are synthesised.
 */
export class SherpaSpeechSynthesizer implements SpeechSynthesizer {
  private readonly lend: SpeechModelLender;
  private readonly speed: number;
  private readonly maxChars: number;
  private readonly sentencePauseMs: number;
  private readonly maxPieceChars: number;
  private readonly guard: SpeechModelGuard;
  private readonly overBudget: SpeechFitCheck;

  constructor(private readonly options: SherpaSpeechSynthesizerOptions) {
    this.lend = options.lend ?? loadPerCall;
    this.speed = options.speed ?? 1;
    this.maxChars = options.maxChars ?? Number.POSITIVE_INFINITY;
    this.sentencePauseMs = options.sentencePauseMs ?? 250;
    this.maxPieceChars = Math.max(20, options.maxPieceChars ?? 300);
    this.guard = options.guard ?? unguarded;
    this.overBudget = options.overBudget ?? noBudget;
  }

  /** The installed voice that would speak this language, or null (then the fallback speaks). */
  async voiceFor(language: string): Promise<InstalledVoice | null> {
    const voices = await this.options.voices();
    return voices.filter((v) => v.languages.includes(language)).sort((a, b) => a.id.localeCompare(b.id))[0] ?? null;
  }

  async synthesize(request: { text: string; language: string; speed?: number; signal?: AbortSignal }): Promise<PcmAudio> {
    const voice = await this.voiceFor(request.language);
    if (!voice) return this.fallbackFor(request, `no voice installed for ${request.language}`);
    const skip = this.skipReason(voice);
    if (skip) return this.fallbackFor(request, skip);
    const parts: PcmAudio[] = [];
    for await (const piece of this.speakWith(voice, request)) parts.push(piece.audio);
    const joined = join(parts);
    if (joined.samples.length === 0) return this.fallbackFor(request, `voice ${voice.id} produced no audio for this text`);
    return joined;
  }

  /**
   * The text spoken piece by piece: each yielded piece is a sentence or clause with the pause
   * that follows it. Without an installed voice for the language the fallback's whole audio is
   * the one piece.
   */
  async *speak(request: { text: string; language: string; speed?: number; signal?: AbortSignal }): AsyncGenerator<SpokenPiece> {
    const voice = await this.voiceFor(request.language);
    const why = voice ? this.skipReason(voice) : `no voice installed for ${request.language}`;
    if (!voice || why) {
      yield { audio: await this.fallbackFor(request, why!), index: 0, count: 1 };
      return;
    }
    yield* this.speakWith(voice, request);
  }

  private async *speakWith(voice: InstalledVoice, request: { text: string; language: string; speed?: number; signal?: AbortSignal }): AsyncGenerator<SpokenPiece> {
    const { signal } = request;
    const speed = request.speed ?? this.speed;
    if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed must be a positive number, got ${speed}`);
    const pieces = splitForSpeech(speechPrefix(request.text, request.language, this.maxChars).text, request.language, this.maxPieceChars);
    // The pool lends a model for a callback, and a generator cannot yield from inside one: the
    // callback fills a queue the generator drains, so a piece is handed on as soon as it exists.
    const queue: SpokenPiece[] = [];
    let wake: (() => void) | null = null;
    let finished = false;
    let failure: unknown = null;
    let stopped = false;
    const policy = this.guard({ id: voice.id, kind: 'voice' });
    const work = this.lend(
      guardedResource(voice.resource, policy),
      async (model) => {
        for (const [index, piece] of pieces.entries()) {
          if (stopped) return;
          signal?.throwIfAborted();
          const spoken = await policy.execute((timed) => model.generate(piece.text, { speed, signal: timed }), signal);
          const pauseMs = index < pieces.length - 1 ? (piece.endsSentence ? this.sentencePauseMs : this.sentencePauseMs / 2) : 0;
          queue.push({ audio: withPause(spoken, pauseMs / speed), index, count: pieces.length });
          wake?.();
        }
      },
      signal,
    ).then(
      () => {
        finished = true;
        wake?.();
      },
      (err: unknown) => {
        failure = err;
        finished = true;
        wake?.();
      },
    );
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (finished) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      if (failure) throw failure;
    } finally {
      // A consumer that stops early (or throws) ends the work after the piece in progress.
      stopped = true;
      await work;
    }
  }

  /** Why the voice's breaker keeps it out of use now, or null. */
  private skipReason(voice: InstalledVoice): string | null {
    const skip = this.overBudget({ id: voice.id, bytes: voice.resource.bytes }) ?? this.guard({ id: voice.id, kind: 'voice' }).skipReason();
    return skip ? `voice ${voice.id}: ${skip}` : null;
  }

  private async fallbackFor(request: { text: string; language: string; speed?: number; signal?: AbortSignal }, why: string): Promise<PcmAudio> {
    if (!this.options.fallback) throw this.options.noVoice?.(why) ?? new StageError('speak', why);
    return this.options.fallback.synthesize({ ...request, speed: request.speed ?? this.speed });
  }
}

function withPause(audio: PcmAudio, pauseMs: number): PcmAudio {
  const pause = Math.round((audio.sampleRate * pauseMs) / 1000);
  if (pause <= 0 || audio.samples.length === 0) return audio;
  const samples = new Float32Array(audio.samples.length + pause);
  samples.set(audio.samples);
  return { samples, sampleRate: audio.sampleRate };
}

function join(parts: PcmAudio[]): PcmAudio {
  const sampleRate = parts.find((p) => p.samples.length > 0)?.sampleRate ?? 22_050;
  const total = parts.reduce((n, p) => n + p.samples.length, 0);
  const samples = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    samples.set(part.samples, offset);
    offset += part.samples.length;
  }
  return { samples, sampleRate };
}
