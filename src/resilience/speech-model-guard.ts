import type { Config } from '../../config/settings.js';
import type { SpeechModelGuard } from '../speech/speech-call-policy.js';
import type { BackendPolicies } from './backend-policies.js';

/**
 * A BackendPolicy per installed speech model, named "local-speech <id>" in logs and /healthz:
 * SPEECH_RECOGNIZE_TIMEOUT_SECONDS or SPEECH_VOICE_TIMEOUT_SECONDS per call (a load, one piece of
 * a note, one sentence), the shared breaker settings, and the local-model bulkhead (a model's
 * process serves one call at a time, so waiting callers queue here, where waiting is not counted
 * against the model). A hanging or crashing model opens its breaker and is passed over: the
 * remote API, or espeak-ng for speech, serves until a test call finds it well again.
 */
export function speechModelGuard(policies: BackendPolicies, config: Config): SpeechModelGuard {
  return ({ id, kind }) =>
    policies.get(`local-speech ${id}`, {
      timeoutMs: (kind === 'recognizer' ? config.speechRecognizeTimeoutSeconds : config.speechVoiceTimeoutSeconds) * 1000,
      bulkhead: { concurrency: config.localModelConcurrency, queue: config.localModelQueue },
    });
}
