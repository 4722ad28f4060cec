// The package ships no types; this is the part of its API (its post.js glue) that we use.
declare module '@echogarden/espeak-ng-emscripten' {
  export interface EspeakVoiceInfo {
    name: string;
    /** Path under espeak-ng-data/voices, e.g. "inc/hi". */
    identifier: string;
    languages: Array<{ priority: number; name: string }>;
  }

  export interface EspeakWorker {
    /** 0 on success, non-zero when no voice matches. */
    set_voice(name: string): number;
    /** Words per minute. */
    set_rate(wordsPerMinute: number): void;
    get_rate(): number;
    get_samplerate(): number;
    list_voices(): EspeakVoiceInfo[];
    /**
     * Synthesises text (SSML markup is honoured) synchronously, handing 16-bit PCM chunks to the
     * callback; returning true from the callback stops synthesis.
     */
    synthesize(text: string, callback: (samples: Int16Array | null, events: unknown[]) => boolean): void;
    __destroy__(): void;
  }

  export interface EspeakModule {
    eSpeakNGWorker: new () => EspeakWorker;
  }

  const initialize: (moduleArg?: Record<string, unknown>) => Promise<EspeakModule>;
  export default initialize;
}
