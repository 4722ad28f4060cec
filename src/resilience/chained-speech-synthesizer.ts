import type { PcmAudio, SpeechSynthesizer } from '../core/ports.js';
import { silentRemoteLogger, type RemoteLogger } from '../remote/remote-logger.js';
import type { BackendPolicy } from './backend-policy.js';
import { describeAttempts, FallbackChain, troubledAttempts, type ChainLink } from './fallback-chain.js';

export interface SpeakRequest {
  text: string;
  language: string;
  speed?: number;
}

export type SpeakLink = ChainLink<SpeakRequest, PcmAudio>;

export interface ChainedSpeechSynthesizerOptions {
  /** Voices tried in order: local voice model(s), then the remote API. */
  links: SpeakLink[];
  /** The embedded voice (espeak-ng) that reads when no link does. */
  lastResort: SpeechSynthesizer;
  /** Time for all links together, in ms. Defaults to no limit but the request's signal. */
  budgetMs?: number;
  /** Defaults to no logging. */
  logger?: RemoteLogger;
}

/** local voice -> remote API -> espeak-ng. An answer with no samples counts as a failure. */
export class ChainedSpeechSynthesizer implements SpeechSynthesizer {
  private readonly chain: FallbackChain<SpeakRequest, PcmAudio>;

  constructor(private readonly options: ChainedSpeechSynthesizerOptions) {
    this.chain = new FallbackChain({ task: 'speak', links: options.links, budgetMs: options.budgetMs, logger: options.logger ?? silentRemoteLogger });
  }

  async synthesize(request: { text: string; language: string; speed?: number; signal?: AbortSignal }): Promise<PcmAudio> {
    const { signal, ...speak } = request;
    const outcome = await this.chain.run(speak, signal);
    const audio = outcome.result ?? (await this.options.lastResort.synthesize(request));
    // A voice that exists but failed this time: the note read by the next voice is not cached.
    const troubled = troubledAttempts(outcome.attempts);
    return troubled.length > 0 ? { ...audio, fallbackFrom: describeAttempts(troubled) } : audio;
  }
}

/** A chain link from any SpeechSynthesizer. */
export function speakLink(synthesizer: SpeechSynthesizer, options: { path: SpeakLink['path']; name: string; model?: string; policy?: BackendPolicy }): SpeakLink {
  return {
    path: options.path,
    name: options.name,
    ...(options.model ? { model: options.model } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    run: (request, signal) => synthesizer.synthesize({ ...request, signal }),
    check: (audio) => (audio.samples.length > 0 && audio.sampleRate > 0 ? { passed: true, reason: 'has audio' } : { passed: false, reason: 'no audio' }),
  };
}
