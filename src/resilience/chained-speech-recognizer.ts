import { BusyError, InputRefusedError } from '../core/errors.js';
import type { AcceptedInput, SpeechRecognizer } from '../core/ports.js';
import { silentRemoteLogger, type RemoteLogger } from '../remote/remote-logger.js';
import type { BackendPolicy } from './backend-policy.js';
import { FallbackChain, type ChainLink } from './fallback-chain.js';

export interface RecognizeRequest {
  input: AcceptedInput;
  languageHint?: string;
}

/** What a path heard; spokenLanguage passes through from a recogniser that identified the language. */
export type RecognizeResult = Awaited<ReturnType<SpeechRecognizer['transcribe']>>;

export type RecognizeLink = ChainLink<RecognizeRequest, RecognizeResult>;

export interface ChainedSpeechRecognizerOptions {
  /** Paths tried in order: local speech model(s), then the remote API. */
  links: RecognizeLink[];
  /** Time for all links together, in ms. Defaults to no limit but the request's signal. */
  budgetMs?: number;
  /** Defaults to no logging. */
  logger?: RemoteLogger;
}

/**
 * local speech model -> remote API -> refusal. A refusal by a path that heard the audio ("no
 * speech") reaches the user at once; when no path could run, the voice note is refused as
 * 'speech-not-installed' (type or photograph the text instead), or "busy" when a path was full.
 */
export class ChainedSpeechRecognizer implements SpeechRecognizer {
  private readonly chain: FallbackChain<RecognizeRequest, RecognizeResult>;

  constructor(options: ChainedSpeechRecognizerOptions) {
    this.chain = new FallbackChain({ task: 'recognize', links: options.links, budgetMs: options.budgetMs, logger: options.logger ?? silentRemoteLogger });
  }

  async transcribe(input: AcceptedInput, options: { languageHint?: string; signal?: AbortSignal }): Promise<RecognizeResult> {
    const outcome = await this.chain.run({ input, ...(options.languageHint ? { languageHint: options.languageHint } : {}) }, options.signal);
    if (outcome.result) return outcome.result;
    const tried = outcome.attempts.map((a) => `${a.name}: ${a.reason ?? a.outcome}`).join('; ');
    if (outcome.busy) throw new BusyError(`recognize: ${tried}`);
    throw new InputRefusedError('speech-not-installed', tried ? `no speech recognition path served (${tried})` : 'speech recognition is not installed: no local model and no API configured');
  }
}

/** A chain link from any SpeechRecognizer. */
export function recognizeLink(recognizer: SpeechRecognizer, options: { path: RecognizeLink['path']; name: string; model?: string; policy?: BackendPolicy }): RecognizeLink {
  return {
    path: options.path,
    name: options.name,
    ...(options.model ? { model: options.model } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    run: (request, signal) => recognizer.transcribe(request.input, { ...(request.languageHint ? { languageHint: request.languageHint } : {}), signal }),
  };
}
