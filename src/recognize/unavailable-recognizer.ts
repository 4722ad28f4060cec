import { InputRefusedError } from '../core/errors.js';
import type { AcceptedInput, SpeechRecognizer } from '../core/ports.js';

/** The embedded default until a speech model or API is configured: voice notes get a clear refusal. */
export class UnavailableRecognizer implements SpeechRecognizer {
  async transcribe(_input: AcceptedInput): Promise<{ text: string; language: string }> {
    throw new InputRefusedError('speech-not-installed', 'speech recognition is not installed: no local model and no API configured');
  }
}
