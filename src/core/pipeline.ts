import { InputRefusedError, isTranslationFailed } from './errors.js';
import { isSupportedLanguage } from './languages.js';
import type { KeyFacts, KeyFactsFinder } from './key-facts.js';
import { spokenKeyFacts } from './key-facts.js';
import type {
  AcceptedInput,
  ExtractedText,
  InputLimits,
  ReplyNotice,
  Simplifier,
  SpeechRecognizer,
  SpeechSynthesizer,
  TextExtractor,
  Translator,
  Validator,
  VoiceNoteEncoder,
} from './ports.js';
import type { ProcessResult, StageName } from './report.js';
import { message, translationFailedNote, translationUnavailableNote, validationCaveat } from './messages.js';
import { adminHintsOf } from './reply-notice.js';
import { unsureNumbersNote } from './unsure-numbers-note.js';

export interface PipelineParts {
  accept: (bytes: Buffer, limits: InputLimits) => Promise<AcceptedInput>;
  limits: InputLimits;
  extractors: TextExtractor[];
  recognizer: SpeechRecognizer;
  simplifier: Simplifier;
  translator: Translator;
  validator: Validator;
  synthesizer: SpeechSynthesizer;
  encoder: VoiceNoteEncoder;
  /** Finds the "what you need to do" facts of a notice (never of a textbook page). Defaults to none. */
  keyFacts?: KeyFactsFinder;
  /** What of the final text is read aloud (a voice note has a length limit); the rest is only in the text reply. */
  speechText?: (text: string, language: string) => { text: string; truncated: boolean };
}

export interface PipelineRequest {
  bytes: Buffer;
  grade: number;
  /** Language of the reply; null keeps the language of the input. */
  targetLanguage: string | null;
  /** 'auto' or a language code: what the input is written or spoken in. */
  sourceLanguage: string;
  subject?: string;
  audio: boolean;
  signal?: AbortSignal;
  onStage?: (stage: StageName) => void;
}

/** What callers of a pipeline need: run. Wrappers (the result cache, metrics) implement it too. */
export type PipelineRunner = Pick<Pipeline, 'run'>;

/**
 * take in -> extract -> simplify -> translate -> validate -> speak. Knows only ports; the
 * composition root supplies the parts. Refusals surface as InputRefusedError; everything a
 * stage could only partly do becomes a warning in the result, never a silent gap.
 */
export class Pipeline {
  constructor(private readonly parts: PipelineParts) {}

  async run(request: PipelineRequest): Promise<ProcessResult> {
    const started = performance.now();
    const timings = { extract: 0, simplify: 0, translate: 0, validate: 0, speak: 0, total: 0, facts: 0 };
    const warnings: string[] = [];
    // The same statements as data for chat replies, in the reader's language and without operator hints.
    const notices: ReplyNotice[] = [];
    const { signal } = request;

    request.onStage?.('reading');
    let t = performance.now();
    const input = await this.parts.accept(request.bytes, this.parts.limits);
    const extracted = await this.extract(input, request);
    timings.extract = performance.now() - t;
    warnings.push(...extracted.warnings);
    const text = extracted.text.trim();
    if (text.length === 0) throw new InputRefusedError('no-text-found', 'no text could be read from the input');
    if (text.length > this.parts.limits.maxTextChars) {
      throw new InputRefusedError('text-too-long', `extracted text has ${text.length} characters`, { limit: this.parts.limits.maxTextChars });
    }
    const sourceLanguage = isSupportedLanguage(extracted.language) ? extracted.language : 'en';
    const targetLanguage = request.targetLanguage ?? sourceLanguage;
    signal?.throwIfAborted();

    t = performance.now();
    let keyFacts: KeyFacts | null = (await this.parts.keyFacts?.find({ text, language: sourceLanguage, signal })) ?? null;
    timings.facts = performance.now() - t;

    request.onStage?.('simplifying');
    t = performance.now();
    const simplified = await this.parts.simplifier.simplify({
      text,
      language: sourceLanguage,
      grade: request.grade,
      subject: request.subject,
      alsoTranslates: targetLanguage !== sourceLanguage,
      signal,
    });
    timings.simplify = performance.now() - t;
    signal?.throwIfAborted();

    let translated: ProcessResult['translated'] = null;
    let translationFailure: string | undefined;
    if (targetLanguage !== sourceLanguage) {
      request.onStage?.('translating');
      t = performance.now();
      const result = await this.parts.translator
        .translate({
          text: simplified.text,
          from: sourceLanguage,
          to: targetLanguage,
          grade: request.grade,
          subject: request.subject,
          signal,
        })
        .catch((err: unknown) => {
          // The simplified text is still worth sending; the note says translation failed this time.
          if (isTranslationFailed(err)) return err;
          throw err;
        });
      timings.translate = performance.now() - t;
      const pair = { language: targetLanguage, original: sourceLanguage };
      if (isTranslationFailed(result)) {
        translationFailure = result.message;
        warnings.push(translationFailedNote(sourceLanguage, targetLanguage));
        notices.push({ key: 'note.translation-failed-plain', languages: pair, adminHint: `translation ${sourceLanguage}->${targetLanguage} failed: ${result.message}` });
      } else if (result) translated = result;
      else {
        warnings.push(translationUnavailableNote(sourceLanguage, targetLanguage));
        notices.push({
          key: 'note.translation-not-available',
          languages: pair,
          adminHint: `no translation ${sourceLanguage}->${targetLanguage}: pull a translation model (shikshasetu models pull) or set REMOTE_API_BASE_URL and REMOTE_API_CHAT_MODEL`,
        });
      }
    }
    const final = translated ? { text: translated.text, language: translated.language } : { text: simplified.text, language: sourceLanguage };
    if (keyFacts && translated && this.parts.keyFacts?.translate) {
      // The block's labels follow the reply language; its values do too when a translation keeps every number.
      t = performance.now();
      const { translator, validator } = this.parts;
      keyFacts = await this.parts.keyFacts.translate(keyFacts, { to: translated.language, grade: request.grade, subject: request.subject, translator, validator, signal });
      timings.facts += performance.now() - t;
      signal?.throwIfAborted();
    }

    request.onStage?.('validating');
    t = performance.now();
    const validation = this.parts.validator.validate({
      source: text,
      sourceLanguage,
      output: final.text,
      outputLanguage: final.language,
      grade: request.grade,
      translated: translated !== null,
    });
    timings.validate = performance.now() - t;
    if (!validation.passed) {
      warnings.push(validationCaveat(final.language, validation));
      notices.push({ key: 'note.validation-caveat', checks: validation.checks.filter((c) => !c.passed) });
    }
    const unsureNumbers = extracted.unsureNumbers ?? [];
    if (unsureNumbers.length > 0) {
      warnings.push(unsureNumbersNote(final.language, unsureNumbers));
      notices.push({ key: 'note.unsure-numbers', unsureNumbers });
    }
    signal?.throwIfAborted();

    let audio: ProcessResult['audio'] = null;
    if (request.audio) {
      request.onStage?.('recording');
      t = performance.now();
      // The voice note reads the key facts first, so a parent who only listens hears them.
      const said = keyFacts ? `${spokenKeyFacts(keyFacts, final.language)}\n\n${final.text}` : final.text;
      const spoken = this.parts.speechText?.(said, final.language) ?? { text: said, truncated: false };
      if (spoken.truncated) {
        warnings.push(message(final.language, 'note.voice-shortened'));
        notices.push({ key: 'note.voice-shortened' });
      }
      const pcm = await this.parts.synthesizer.synthesize({ text: spoken.text, language: final.language, signal });
      const data = await this.parts.encoder.encode(pcm);
      audio = { data, format: 'ogg/opus', durationSec: pcm.samples.length / pcm.sampleRate, ...(pcm.fallbackFrom ? { fallbackFrom: pcm.fallbackFrom } : {}) };
      timings.speak = performance.now() - t;
    }

    timings.total = performance.now() - started;
    return {
      input: { kind: input.kind, bytes: input.bytes.length, mime: input.mime },
      extracted: {
        text,
        language: extracted.language,
        method: extracted.method,
        ...(unsureNumbers.length ? { unsureNumbers } : {}),
        ...(extracted.spokenLanguage ? { spokenLanguage: extracted.spokenLanguage } : {}),
      },
      simplified: {
        text: simplified.text,
        grade: request.grade,
        language: sourceLanguage,
        backend: simplified.backend,
        notes: simplified.notes,
        ...(simplified.attempts ? { attempts: simplified.attempts } : {}),
        ...(simplified.routing ? { routing: simplified.routing } : {}),
      },
      translated,
      final,
      validation,
      audio,
      timingsMs: roundTimings(timings),
      warnings: [...simplified.notes, ...warnings],
      notices: [...(simplified.notices ?? simplified.notes.map(asNotice)), ...notices],
      adminHints: adminHintsOf([...(simplified.notices ?? []), ...notices]),
      keyFacts,
      ...(translationFailure ? { translationFailure } : {}),
    };
  }

  private async extract(input: AcceptedInput, request: PipelineRequest): Promise<ExtractedText> {
    if (input.kind === 'voice') {
      const hint = request.sourceLanguage === 'auto' ? undefined : request.sourceLanguage;
      const heard = await this.parts.recognizer.transcribe(input, { languageHint: hint, signal: request.signal });
      return { text: heard.text, language: heard.language, method: 'speech', warnings: [], ...(heard.spokenLanguage ? { spokenLanguage: heard.spokenLanguage } : {}) };
    }
    const extractor = this.parts.extractors.find((e) => e.kinds.includes(input.kind));
    if (!extractor) throw new InputRefusedError('unsupported-type', `no extractor for ${input.kind}`);
    return extractor.extract(input, { sourceLanguage: request.sourceLanguage, signal: request.signal });
  }
}

/** A simplifier note that came without its data form (an older backend): shown as written. */
function asNotice(note: string): ReplyNotice {
  return { key: 'note.plain', params: { text: note } };
}

function roundTimings<T extends Record<string, number>>(timings: T): T {
  const rounded = { ...timings };
  for (const key of Object.keys(rounded) as Array<keyof T>) rounded[key] = Math.round(rounded[key] as number) as T[keyof T];
  return rounded;
}
