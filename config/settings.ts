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

/** Reads 20000000, "20MB" or "1.5GiB" as a number of bytes; anything else becomes NaN (refused by the schema). */
function parseByteSize(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  const factor = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  return match && factor !== undefined ? Math.round(Number(match[1]) * factor) : Number.NaN;
}

const byteSize = z.preprocess(parseByteSize, z.number({ error: 'expected a size such as 20000000 or 20MB' }).int().positive());

/** Like byteSize, but 0 is allowed (it turns the feature off). */
const byteSizeOrZero = z.preprocess(parseByteSize, z.number({ error: 'expected a size such as 200000000 or 200MB, or 0' }).int().nonnegative());

const redisUrl = z.string().refine((u) => {
  try {
    return ['redis:', 'rediss:'].includes(new URL(u).protocol);
  } catch {
    return false;
  }
}, 'expected a redis:// or rediss:// URL');

const positiveInt = z.coerce.number({ error: 'expected a whole number' }).int().positive();
const optionalText = z.string();
const httpUrl = z.string().url({ error: 'expected an http(s) URL' }).refine((u) => /^https?:\/\//.test(u), 'expected an http(s) URL');
const optionalHttpUrl = z.union([z.literal(''), httpUrl]);

/**
 * Score bands of the tier router, e.g. "<512:0.1,<2048:0.25,*:0.4": the first band whose bound
 * holds gives the weight; "*" catches the rest and must come last. Returns null when malformed.
 */
export function parseScoreBands(text: string): Array<{ op: '<' | '<=' | '*'; bound: number; weight: number }> | null {
  const bands: Array<{ op: '<' | '<=' | '*'; bound: number; weight: number }> = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const match = /^(?:(<=|<)\s*(\d+(?:\.\d+)?)|(\*))\s*:\s*(\d+(?:\.\d+)?)$/.exec(part);
    if (!match) return null;
    bands.push(match[3] ? { op: '*', bound: Infinity, weight: Number(match[4]) } : { op: match[1] as '<' | '<=', bound: Number(match[2]), weight: Number(match[4]) });
  }
  const last = bands.at(-1);
  if (!last || last.op !== '*' || bands.slice(0, -1).some((b) => b.op === '*')) return null;
  return bands;
}

/**
 * Why a band table cannot mean what it says, or null: each bound must be above the one before
 * (or the same bound, "<" then "<="), because the first band that holds wins and a band after a
 * wider one could never apply.
 */
export function bandOrderProblem(text: string): string | null {
  const bands = parseScoreBands(text);
  if (!bands) return null;
  for (let i = 1; i < bands.length; i++) {
    const before = bands[i - 1]!;
    const band = bands[i]!;
    if (band.op === '*' || before.op === '*') continue;
    const wider = band.bound < before.bound || (band.bound === before.bound && !(before.op === '<' && band.op === '<='));
    if (wider) {
      return `bands must go from the smallest bound up: "${band.op}${band.bound}" comes after "${before.op}${before.bound}", so it could never apply`;
    }
  }
  return null;
}

const scoreBands = z.string().superRefine((v, ctx) => {
  if (parseScoreBands(v) === null) {
    ctx.addIssue({ code: 'custom', message: 'expected bands such as "<512:0.1,<2048:0.25,*:0.4" ending in "*:weight"' });
    return;
  }
  const problem = bandOrderProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Why two router thresholds cannot work, or null. */
export function thresholdProblem(text: string): string | null {
  const parts = text.split(',').map((n) => n.trim());
  const [small, medium] = parts.map(Number);
  if (parts.length !== 2 || !Number.isFinite(small) || !Number.isFinite(medium)) return 'expected two scores such as "0.3,0.6"';
  if (small! <= 0) return `the SMALL/MEDIUM threshold ${small} must be above 0, or no task would be SMALL`;
  if (small! >= medium!) return `the SMALL/MEDIUM threshold ${small} must be below the MEDIUM/LARGE threshold ${medium}, or no task would be MEDIUM`;
  return null;
}

const tierThresholds = z.string().superRefine((v, ctx) => {
  const problem = thresholdProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const subjectWeights = z.string().regex(/^\s*technical\s*:\s*\d+(\.\d+)?\s*,\s*\*\s*:\s*\d+(\.\d+)?\s*$/, 'expected "technical:0.2,*:0.1"');
const memoryBudget = z.union([z.literal('auto'), byteSize]);

const LANGUAGE_CODE = z.enum(['en', 'hi', 'bn', 'ta', 'te', 'kn', 'ml', 'mr', 'gu', 'pa', 'or', 'ur', 'as']);

export const SETTINGS = {
  port: setting('PORT', z.coerce.number().int().min(0).max(65535), 8080, 'Port of the HTTP server (health check, webhooks).'),
  dataDir: setting('DATA_DIR', z.string().min(1), './data', 'Directory for chat settings, job store and temporary files.'),
  modelsDir: setting('MODELS_DIR', z.string().min(1), './models', 'Directory where pulled model files live.'),
  logLevel: setting('LOG_LEVEL', z.enum(['', 'fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), '', 'Log level (pino). Unset: info for serve, warn for one-shot commands such as process.'),
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
  jobConcurrency: setting('JOB_CONCURRENCY', z.coerce.number().int().min(1).max(64), 2, 'Jobs processed at once (all chats together).'),
  pipelineThreads: setting('PIPELINE_THREADS', z.coerce.number().int().min(0).max(16), 1, 'Worker threads that run `serve`\'s jobs, so the main event loop stays free for webhooks and acks (measured: longest loop stall 18 ms instead of 450 ms); each holds its own OCR worker and WASM engines (the first adds ~20-40 MB, as the main thread then loads none of them; each more ~270 MB). 0 runs jobs on the main thread, as `process` always does.'),
  maxQueuedJobs: setting('MAX_QUEUED_JOBS', positiveInt, 100, 'Jobs allowed to wait; beyond this users get a "busy, try again" reply.'),
  userMaxInFlight: setting('USER_MAX_IN_FLIGHT', positiveInt, 2, 'Unfinished jobs one user may have.'),
  userMaxPerMinute: setting('USER_MAX_PER_MINUTE', positiveInt, 6, 'Jobs one user may start per minute.'),
  jobMaxAttempts: setting('JOB_MAX_ATTEMPTS', z.coerce.number().int().min(1).max(10), 3, 'Times a job is tried (a failure, or a crash of the process running it, each counts) before it is parked with its reason and the user gets one apology.'),
  shutdownGraceSeconds: setting('SHUTDOWN_GRACE_SECONDS', z.coerce.number().int().min(0).max(3600), 30, 'On SIGTERM or SIGINT, how long running jobs may take to finish; any still running then are stopped and stay queued, like the jobs not yet started, for the next start.'),
  resultCacheMaxBytes: setting('RESULT_CACHE_MAX_BYTES', byteSizeOrZero, 200_000_000, 'Most bytes the result cache keeps (the text and voice note of answered inputs; the least recently used go first); 0 turns the cache off.'),
  resultCacheTtlSeconds: setting('RESULT_CACHE_TTL_SECONDS', positiveInt, 604_800, 'How long a cached result may be served, in seconds (604800 = 7 days).'),
  redisUrl: setting('REDIS_URL', z.union([z.literal(''), redisUrl]), '', 'Redis for scale-out (redis://[:password@]host:port[/db]): jobs go through BullMQ, and dedupe, preferences and the result cache are shared, so any number of `serve --role ingress` and `--role worker` processes can run. Empty keeps everything in DATA_DIR (SQLite) for one process.', true),
  redisPrefix: setting('REDIS_PREFIX', z.string().regex(/^[A-Za-z0-9_-]{1,40}$/u, 'expected 1-40 letters, digits, - or _'), 'shikshasetu', 'Prefix of every Redis key the service writes, so several deployments can share one Redis.'),
  telegramBotToken: setting('TELEGRAM_BOT_TOKEN', optionalText, '', 'Telegram bot token from @BotFather; enables the Telegram adapter.', true),
  telegramApiRoot: setting('TELEGRAM_API_ROOT', httpUrl, 'https://api.telegram.org', 'Bot API server, for API calls and file downloads (a self-hosted one lifts the 20 MB download limit).'),
  telegramWebhookUrl: setting('TELEGRAM_WEBHOOK_URL', optionalHttpUrl, '', 'Public HTTPS URL of this service\'s Telegram webhook; when set, webhook mode replaces long polling.'),
  telegramWebhookSecret: setting('TELEGRAM_WEBHOOK_SECRET', optionalText, '', 'Secret Telegram must send in X-Telegram-Bot-Api-Secret-Token (required with a webhook URL).', true),
  telegramAllowedChats: setting('TELEGRAM_ALLOWED_CHATS', optionalText, '', 'Comma-separated chat ids or @usernames allowed to use the bot; empty allows everyone.'),
  telegramLocalFilesDir: setting('TELEGRAM_LOCAL_FILES_DIR', z.string(), '', 'With a self-hosted Bot API server in --local mode: the folder its files are in, as this service sees it. Files it names outside this folder (after symlinks are resolved) are refused; empty refuses every local file path.'),
  telegramMaxFileBytes: setting('TELEGRAM_MAX_FILE_BYTES', byteSize, 20_000_000, 'Largest Telegram file downloaded (the public Bot API serves at most 20 MB).'),
  slackBotToken: setting('SLACK_BOT_TOKEN', optionalText, '', 'Slack bot token (xoxb-...); with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN enables the Slack adapter.', true),
  slackSigningSecret: setting('SLACK_SIGNING_SECRET', optionalText, '', 'Slack signing secret used to verify every HTTP request (HTTP Events API mode).', true),
  slackAppToken: setting('SLACK_APP_TOKEN', optionalText, '', 'Slack app-level token (xapp-...); when set, Socket Mode replaces HTTP events.', true),
  slackApiUrl: setting('SLACK_API_URL', httpUrl, 'https://slack.com/api/', 'Slack Web API base URL (for tests and proxies; must end in /api/).'),
  slackMaxFileBytes: setting('SLACK_MAX_FILE_BYTES', byteSize, 20_000_000, 'Largest Slack file downloaded.'),
  whatsappAccessToken: setting('WHATSAPP_ACCESS_TOKEN', optionalText, '', 'WhatsApp Cloud API access token (a permanent system-user token); with WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN enables the WhatsApp adapter.', true),
  whatsappPhoneNumberId: setting('WHATSAPP_PHONE_NUMBER_ID', z.union([z.literal(''), z.string().regex(/^\d{1,30}$/, 'expected the numeric phone number ID from the app\'s WhatsApp > API Setup page')]), '', 'Phone number ID (not the phone number) the bot sends from, from the Meta app\'s WhatsApp > API Setup page.'),
  whatsappAppSecret: setting('WHATSAPP_APP_SECRET', optionalText, '', 'Meta app secret: every webhook POST must carry X-Hub-Signature-256 made with it.', true),
  whatsappVerifyToken: setting('WHATSAPP_VERIFY_TOKEN', optionalText, '', 'Any string you choose; Meta sends it back when you register the webhook URL (GET verification).', true),
  whatsappApiUrl: setting('WHATSAPP_API_URL', httpUrl, 'https://graph.facebook.com/v23.0', 'Graph API base URL with its version, for WhatsApp API calls (tests point it at a local fake).'),
  whatsappMaxFileBytes: setting('WHATSAPP_MAX_FILE_BYTES', byteSize, 20_000_000, 'Largest WhatsApp media file downloaded; the size Meta declares is checked before the download.'),
  whatsappAllowedNumbers: setting('WHATSAPP_ALLOWED_NUMBERS', optionalText, '', 'Comma-separated phone numbers (with country code, e.g. 919876543210) allowed to use the bot; empty allows everyone.'),
  modelMemoryBudget: setting('MODEL_MEMORY_BUDGET', memoryBudget, 'auto' as 'auto' | number, 'Most memory all loaded local models may hold together (8GB style values work); auto is the smaller of 8 GB and 60% of this machine\'s memory.'),
  maxModelBytes: setting('MAX_MODEL_BYTES', byteSize, 64_000_000_000, 'Most bytes one pulled model may have, an IndicTrans2 export\'s or a speech model\'s files together (64GB style values work): a download from a server that sends no size, of a model the catalog does not size, stops here and leaves no partial file.'),
  modelIdleUnloadSeconds: setting('MODEL_IDLE_UNLOAD_SECONDS', z.coerce.number().int().min(0), 600, 'Seconds an unused local model stays loaded before it is unloaded; 0 keeps it until memory is needed.'),
  llmMaxTokens: setting('LLM_MAX_TOKENS', positiveInt, 1024, 'Most tokens a local model may generate for one chunk of text; an answer cut off at this limit is a failed path (the next tier or path serves).'),
  llmTimeoutSeconds: setting('LLM_TIMEOUT_SECONDS', positiveInt, 120, 'Time budget, in seconds, for the local models of one simplify or translate request (all tiers tried together).'),
  llmContextSize: setting('LLM_CONTEXT_SIZE', z.coerce.number().int().min(256).max(131072), 4096, 'Context window, in tokens, a local model is loaded with (capped by what the model was trained on); longer documents are processed by paragraph chunks.'),
  llmThreads: setting('LLM_THREADS', z.coerce.number().int().min(0).max(256), 0, 'CPU threads for local model inference; 0 uses the machine\'s available cores but one (at least one).'),
  llmGpu: setting('LLM_GPU', z.enum(['auto', 'cuda', 'metal', 'vulkan', 'off']), 'auto', 'GPU for local models: auto (Metal on Apple Silicon; elsewhere CUDA when an NVIDIA driver and the CUDA runtime are found, else Vulkan when a Vulkan driver is, else the CPU), cuda, metal, vulkan or off. A GPU backend that fails to start falls back to the CPU, and the log says so.'),
  routerThresholds: setting('ROUTER_THRESHOLDS', tierThresholds, '0.3,0.6', 'Tier router: scores below the first are SMALL, below the second MEDIUM, else LARGE.'),
  routerTokenWeights: setting('ROUTER_TOKEN_WEIGHTS', scoreBands, '<512:0.1,<2048:0.25,*:0.4', 'Tier router: score added for the text\'s estimated token count.'),
  routerGradeWeights: setting('ROUTER_GRADE_WEIGHTS', scoreBands, '<=8:0.05,<=10:0.15,*:0.2', 'Tier router: score added for the target grade.'),
  routerSubjectWeights: setting('ROUTER_SUBJECT_WEIGHTS', subjectWeights, 'technical:0.2,*:0.1', 'Tier router: score added for a technical subject, and for any other.'),
  routerTranslateWeight: setting('ROUTER_TRANSLATE_WEIGHT', z.coerce.number().min(0).max(1), 0.1, 'Tier router: score added when the task also translates.'),
  routerTechnicalSubjects: setting('ROUTER_TECHNICAL_SUBJECTS', optionalText, 'science,physics,chemistry,biology,mathematics,maths,math,computer science,computing,technology,engineering,statistics,accountancy', 'Tier router: comma-separated subjects that count as technical.'),
  remoteApiBaseUrl: setting('REMOTE_API_BASE_URL', optionalHttpUrl, '', 'Base URL of an OpenAI-compatible API (OpenAI, vLLM, llama.cpp server, Ollama, ...), e.g. https://api.openai.com/v1 or http://localhost:11434/v1; empty turns the remote path off.'),
  remoteApiKey: setting('REMOTE_API_KEY', optionalText, '', 'Key sent as "Authorization: Bearer" to the remote API; empty sends none (local servers).', true),
  remoteApiChatModel: setting('REMOTE_API_CHAT_MODEL', optionalText, '', 'Remote chat model that simplifies and translates (e.g. gpt-4o-mini); empty keeps text work off the API.'),
  remoteApiTranscribeModel: setting('REMOTE_API_TRANSCRIBE_MODEL', optionalText, '', 'Remote speech recognition model for voice notes (e.g. whisper-1); empty keeps speech recognition off the API.'),
  remoteApiSpeechModel: setting('REMOTE_API_SPEECH_MODEL', optionalText, '', 'Remote text-to-speech model for the voice note (e.g. tts-1); empty keeps speech off the API.'),
  remoteApiSpeechVoice: setting('REMOTE_API_SPEECH_VOICE', z.string().regex(/^[\w.-]{1,64}$/, 'expected a voice name such as alloy'), 'alloy', 'Voice the remote text-to-speech model reads with.'),
  remoteApiTimeoutSeconds: setting('REMOTE_API_TIMEOUT_SECONDS', positiveInt, 60, 'Longest time one remote API task (all its calls and retries) may take before the next path serves.'),
  remoteApiMaxRetries: setting('REMOTE_API_MAX_RETRIES', z.coerce.number().int().min(0).max(10), 2, 'Retries of one remote API call after a 429, a 5xx or a network error, with exponential backoff.'),
  remoteApiMaxRetryAfterSeconds: setting('REMOTE_API_MAX_RETRY_AFTER_SECONDS', z.coerce.number().min(0).max(600), 10, 'Longest Retry-After the remote API may ask for and still be waited for; a longer one moves on to the next path at once.'),
  remoteApiConcurrency: setting('REMOTE_API_CONCURRENCY', z.coerce.number().int().min(1).max(256), 4, 'Remote API tasks run at once; more wait in a queue of REMOTE_API_QUEUE.'),
  remoteApiQueue: setting('REMOTE_API_QUEUE', z.coerce.number().int().min(0).max(10000), 16, 'Remote API tasks allowed to wait for a free slot; beyond this the API counts as busy and the next path serves.'),
  localModelConcurrency: setting('LOCAL_MODEL_CONCURRENCY', z.coerce.number().int().min(1).max(64), 1, 'Requests one local model serves at once (bulkhead).'),
  localModelQueue: setting('LOCAL_MODEL_QUEUE', z.coerce.number().int().min(0).max(1000), 2, 'Requests allowed to wait for a busy local model; beyond this it counts as busy: the next path serves, or the user is told to try again in a minute.'),
  speechRecognizeTimeoutSeconds: setting('SPEECH_RECOGNIZE_TIMEOUT_SECONDS', positiveInt, 120, 'Longest time a local speech recognition model may take to load, or to recognise one piece (at most 25 s) of a voice note; past it the model\'s process is stopped, the failure counts against its circuit breaker, and the remote API (if set) hears the note.'),
  spokenLanguageConfidence: setting('SPOKEN_LANGUAGE_CONFIDENCE', z.coerce.number({ error: 'expected a number from 0 to 1' }).min(0).max(1), 0.7, 'When a user has not set their language: the share of a voice note\'s speech (0-1) that Whisper\'s language identification must agree on, in that language\'s script, for the language to be taken; below it the reply asks the user to set their language with one button press.'),
  speechVoiceTimeoutSeconds: setting('SPEECH_VOICE_TIMEOUT_SECONDS', positiveInt, 60, 'Longest time a local voice model may take to load, or to speak one sentence; past it the model\'s process is stopped, the failure counts against its circuit breaker, and the remote API or espeak-ng reads the reply.'),
  breakerFailures: setting('BREAKER_FAILURES', z.coerce.number().int().min(1).max(100), 3, 'Consecutive failures (errors or timeouts) after which a backend\'s circuit breaker opens and the backend is no longer called.'),
  breakerHalfOpenSeconds: setting('BREAKER_HALF_OPEN_SECONDS', z.coerce.number().min(0.1).max(3600), 30, 'Seconds an open circuit breaker waits before letting one test call through (half-open); success closes it.'),
} as const;

export type SettingKey = keyof typeof SETTINGS;

export type Config = { [K in SettingKey]: (typeof SETTINGS)[K]['default'] };
