/**
 * The interfaces the pipeline is built from. Backends and adapters implement these and import
 * nothing else from the core but this file, errors.ts and languages.ts; only src/app picks the
 * concrete classes.
 */

import type { MessageKey } from './message-tables.js';

/**
 * One plain statement a reply carries (no translation here, a check failed, the voice note is
 * shortened), kept as data so that it is written in the reader's conversation language when the
 * reply is sent, not in the language of the page. What only an operator can act on (pull a model,
 * set an API key) is never part of it: that goes in `adminHint`, for the log, /healthz and the CLI.
 */
export interface ReplyNotice {
  key: MessageKey;
  /** Plain values: numbers, names. */
  params?: Record<string, string | number>;
  /** Values that are language codes, named in the reader's language ("ta" -> "तमिल"). */
  languages?: Record<string, string>;
  /** Failed validation checks, for 'note.validation-caveat'. */
  checks?: ValidationCheck[];
  /** Numbers OCR was unsure of, for 'note.unsure-numbers'. */
  unsureNumbers?: UnsureNumber[];
  /** What an operator could do about it, in English; never shown to a chat user. */
  adminHint?: string;
}

/** What the bytes really are, found from their content. */
export type InputKind = 'pdf' | 'docx' | 'text' | 'image' | 'voice';

/** An input that passed intake: its real type is known and its limits were checked. */
export interface AcceptedInput {
  kind: InputKind;
  mime: string;
  bytes: Buffer;
  /** Page count for PDFs, pixel count for images, seconds for voice, chars for text. */
  measure?: { pages?: number; pixels?: number; width?: number; height?: number; durationSec?: number; chars?: number };
}

/** Limits checked before any heavy work. Every number is configurable. */
export interface InputLimits {
  maxBytes: number;
  maxPdfPages: number;
  maxImagePixels: number;
  maxDocxUncompressedBytes: number;
  maxDocxCompressionRatio: number;
  maxTextChars: number;
  maxAudioSeconds: number;
}

export type ExtractionMethod = 'text' | 'pdf-text' | 'pdf-ocr' | 'pdf-mixed' | 'docx' | 'ocr' | 'speech';

export interface ExtractedText {
  text: string;
  /** ISO 639-1 code of the language the text is in, or 'und' when it cannot be told. */
  language: string;
  method: ExtractionMethod;
  /** Per-page notes (e.g. "page 3 OCRed: broken text layer"); never user text. */
  warnings: string[];
  /** Numbers OCR could not read with confidence: the reply asks the reader to check them. */
  unsureNumbers?: UnsureNumber[];
  /**
   * For a voice note whose language the user had not said: the language the recogniser found and
   * how sure it was. Not sure means the reply should ask the user to set their language.
   */
  spokenLanguage?: { language: string; confidence: number; sure: boolean };
}

/** A number read without confidence, e.g. { text: '15', confidence: 0.45, context: 'दिवस 15 नवंबर को' }. */
export interface UnsureNumber {
  text: string;
  /** 0..1. */
  confidence: number;
  /** The words around it as read, so the reader can find it on the page. */
  context: string;
  /** The PDF page it is on (from 1); absent for a photo. */
  page?: number;
}

export interface ExtractOptions {
  /** 'auto' lets the page's script pick the OCR languages. */
  sourceLanguage: string;
  signal?: AbortSignal;
}

/** Turns an accepted input into text. One implementation per input kind. */
export interface TextExtractor {
  readonly kinds: readonly InputKind[];
  extract(input: AcceptedInput, options: ExtractOptions): Promise<ExtractedText>;
}

/** A box in pixels of the image that was read. */
export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One character as the OCR engine read it; confidence 0..100 as Tesseract gives it. */
export interface OcrSymbol {
  text: string;
  confidence: number;
  bbox?: OcrBox;
}

export interface OcrWord {
  text: string;
  /** 0..100 as Tesseract gives it. */
  confidence: number;
  bbox?: OcrBox;
  symbols?: OcrSymbol[];
}

/** The parts of the engine's layout tree (block > paragraph > line > word) the pipeline reads. */
export interface OcrBlock {
  paragraphs: Array<{ lines: Array<{ words: OcrWord[]; bbox?: OcrBox }> }>;
}

/** Reads text from an image that was already straightened and cleaned for OCR. */
export interface OcrEngine {
  recognize(
    image: Buffer,
    options: {
      languages: string[];
      /** 'line' reads the image as one line of text (a word's box cut from a page). Defaults to the whole page's layout. */
      layout?: 'page' | 'block' | 'line';
      /** Only these characters may be read (e.g. digits when a number is read again). Defaults to any. */
      charWhitelist?: string;
      signal?: AbortSignal;
    },
  ): Promise<{ text: string; confidence: number; blocks?: OcrBlock[] }>;
  close(): Promise<void>;
}

/** Which path produced a result: the reply names it to the user. */
export type ServingPath = 'rule-based' | 'local-model' | 'remote-api';

export interface BackendInfo {
  path: ServingPath;
  /** Short human name, e.g. "rule-based English simplifier" or a model id. */
  name: string;
  model?: string;
  tier?: 'SMALL' | 'MEDIUM' | 'LARGE';
}

export interface SimplifyRequest {
  text: string;
  language: string;
  grade: number;
  subject?: string;
  /** True when the simplified text will then be translated (the tier router scores that as harder). */
  alsoTranslates?: boolean;
  signal?: AbortSignal;
}

/** One path the chain tried, and what became of it: the report shows all of them. */
export interface PathAttempt {
  path: ServingPath;
  name: string;
  model?: string;
  tier?: 'SMALL' | 'MEDIUM' | 'LARGE';
  outcome: 'served' | 'failed' | 'rejected' | 'skipped';
  /** Why it failed, was rejected (e.g. failed validation) or skipped (e.g. "circuit open"). */
  reason?: string;
  ms?: number;
}

/** How the tier router scored a task and which tier it chose. */
export interface RoutingDecision {
  score: number;
  tier: 'SMALL' | 'MEDIUM' | 'LARGE';
  /** The tier the score asked for, when memory or installed models made it step elsewhere. */
  requestedTier?: 'SMALL' | 'MEDIUM' | 'LARGE';
  reasons: string[];
}

export interface SimplifyResult {
  text: string;
  backend: BackendInfo;
  /** Plain statements for the reader, e.g. that deeper simplification needs a model. */
  notes: string[];
  /** The same statements as data, for a reply in the chat user's own language (see ReplyNotice). */
  notices?: ReplyNotice[];
  /** Every path tried, in order, when a chain of backends served. */
  attempts?: PathAttempt[];
  routing?: RoutingDecision;
}

export interface Simplifier {
  simplify(request: SimplifyRequest): Promise<SimplifyResult>;
}

export interface TranslateRequest {
  text: string;
  from: string;
  to: string;
  /** Target grade of the text, for routing and validating; unknown is judged as grade 12. */
  grade?: number;
  subject?: string;
  signal?: AbortSignal;
}

export interface TranslateResult {
  text: string;
  language: string;
  backend: BackendInfo;
  attempts?: PathAttempt[];
  routing?: RoutingDecision;
}

/** Returns null when it has no way to translate this pair (no model, no API). */
export interface Translator {
  translate(request: TranslateRequest): Promise<TranslateResult | null>;
}

export interface ValidationCheck {
  name: string;
  passed: boolean;
  /** 0..1, higher is better. */
  score: number;
  detail: string;
}

export interface ValidationReport {
  passed: boolean;
  checks: ValidationCheck[];
}

export interface ValidateRequest {
  source: string;
  sourceLanguage: string;
  output: string;
  outputLanguage: string;
  grade: number;
  /** True when output is a translation of source, so words cannot be compared directly. */
  translated: boolean;
}

export interface Validator {
  validate(request: ValidateRequest): ValidationReport;
  /** Resolves once every check can run (a model a check uses has loaded). Translation paths await it before judging. */
  ready?(): Promise<void>;
}

/** Mono PCM as 32-bit floats in -1..1. */
export interface PcmAudio {
  samples: Float32Array;
  sampleRate: number;
  /** Set when a voice that exists failed this time and another read instead: which, and why. */
  fallbackFrom?: string;
}

export interface SpeechSynthesizer {
  synthesize(request: { text: string; language: string; speed?: number; signal?: AbortSignal }): Promise<PcmAudio>;
}

export interface VoiceNoteEncoder {
  /** Encodes to Ogg/Opus, 48 kHz mono, at a voice-note bitrate. */
  encode(audio: PcmAudio): Promise<Buffer>;
}

export interface SpeechRecognizer {
  transcribe(input: AcceptedInput, options: { languageHint?: string; signal?: AbortSignal }): Promise<{ text: string; language: string; spokenLanguage?: ExtractedText['spokenLanguage'] }>;
}

/**
 * Reads the text of one page image. A 'photo' is a phone picture: the reader finds the page,
 * straightens it and evens out the light first. A 'rendered-page' (a PDF page drawn by us) is
 * already flat and clean.
 */
export interface ImageTextReader {
  read(
    image: Buffer,
    options: { sourceLanguage: string; kind: 'photo' | 'rendered-page'; signal?: AbortSignal },
  ): Promise<{ text: string; language: string; confidence: number; unsureNumbers?: UnsureNumber[] }>;
}
