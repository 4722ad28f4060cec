import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readOnnxMetadata } from './onnx-metadata.js';

/**
 * The CTC model families sherpa-onnx runs, by the key of its model config that loads them.
 * 'omnilingual' is Meta's Omnilingual ASR CTC (1600+ languages, all of ours): it reads the raw
 * waveform rather than features, and its blank is token 0 with no <blk> in tokens.txt, which only
 * its own config key makes sherpa-onnx accept.
 */
export type CtcFamily = 'nemoCtc' | 'tdnn' | 'zipformerCtc' | 'wenetCtc' | 'omnilingual';

export type RecognizerLayout =
  | { kind: 'recognizer'; type: 'whisper'; encoder: string; decoder: string; tokens: string; multilingual: boolean; languages: string[] }
  | { kind: 'recognizer'; type: 'transducer' | 'nemo-transducer'; encoder: string; decoder: string; joiner: string; tokens: string }
  | { kind: 'recognizer'; type: 'ctc'; family: CtcFamily; model: string; tokens: string }
  | { kind: 'recognizer'; type: 'paraformer' | 'sense-voice'; model: string; tokens: string };

export interface VoiceLayout {
  kind: 'voice';
  type: 'vits';
  model: string;
  tokens: string;
  /** Piper and Coqui phoneme voices read text through espeak-ng with this data directory. */
  dataDir?: string;
  lexicon?: string;
  sampleRate: number;
  /** The language named in the model's metadata, e.g. "Hindi"; informative only. */
  language: string;
}

export interface VadLayout {
  kind: 'vad';
  type: 'silero';
  model: string;
}

export type SpeechModelLayout = (RecognizerLayout | VoiceLayout | VadLayout) & {
  /** Bytes of the ONNX files that get loaded: the base of the memory estimate. */
  modelBytes: number;
};

export type SpeechModelKind = SpeechModelLayout['kind'];

/** The model directory holds nothing sherpa-onnx can load, or not all of what it needs. */
export class SpeechModelLayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpeechModelLayoutError';
  }
}

const NEMO_CTC = new Set(['EncDecCTCModelBPE', 'EncDecCTCModel', 'EncDecHybridRNNTCTCBPEModel']);
// model_type metadata -> config key. 'omnilingual-asr' is what sherpa-onnx's export
// (scripts/omnilingual-asr/export-onnx.py) writes.
const CTC_FAMILY: Record<string, CtcFamily> = { tdnn: 'tdnn', zipformer2_ctc: 'zipformerCtc', wenet_ctc: 'wenetCtc', 'omnilingual-asr': 'omnilingual' };

/**
 * Finds what kind of sherpa-onnx model a directory holds, and its files, from the file names that
 * sherpa-onnx's published packages use and the model's own ONNX metadata (read without loading
 * the model): Whisper (encoder + decoder + tokens), transducers (+ joiner), the CTC families
 * (Omnilingual ASR among them), Paraformer, SenseVoice, VITS voices (Piper, Coqui, MMS, plain
 * VITS) and the Silero VAD. Int8 files are preferred where a package ships both: a quarter of the
 * memory for little accuracy.
 * Throws SpeechModelLayoutError when something needed is missing.
 */
export async function detectSpeechModel(dir: string): Promise<SpeechModelLayout> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new SpeechModelLayoutError(`cannot read ${dir}: ${err.code ?? err.message}`);
  });
  const files = entries.filter((e) => e.isFile()).map((e) => e.name);
  const onnx = files.filter((f) => f.endsWith('.onnx'));
  const file = (name: string) => path.join(dir, name);
  const bytes = async (...names: string[]) => (await Promise.all(names.map((n) => stat(n)))).reduce((sum, s) => sum + s.size, 0);

  const vad = onnx.find((f) => /silero[_-]?vad/iu.test(f));
  if (vad) return { kind: 'vad', type: 'silero', model: file(vad), modelBytes: await bytes(file(vad)) };

  const tokensName = files.find((f) => f === 'tokens.txt') ?? files.find((f) => f.endsWith('-tokens.txt'));
  const tokens = tokensName ? file(tokensName) : undefined;
  const needTokens = (): string => {
    if (!tokens) throw new SpeechModelLayoutError(`no tokens.txt in ${dir}`);
    return tokens;
  };

  const encoder = pick(onnx, 'encoder');
  const decoder = pick(onnx, 'decoder');
  const joiner = pick(onnx, 'joiner');
  if (encoder && decoder) {
    const meta = (await readOnnxMetadata(file(encoder))) ?? new Map<string, string>();
    if (joiner) {
      const type = /^EncDec/u.test(meta.get('model_type') ?? '') ? 'nemo-transducer' : 'transducer';
      const layout = { kind: 'recognizer', type, encoder: file(encoder), decoder: file(decoder), joiner: file(joiner), tokens: needTokens() } as const;
      return { ...layout, modelBytes: await bytes(layout.encoder, layout.decoder, layout.joiner) };
    }
    if (meta.has('is_multilingual') || meta.has('n_mels') || (meta.get('model_type') ?? '').startsWith('whisper')) {
      const layout = {
        kind: 'recognizer',
        type: 'whisper',
        encoder: file(encoder),
        decoder: file(decoder),
        tokens: needTokens(),
        multilingual: meta.get('is_multilingual') === '1',
        languages: (meta.get('all_language_codes') ?? '').split(',').map((c) => c.trim()).filter(Boolean),
      } as const;
      return { ...layout, modelBytes: await bytes(layout.encoder, layout.decoder) };
    }
    throw new SpeechModelLayoutError(`${dir} has an encoder and a decoder but is neither Whisper nor a transducer`);
  }

  const single = pick(onnx, '');
  if (!single) throw new SpeechModelLayoutError(`no .onnx model in ${dir}`);
  const model = file(single);
  const meta = await readOnnxMetadata(model);
  if (!meta) throw new SpeechModelLayoutError(`${single} is not a readable ONNX model`);
  const modelType = meta.get('model_type') ?? '';
  const modelBytes = await bytes(model);

  if (meta.has('sample_rate') && meta.has('n_speakers')) {
    if (!tokens) throw new SpeechModelLayoutError(`no tokens.txt in ${dir}`);
    const dataDir = path.join(dir, 'espeak-ng-data');
    const hasData = await stat(path.join(dataDir, 'phontab')).then((s) => s.isFile(), () => false);
    const comment = meta.get('comment') ?? '';
    if (/piper|coqui/iu.test(comment) && !hasData && meta.get('frontend') !== 'characters') {
      throw new SpeechModelLayoutError(`${dir} is a Piper/Coqui voice but has no espeak-ng-data directory`);
    }
    const lexicon = files.includes('lexicon.txt') ? file('lexicon.txt') : undefined;
    if (!hasData && !lexicon && meta.get('frontend') !== 'characters') {
      throw new SpeechModelLayoutError(`${dir} is a VITS voice with neither espeak-ng-data, lexicon.txt nor a character front end`);
    }
    const sampleRate = Number(meta.get('sample_rate'));
    if (!Number.isInteger(sampleRate) || sampleRate < 8_000 || sampleRate > 48_000) throw new SpeechModelLayoutError(`${single} has an odd sample_rate`);
    return {
      kind: 'voice',
      type: 'vits',
      model,
      tokens,
      ...(hasData ? { dataDir } : {}),
      ...(lexicon ? { lexicon } : {}),
      sampleRate,
      language: meta.get('language') ?? '',
      modelBytes,
    };
  }
  if (NEMO_CTC.has(modelType)) return { kind: 'recognizer', type: 'ctc', family: 'nemoCtc', model, tokens: needTokens(), modelBytes };
  const family = CTC_FAMILY[modelType];
  if (family) return { kind: 'recognizer', type: 'ctc', family, model, tokens: needTokens(), modelBytes };
  if (modelType === 'paraformer') return { kind: 'recognizer', type: 'paraformer', model, tokens: needTokens(), modelBytes };
  if (meta.has('lang_auto') && meta.has('with_itn')) return { kind: 'recognizer', type: 'sense-voice', model, tokens: needTokens(), modelBytes };
  throw new SpeechModelLayoutError(`${single} is no speech model type this service runs (model_type "${modelType.slice(0, 40)}")`);
}

/** The .onnx file whose name contains `part`, preferring the int8 export. */
function pick(onnx: string[], part: string): string | undefined {
  const matches = onnx.filter((f) => f.includes(part) && !/silero/iu.test(f)).sort();
  return matches.find((f) => f.endsWith('.int8.onnx')) ?? matches[0];
}
