import type { KeyFacts } from './key-facts.js';
import type { BackendInfo, ExtractedText, ExtractionMethod, InputKind, PathAttempt, ReplyNotice, RoutingDecision, UnsureNumber, ValidationReport } from './ports.js';

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
  timingsMs: { extract: number; simplify: number; translate: number; validate: number; speak: number; total: number; facts?: number };
  /**
   * Short statements for the CLI's reader, who runs the server: in the language of the text, with
   * the full hint (no translation model: "shikshasetu models pull"...). Chat replies use `notices`.
   */
  warnings: string[];
  /** The same statements as data, written in the chat user's language when the reply is sent; no operator hints. */
  notices?: ReplyNotice[];
  /** What only an operator can act on (pull a model, set an API key, a breaker open): for the log, /healthz and --json. */
  adminHints?: string[];
  /** The "what you need to do" block of a notice or circular; null for other texts. */
  keyFacts?: KeyFacts | null;
  /**
   * Set when a translation path exists but failed this time (its error, naming the paths and
   * reasons, never user text). Such an answer is not cached: the next request may translate.
   */
  translationFailure?: string;
}
