import { audioFileName } from '../audio/audio-format.js';
import { InputRefusedError } from '../core/errors.js';
import { LANGUAGES } from '../core/languages.js';
import type { AcceptedInput, SpeechRecognizer } from '../core/ports.js';
import { detectLanguage } from '../text/detect-language.js';
import type { OpenAiCompatibleClient } from './openai-compatible-client.js';

export interface RemoteSpeechRecognizerOptions {
  client: OpenAiCompatibleClient;
  /** Transcription model name as the server knows it (e.g. whisper-1). */
  model: string;
}

/**
 * Turns a voice note into text through POST /audio/transcriptions. The note is sent as it came,
 * named with the extension of its real format (OpenAI-style servers tell the format by it); the
 * language is the one the server reports (verbose_json gives a name such as "hindi"), else the
 * one the text is written in, else the hint.
 */
export class RemoteSpeechRecognizer implements SpeechRecognizer {
  constructor(private readonly options: RemoteSpeechRecognizerOptions) {}

  async transcribe(input: AcceptedInput, options: { languageHint?: string; signal?: AbortSignal }): Promise<{ text: string; language: string }> {
    const hint = options.languageHint && LANGUAGES.has(options.languageHint) ? options.languageHint : undefined;
    const heard = await this.options.client.transcribe(
      { model: this.options.model, audio: input.bytes, filename: audioFileName(input.mime), mimeType: input.mime.split(';')[0]!.trim(), ...(hint ? { language: hint } : {}) },
      options.signal,
    );
    const text = heard.text.trim();
    if (!text) throw new InputRefusedError('no-speech', 'the remote API heard no speech');
    const reported = heard.language ? languageCode(heard.language) : undefined;
    const written = detectLanguage(text, hint ?? reported);
    return { text, language: reported ?? (written !== 'und' ? written : hint ?? 'und') };
  }
}

/** "hindi", "Hindi" or "hi" to "hi"; undefined for a language the service does not speak. */
export function languageCode(reported: string): string | undefined {
  const value = reported.trim().toLowerCase();
  if (LANGUAGES.has(value)) return value;
  for (const info of LANGUAGES.values()) {
    if (info.englishName.toLowerCase() === value) return info.code;
  }
  // Whisper's names that differ from ours.
  return ({ panjabi: 'pa', oriya: 'or', bangla: 'bn' } as Record<string, string>)[value];
}
