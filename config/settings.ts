/**
 * Every setting of the service: its environment variable, its schema, its default and what it is
 * for. The defaults here are the whole default configuration; src/app/load-config.ts reads the
 * environment once at start-up and validates it against this table. README's configuration table
 * is generated from it (scripts/config-table.ts) and a test keeps the two equal.
 */
import { z } from 'zod';

export interface SettingSpec<T> {
  env: string;
  schema: z.ZodType<T>;
  default: T;
  description: string;
  /** A secret is never printed: not in logs, not in error messages. */
  secret?: boolean;
}

function setting<T>(env: string, schema: z.ZodType<T>, defaultValue: T, description: string, secret = false): SettingSpec<T> {
  return { env, schema, default: defaultValue, description, secret };
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, k: 1e3, mb: 1e6, m: 1e6, gb: 1e9, g: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** Accepts 20000000, "20MB", "1.5GiB". */
const byteSize = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  const factor = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  return match && factor !== undefined ? Math.round(Number(match[1]) * factor) : Number.NaN;
}, z.number({ error: 'expected a size such as 20000000 or 20MB' }).int().positive());

const positiveInt = z.coerce.number({ error: 'expected a whole number' }).int().positive();
const boolFlag = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return value;
}, z.boolean({ error: 'expected true or false' }));

const LANGUAGE_CODE = z.enum(['en', 'hi', 'bn', 'ta', 'te', 'kn', 'ml', 'mr', 'gu', 'pa', 'or', 'ur', 'as']);

export const SETTINGS = {
  port: setting('PORT', z.coerce.number().int().min(0).max(65535), 8080, 'Port of the HTTP server (health check, webhooks).'),
  dataDir: setting('DATA_DIR', z.string().min(1), './data', 'Directory for chat settings, job store and temporary files.'),
  modelsDir: setting('MODELS_DIR', z.string().min(1), './models', 'Directory where pulled model files live.'),
  logLevel: setting('LOG_LEVEL', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info', 'Log level (pino).'),
  defaultGrade: setting('DEFAULT_GRADE', z.coerce.number().int().min(1).max(12), 5, 'School grade (1-12) used when a user has not chosen one.'),
  defaultLanguage: setting('DEFAULT_LANGUAGE', LANGUAGE_CODE, 'en', 'Reply language used when a user has not chosen one.'),
  maxInputBytes: setting('MAX_INPUT_BYTES', byteSize, 20_000_000, 'Largest file accepted, in bytes (20MB style values work).'),
  maxPdfPages: setting('MAX_PDF_PAGES', positiveInt, 50, 'Most pages a PDF may have.'),
  maxImagePixels: setting('MAX_IMAGE_PIXELS', positiveInt, 40_000_000, 'Most pixels an image may have, read from its header before decoding.'),
  maxDocxUncompressedBytes: setting('MAX_DOCX_UNCOMPRESSED_BYTES', byteSize, 100_000_000, 'Most bytes a DOCX may unpack to (zip bomb guard).'),
  maxDocxCompressionRatio: setting('MAX_DOCX_COMPRESSION_RATIO', positiveInt, 100, 'Highest unpacked/packed ratio of any DOCX part (zip bomb guard).'),
  maxTextChars: setting('MAX_TEXT_CHARS', positiveInt, 100_000, 'Most characters of text one job may simplify.'),
  maxAudioSeconds: setting('MAX_AUDIO_SECONDS', positiveInt, 300, 'Longest voice note accepted, in seconds.'),
  ocrWorkers: setting('OCR_WORKERS', z.coerce.number().int().min(1).max(16), 1, 'OCR workers kept warm and reused across jobs.'),
  ocrMaxSide: setting('OCR_MAX_SIDE', z.coerce.number().int().min(800).max(8000), 2400, 'Longest side, in pixels, a page photo is scaled to before OCR.'),
  ttsSpeed: setting('TTS_SPEED', z.coerce.number().min(0.5).max(2), 1, 'Speaking speed of the voice note (1 = normal).'),
  voiceBitrate: setting('VOICE_BITRATE', z.coerce.number().int().min(6000).max(128000), 32000, 'Opus bitrate of the voice note, bits per second.'),
  maxSpeechChars: setting('MAX_SPEECH_CHARS', positiveInt, 6000, 'Most characters read aloud in one voice note; longer text is read up to this point and says so.'),
  jobTimeoutSeconds: setting('JOB_TIMEOUT_SECONDS', positiveInt, 300, 'Longest time one job may run before it is stopped.'),
} as const;

export type SettingKey = keyof typeof SETTINGS;

export type Config = { [K in SettingKey]: (typeof SETTINGS)[K]['default'] };
