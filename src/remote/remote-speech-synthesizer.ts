import type { PcmAudio, SpeechSynthesizer } from '../core/ports.js';
import { chunkText } from '../text/chunk-text.js';
import { decodePcm16, decodeWav } from './decode-wav.js';
import type { OpenAiCompatibleClient } from './openai-compatible-client.js';
import { isRemoteApiError, RemoteApiError } from './remote-api-error.js';

export interface RemoteSpeechSynthesizerOptions {
  client: OpenAiCompatibleClient;
  /** Speech model name as the server knows it (e.g. tts-1). */
  model: string;
  /** Voice name. Defaults to alloy. */
  voice?: string;
  /**
   * What the server is asked for: wav (lossless, then encoded once to Ogg/Opus by us), opus (Ogg/Opus,
   * smaller on the wire, decoded and encoded again) or pcm (raw 16-bit at pcmSampleRate). Defaults to wav.
   */
  format?: 'wav' | 'opus' | 'pcm';
  /** Sample rate of raw pcm answers. Defaults to 24000 (OpenAI's). */
  pcmSampleRate?: number;
  /** Speed used when a request names none. Defaults to 1. */
  speed?: number;
  /** Most characters in one call (OpenAI takes 4096). Defaults to 4000. */
  maxCharsPerCall?: number;
}

/**
 * Reads text aloud through POST /audio/speech and returns mono PCM for the voice-note encoder.
 * Long text goes in several calls cut at sentence ends, and the pieces are joined.
 */
export class RemoteSpeechSynthesizer implements SpeechSynthesizer {
  private readonly format: 'wav' | 'opus' | 'pcm';
  private readonly maxChars: number;

  constructor(private readonly options: RemoteSpeechSynthesizerOptions) {
    this.format = options.format ?? 'wav';
    this.maxChars = options.maxCharsPerCall ?? 4000;
  }

  async synthesize(request: { text: string; language: string; speed?: number; signal?: AbortSignal }): Promise<PcmAudio> {
    const pieces = chunkText(request.text.trim(), this.maxChars).map((p) => p.trim()).filter(Boolean);
    if (pieces.length === 0) throw new RemoteApiError('nothing to read aloud', { isRetryable: false });
    const speed = Math.min(4, Math.max(0.25, request.speed ?? this.options.speed ?? 1));
    const parts: PcmAudio[] = [];
    for (const input of pieces) {
      request.signal?.throwIfAborted();
      const audio = await this.options.client.speech({ model: this.options.model, voice: this.options.voice ?? 'alloy', input, format: this.format, speed }, request.signal);
      parts.push(await this.decode(audio, request.signal));
    }
    const rate = parts[0]!.sampleRate;
    if (parts.some((p) => p.sampleRate !== rate)) throw new RemoteApiError('malformed answer: pieces came at different sample rates', { isRetryable: false });
    const samples = new Float32Array(parts.reduce((n, p) => n + p.samples.length, 0));
    let at = 0;
    for (const part of parts) {
      samples.set(part.samples, at);
      at += part.samples.length;
    }
    return { samples, sampleRate: rate };
  }

  private async decode(audio: Buffer, signal: AbortSignal | undefined): Promise<PcmAudio> {
    try {
      if (this.format === 'pcm') return decodePcm16(audio, this.options.pcmSampleRate ?? 24_000);
      if (this.format === 'opus') {
        // Imported on first use: the Opus decoder and resampler stay out of memory unless the API answers in Opus.
        const { decodeOggOpus } = await import('../audio/ogg-opus-decoder.js');
        return await decodeOggOpus(audio, { sampleRate: 48_000, maxSeconds: 3600, signal });
      }
      return decodeWav(audio);
    } catch (err) {
      if (signal?.aborted || isRemoteApiError(err)) throw err;
      throw new RemoteApiError(`malformed answer: the ${this.format} audio could not be decoded`, { isRetryable: false }, { cause: err });
    }
  }
}
