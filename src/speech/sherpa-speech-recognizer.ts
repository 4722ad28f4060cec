import { InputRefusedError } from '../core/errors.js';
import { dominantScript, isSupportedLanguage, LANGUAGES } from '../core/languages.js';
import type { AcceptedInput, PcmAudio, SpeechRecognizer } from '../core/ports.js';
import { detectLanguage } from '../text/detect-language.js';
import { cleanTranscript } from './clean-transcript.js';
import { RECOGNIZER_SAMPLE_RATE, type SherpaRecognizerModel } from './sherpa-recognizer-model.js';
import { measureSpeechActivity, type SpeechActivity, type SpeechActivityOptions } from './speech-activity.js';
import { guardedResource, unguarded, type SpeechCallPolicy, type SpeechModelGuard } from './speech-call-policy.js';
import { loadPerCall, noBudget, type SpeechFitCheck, type SpeechModelLender, type SpeechModelResource } from './speech-model-lender.js';
import { groupIntoPieces, splitAtPauses, type AudioSpan, type SplitAtPausesOptions } from './split-at-pauses.js';
import { DEFAULT_LANGUAGE_CONFIDENCE, judgeSpokenLanguage, type HeardPiece, type SpokenLanguageGuess } from './spoken-language.js';

/** An installed recogniser the service may use, as the model store describes it. */
export interface InstalledRecognizer {
  id: string;
  /** Languages it is meant for (catalog / manifest); empty when nobody said. */
  languages: readonly string[];
  /** Languages it is chosen for over every other installed recogniser (catalog preferredFor). Defaults to none. */
  preferredFor?: readonly string[];
  /** True when the model reports the language it heard (multilingual Whisper). */
  detectsLanguage: boolean;
  resource: SpeechModelResource<SherpaRecognizerModel>;
}

export interface SherpaSpeechRecognizerOptions {
  /** The installed recognisers, asked on every note so a model pulled while running is used. */
  recognizers: () => Promise<readonly InstalledRecognizer[]> | readonly InstalledRecognizer[];
  /** Lends a loaded model: the shared model pool in the service. Defaults to loading per call. */
  lend?: SpeechModelLender;
  /** Longest note decoded, seconds (config MAX_AUDIO_SECONDS); the decoder refuses longer. Defaults to 300. */
  maxAudioSeconds?: number;
  /** Less voice-like sound than this in a note is "no speech", seconds. Defaults to 0.25. */
  minSpeechSeconds?: number;
  /** How notes are cut when no VAD is installed, and the longest piece. Defaults to splitAtPauses' defaults. */
  split?: SplitAtPausesOptions;
  activity?: SpeechActivityOptions;
  /**
   * The error thrown when no installed model serves the note's language. In a fallback chain,
   * the chain's "path declined" error, so the remote API is tried next. Defaults to
   * InputRefusedError('speech-not-installed'), the refusal the user sees.
   */
  noModel?: (reason: string, language?: string) => Error;
  /** Turns the note's bytes into 16 kHz mono PCM. Defaults to decodeAudio (Ogg/Opus, WebM/Opus, M4A, MP3, Ogg/Vorbis, FLAC, WAV). */
  decode?: (bytes: Buffer, options: { sampleRate: number; maxSeconds: number; signal?: AbortSignal }) => Promise<PcmAudio>;
  /**
   * Timeout and circuit breaker per model, around its load and every piece it recognises: a model
   * that hangs is stopped at the timeout, and one that keeps failing is skipped (the chain's next
   * path serves) until its breaker lets a test call through. Defaults to none.
   */
  guard?: SpeechModelGuard;
  /**
   * When the user has not said their language, the share of a note's speech that must agree on
   * one of our languages for the recogniser's language identification to be taken as sure.
   * Defaults to 0.7.
   */
  languageConfidence?: number;
  /**
   * The model pool's fit check: a model bigger than the whole memory budget is passed over (another
   * installed model, or the chain's next path, serves) and never loaded. Defaults to none: with no
   * pool every model is loaded for its call.
   */
  overBudget?: SpeechFitCheck;
}

/**
 * Speech recognition with local sherpa-onnx models. A note is decoded to 16 kHz (its length
 * bounded while decoding), checked for voice-like sound at all (silence and steady noise are
 * refused as 'no-speech' before any model runs), cut at pauses (by the Silero VAD loaded with the
 * model, else by loudness), recognised piece by piece and joined; sound tags and Whisper's
 * inventions on near-silence are dropped, and a note that yields no words is 'no-speech' too.
 * With no installed model for the language it refuses with 'speech-not-installed', which the
 * fallback chain answers with the remote API.
 *
 * The language: the user's hint when given (and passed to Whisper); else what Whisper heard,
 * when the text's script agrees; else the text's script; else the model's only language.
 */
export class SherpaSpeechRecognizer implements SpeechRecognizer {
  private readonly lend: SpeechModelLender;
  private readonly maxAudioSeconds: number;
  private readonly minSpeechSeconds: number;
  private readonly maxPieceSeconds: number;
  private readonly decode: NonNullable<SherpaSpeechRecognizerOptions['decode']>;
  private readonly guard: SpeechModelGuard;
  private readonly overBudget: SpeechFitCheck;

  constructor(private readonly options: SherpaSpeechRecognizerOptions) {
    this.lend = options.lend ?? loadPerCall;
    this.maxAudioSeconds = options.maxAudioSeconds ?? 300;
    this.minSpeechSeconds = options.minSpeechSeconds ?? 0.25;
    this.maxPieceSeconds = options.split?.maxPieceSeconds ?? 25;
    // The decoders (Opus, Vorbis, FLAC, MP3, AAC: ~30 MB resident once imported) load with the first note.
    this.decode = options.decode ?? (async (bytes, o) => (await import('../audio/decode-audio.js')).decodeAudio(bytes, o));
    this.guard = options.guard ?? unguarded;
    this.overBudget = options.overBudget ?? noBudget;
  }

  /** The recogniser that would serve a note in this language (undefined: not said), or null. */
  async choose(languageHint?: string): Promise<InstalledRecognizer | null> {
    return chooseRecognizer(await this.options.recognizers(), languageHint);
  }

  async transcribe(input: AcceptedInput, options: { languageHint?: string; signal?: AbortSignal }): Promise<{ text: string; language: string; spokenLanguage?: SpokenLanguageGuess }> {
    const { signal } = options;
    const hint = options.languageHint && isSupportedLanguage(options.languageHint) ? options.languageHint : undefined;
    if (input.kind !== 'voice') throw new InputRefusedError('unsupported-type', `speech recognition got a ${input.kind} input`);
    const installed = await this.options.recognizers();
    // A model too big for the memory budget, or whose breaker is open, is passed over (another
    // installed model may serve), and when none is left the path declines with that reason, so
    // the remote API serves.
    const skipped: string[] = [];
    const usable = installed.filter((r) => {
      const skip = this.overBudget({ id: r.id, bytes: r.resource.bytes }) ?? this.policyFor(r).skipReason();
      if (skip) skipped.push(`local speech model ${r.id}: ${skip}`);
      return !skip;
    });
    const recognizer = chooseRecognizer(usable, hint);
    if (!recognizer) {
      const reason = chooseRecognizer(installed, hint) && skipped.length > 0 ? skipped.join('; ') : `no local speech model${hint ? ` for ${hint}` : ''}`;
      throw this.options.noModel?.(reason, hint) ?? new InputRefusedError('speech-not-installed', reason, hint ? { language: hint } : {});
    }
    const policy = this.policyFor(recognizer);

    const audio = await this.decode(input.bytes, { sampleRate: RECOGNIZER_SAMPLE_RATE, maxSeconds: this.maxAudioSeconds, signal });
    const activity = measureSpeechActivity(audio.samples, audio.sampleRate, this.options.activity);
    if (activity.activeSeconds < this.minSpeechSeconds) {
      throw new InputRefusedError('no-speech', `no voice-like sound (${activity.activeSeconds.toFixed(2)} s above a ${activity.noiseFloorDb.toFixed(0)} dBFS floor)`);
    }
    signal?.throwIfAborted();

    return this.lend(
      guardedResource(recognizer.resource, policy),
      async (model) => {
        const pieces = await this.pieces(model, policy, audio.samples, activity, signal);
        const texts: string[] = [];
        const heard = new Map<string, number>();
        const identified: HeardPiece[] = [];
        for (const piece of pieces) {
          signal?.throwIfAborted();
          const samples = audio.samples.subarray(piece.start, piece.end);
          const result = await policy.execute((timed) => model.recognize(samples, { language: hint, signal: timed }), signal);
          const activeSeconds = activeSecondsIn(activity, piece, audio.sampleRate);
          const text = cleanTranscript(result.text, { activeSeconds });
          if (!text) continue;
          identified.push({ language: result.language, text, seconds: activeSeconds });
          texts.push(text);
          if (result.language) heard.set(result.language, (heard.get(result.language) ?? 0) + text.length);
        }
        const text = texts.join(' ').trim();
        if (!text) throw new InputRefusedError('no-speech', `the recogniser found no words in ${pieces.length} piece(s) of sound`);
        if (hint || !recognizer.detectsLanguage) return { text, language: hint ?? resultLanguage(text, heard, recognizer) };
        const spokenLanguage = judgeSpokenLanguage(identified, this.options.languageConfidence ?? DEFAULT_LANGUAGE_CONFIDENCE);
        return { text, language: spokenLanguage.sure ? spokenLanguage.language : resultLanguage(text, heard, recognizer), spokenLanguage };
      },
      signal,
    );
  }

  private policyFor(recognizer: InstalledRecognizer): SpeechCallPolicy {
    return this.guard({ id: recognizer.id, kind: 'recognizer' });
  }

  private async pieces(model: SherpaRecognizerModel, policy: SpeechCallPolicy, samples: Float32Array, activity: SpeechActivity, signal?: AbortSignal): Promise<AudioSpan[]> {
    const maxPiece = Math.round(this.maxPieceSeconds * RECOGNIZER_SAMPLE_RATE);
    if (model.hasVad) return groupIntoPieces(await policy.execute((timed) => model.speechSegments(samples, timed), signal), maxPiece);
    return splitAtPauses(activity, RECOGNIZER_SAMPLE_RATE, samples.length, this.options.split);
  }
}

/**
 * For a hint: a model that lists that language, the one marked preferred for it first (Omnilingual
 * ASR over Whisper for the Indian languages), then the fewest languages (a dedicated
 * Indian-language model beats a multilingual one); else one that names no languages. Without a
 * hint: a model that detects the language, else the one that serves the most languages.
 */
export function chooseRecognizer(installed: readonly InstalledRecognizer[], hint?: string): InstalledRecognizer | null {
  if (hint) {
    const preferred = (r: InstalledRecognizer) => (r.preferredFor?.includes(hint) ? 1 : 0);
    const serving = installed
      .filter((r) => r.languages.includes(hint))
      .sort((a, b) => preferred(b) - preferred(a) || a.languages.length - b.languages.length || a.id.localeCompare(b.id));
    return serving[0] ?? installed.find((r) => r.languages.length === 0) ?? null;
  }
  const widest = [...installed].sort((a, b) => breadth(b) - breadth(a) || a.id.localeCompare(b.id));
  return installed.find((r) => r.detectsLanguage) ?? widest[0] ?? null;
}

/** A model that names no languages is taken to serve any. */
function breadth(r: InstalledRecognizer): number {
  return r.languages.length === 0 ? Number.MAX_SAFE_INTEGER : r.languages.length;
}

function resultLanguage(text: string, heard: Map<string, number>, recognizer: InstalledRecognizer): string {
  const reported = [...heard.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const script = dominantScript(text);
  if (reported && isSupportedLanguage(reported) && LANGUAGES.get(reported)!.script === script) return reported;
  const byScript = detectLanguage(text, reported);
  if (byScript !== 'und') return byScript;
  if (recognizer.languages.length === 1) return recognizer.languages[0]!;
  return 'und';
}

function activeSecondsIn(activity: SpeechActivity, span: AudioSpan, sampleRate: number): number {
  const frame = activity.frameSeconds * sampleRate;
  let frames = 0;
  for (let f = Math.floor(span.start / frame); f < Math.ceil(span.end / frame) && f < activity.active.length; f++) frames += activity.active[f]!;
  return frames * activity.frameSeconds;
}
