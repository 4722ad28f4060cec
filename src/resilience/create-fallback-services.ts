import type { Config } from '../../config/settings.js';
import type { Simplifier, SpeechSynthesizer, Validator } from '../core/ports.js';
import { OpenAiCompatibleClient } from '../remote/openai-compatible-client.js';
import { RemoteSimplifier } from '../remote/remote-simplifier.js';
import { RemoteSpeechRecognizer } from '../remote/remote-speech-recognizer.js';
import { RemoteSpeechSynthesizer } from '../remote/remote-speech-synthesizer.js';
import { RemoteTranslator } from '../remote/remote-translator.js';
import { silentRemoteLogger, type RemoteLogger } from '../remote/remote-logger.js';
import { BackendPolicies } from './backend-policies.js';
import type { BackendHealth } from './backend-policy.js';
import { ChainedSimplifier, simplifyLink, type SimplifyLink } from './chained-simplifier.js';
import { ChainedSpeechRecognizer, recognizeLink, type RecognizeLink } from './chained-speech-recognizer.js';
import { ChainedSpeechSynthesizer, speakLink, type SpeakLink } from './chained-speech-synthesizer.js';
import { ChainedTranslator, translateLink, type TranslateLink } from './chained-translator.js';
import { ModelGuard } from './model-guard.js';

/** Breaker settings and the per-model guard, made first: the local model services need the guard. */
export function createBackendPolicies(config: Config, logger: RemoteLogger = silentRemoteLogger): { policies: BackendPolicies; modelGuard: ModelGuard } {
  const policies = new BackendPolicies({ failures: config.breakerFailures, halfOpenAfterMs: config.breakerHalfOpenSeconds * 1000, logger });
  const modelGuard = new ModelGuard({
    policies,
    timeoutMs: config.llmTimeoutSeconds * 1000,
    bulkhead: { concurrency: config.localModelConcurrency, queue: config.localModelQueue },
  });
  return { policies, modelGuard };
}

export interface FallbackServicesOptions {
  config: Config;
  policies: BackendPolicies;
  validator: Validator;
  /** The rule-based simplifier: the last simplify path. */
  ruleBased: Simplifier;
  /** The embedded voice (espeak-ng): the last speech path. */
  embeddedVoice: SpeechSynthesizer;
  /** Local paths tried before the API (localModelSimplifyLink and friends). Defaults to none. */
  local?: { simplify?: SimplifyLink[]; translate?: TranslateLink[]; recognize?: RecognizeLink[]; speak?: SpeakLink[] };
  /** Defaults to no logging. */
  logger?: RemoteLogger;
  /** Defaults to the global fetch (tests point it elsewhere). */
  fetch?: typeof fetch;
}

export interface FallbackServices {
  simplifier: ChainedSimplifier;
  translator: ChainedTranslator;
  recognizer: ChainedSpeechRecognizer;
  synthesizer: ChainedSpeechSynthesizer;
  policies: BackendPolicies;
  /** Synchronous, for /healthz: where the API is (host only, never the key) and every backend's breaker. */
  health(): { remoteApi: { host: string; chatModel: string | null; transcribeModel: string | null; speechModel: string | null } | null; backends: Record<string, BackendHealth> };
}

/**
 * The chains per task, from the configuration: local model -> remote API -> rule-based for
 * simplification; local -> API for translation and speech recognition; local voice -> API ->
 * espeak-ng for speech. The remote paths exist only when REMOTE_API_BASE_URL and the task's model
 * are set; each has a policy (timeout, breaker, bulkhead) named "remote-api <endpoint>", shared
 * by the tasks on that endpoint.
 */
export function createFallbackServices(options: FallbackServicesOptions): FallbackServices {
  const { config, policies, validator } = options;
  const logger = options.logger ?? silentRemoteLogger;
  const local = options.local ?? {};
  const client = config.remoteApiBaseUrl
    ? new OpenAiCompatibleClient({
        baseUrl: config.remoteApiBaseUrl,
        apiKey: config.remoteApiKey,
        maxRetries: config.remoteApiMaxRetries,
        maxRetryAfterMs: config.remoteApiMaxRetryAfterSeconds * 1000,
        logger,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      })
    : null;
  const remotePolicy = (endpoint: string) =>
    policies.get(`remote-api ${endpoint}`, { timeoutMs: config.remoteApiTimeoutSeconds * 1000, bulkhead: { concurrency: config.remoteApiConcurrency, queue: config.remoteApiQueue } });
  const chatModel = client && config.remoteApiChatModel ? config.remoteApiChatModel : null;
  const transcribeModel = client && config.remoteApiTranscribeModel ? config.remoteApiTranscribeModel : null;
  const speechModel = client && config.remoteApiSpeechModel ? config.remoteApiSpeechModel : null;

  const remoteSimplify = client && chatModel
    ? [simplifyLink(new RemoteSimplifier({ client, model: chatModel }), { path: 'remote-api', name: 'remote API', model: chatModel, policy: remotePolicy('chat'), validator })]
    : [];
  const remoteTranslate = client && chatModel
    ? [translateLink(new RemoteTranslator({ client, model: chatModel }), { path: 'remote-api', name: 'remote API', model: chatModel, policy: remotePolicy('chat'), validator })]
    : [];
  const remoteRecognize = client && transcribeModel
    ? [recognizeLink(new RemoteSpeechRecognizer({ client, model: transcribeModel }), { path: 'remote-api', name: 'remote API', model: transcribeModel, policy: remotePolicy('transcribe') })]
    : [];
  const remoteSpeak = client && speechModel
    ? [speakLink(new RemoteSpeechSynthesizer({ client, model: speechModel, voice: config.remoteApiSpeechVoice, speed: config.ttsSpeed }), { path: 'remote-api', name: 'remote API', model: speechModel, policy: remotePolicy('speech') })]
    : [];

  // The chain's own budget is a backstop behind the per-backend timeouts, which fire first and
  // count against the breakers: local time budget + API timeout + a little slack.
  const budgetMs = (config.llmTimeoutSeconds + config.remoteApiTimeoutSeconds) * 1000 + 2000;
  return {
    simplifier: new ChainedSimplifier({ links: [...(local.simplify ?? []), ...remoteSimplify], ruleBased: options.ruleBased, budgetMs, logger }),
    translator: new ChainedTranslator({ links: [...(local.translate ?? []), ...remoteTranslate], budgetMs, logger }),
    recognizer: new ChainedSpeechRecognizer({ links: [...(local.recognize ?? []), ...remoteRecognize], budgetMs, logger }),
    synthesizer: new ChainedSpeechSynthesizer({ links: [...(local.speak ?? []), ...remoteSpeak], lastResort: options.embeddedVoice, budgetMs, logger }),
    policies,
    health: () => ({
      remoteApi: client ? { host: client.host, chatModel, transcribeModel, speechModel } : null,
      backends: policies.health(),
    }),
  };
}
