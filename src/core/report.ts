import type { BackendInfo, ExtractedText, ExtractionMethod, InputKind, PathAttempt, RoutingDecision, UnsureNumber, ValidationReport } from './ports.js';

/** The stages a job goes through, in order; adapters show them as progress. */
export type StageName = 'reading' | 'simplifying' | 'translating' | 'validating' | 'recording';

export interface VoiceNote {
  data: Buffer;
  format: 'ogg/opus';
  durationSec: number;
  /** Set when a voice that exists failed this time and another read the note (see PcmAudio). */
  fallbackFrom?: string;
}

/** Everything one run of the pipeline produced; the CLI prints it as --json. */
export interface ProcessResult {
  input: { kind: InputKind; bytes: number; mime: string };
  /**
   * unsureNumbers: numbers OCR read without confidence; the reply asks the reader to check each.
   * spokenLanguage: for a voice note whose language the user had not set, what was found and how sure.
   */
  extracted: {
    text: string;
    language: string;
    method: ExtractionMethod;
    unsureNumbers?: UnsureNumber[];
    spokenLanguage?: ExtractedText['spokenLanguage'];
  };
  simplified: { text: string; grade: number; language: string; backend: BackendInfo; notes: string[]; attempts?: PathAttempt[]; routing?: RoutingDecision };
  translated: { text: string; language: string; backend: BackendInfo; attempts?: PathAttempt[]; routing?: RoutingDecision } | null;
  /** The text the user receives: the translation when there is one, else the simplified text. */
  final: { text: string; language: string };
  validation: ValidationReport;
  audio: VoiceNote | null;
  timingsMs: { extract: number; simplify: number; translate: number; validate: number; speak: number; total: number };
  /** Short statements for the reader (no translation model, failed checks...). */
  warnings: string[];
  /**
   * Set when a translation path exists but failed this time (its error, naming the paths and
   * reasons, never user text). Such an answer is not cached: the next request may translate.
   */
  translationFailure?: string;
}
