import { describe, expect, it } from 'vitest';
import { CIRCULARS } from '../../scripts/fixtures/circulars.js';
import { replyFooter, operatorHints } from '../../src/core/answer-chat-request.js';
import { Pipeline } from '../../src/core/pipeline.js';
import type { PcmAudio } from '../../src/core/ports.js';
import { PlainTextExtractor } from '../../src/extract/text-extractor.js';
import { acceptInput } from '../../src/intake/accept-input.js';
import { RuleBasedKeyFacts } from '../../src/key-facts/rule-based-key-facts.js';
import { UnavailableRecognizer } from '../../src/recognize/unavailable-recognizer.js';
import { RuleBasedSimplifier } from '../../src/simplify/rule-based/rule-based-simplifier.js';
import { speechPrefix } from '../../src/speak/speech-prefix.js';
import { UnavailableTranslator } from '../../src/translate/unavailable-translator.js';
import { TextValidator } from '../../src/validate/text-validator.js';
import { HintRecordingPipeline, OperatorHintLog } from '../../src/app/operator-hint-log.js';

const LIMITS = { maxBytes: 1e6, maxPdfPages: 5, maxImagePixels: 1e6, maxDocxUncompressedBytes: 1e6, maxDocxCompressionRatio: 100, maxTextChars: 50_000, maxAudioSeconds: 60 };

function pipeline(spoken: string[], maxSpeechChars = 10_000): Pipeline {
  return new Pipeline({
    accept: acceptInput,
    limits: LIMITS,
    extractors: [new PlainTextExtractor()],
    recognizer: new UnavailableRecognizer(),
    simplifier: new RuleBasedSimplifier(),
    translator: new UnavailableTranslator(),
    validator: new TextValidator(),
    keyFacts: new RuleBasedKeyFacts(),
    synthesizer: {
      async synthesize({ text }): Promise<PcmAudio> {
        spoken.push(text);
        return { samples: new Float32Array(16000), sampleRate: 16000 };
      },
    },
    encoder: { encode: async () => Buffer.from('OggS') },
    speechText: (text, language) => speechPrefix(text, language, maxSpeechChars),
  });
}

describe('Pipeline: notices, key facts and who reads what', () => {
  it('finds a circular\'s key facts and reads them first in the voice note', async () => {
    const spoken: string[] = [];
    const circular = CIRCULARS.find((c) => c.id === 'hi-sports-day')!;
    const result = await pipeline(spoken).run({ bytes: Buffer.from(circular.text), grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: true });
    expect(result.keyFacts?.facts.map((f) => f.kind)).toEqual(expect.arrayContaining(['when', 'time', 'where', 'bring', 'pay', 'deadline']));
    expect(spoken[0]!.startsWith('आपको क्या करना है।')).toBe(true);
    expect(spoken[0]!.indexOf('₹150')).toBeLessThan(spoken[0]!.indexOf('सूचना'));
    expect(result.timingsMs.facts).toBeGreaterThanOrEqual(0);
  });

  it('gives a textbook page no block', async () => {
    const result = await pipeline([]).run({ bytes: Buffer.from('Plants make their own food. They use sunlight, water and air. This is called photosynthesis.'), grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: false });
    expect(result.keyFacts).toBeNull();
  });

  it('writes notes for the chat in the reader\'s language and keeps the operator\'s hint for the CLI, the log and /healthz', async () => {
    const page = 'पौधे प्रकाश संश्लेषण नामक प्रक्रिया से अपना भोजन स्वयं बनाते हैं। हरी पत्तियों में क्लोरोफिल होता है।';
    const log = new OperatorHintLog();
    const result = await new HintRecordingPipeline(pipeline([]), log).run({ bytes: Buffer.from(page), grade: 5, targetLanguage: 'ta', sourceLanguage: 'auto', audio: false });
    // The CLI's warnings keep the full hint, in the page's language.
    expect(result.warnings.join(' ')).toContain('shikshasetu models pull');
    const footer = replyFooter(result, 'ta');
    expect(footer).toContain('தமிழ் பதில்கள் இன்னும் கிடைக்கவில்லை; இதோ இந்தி மொழியில்.');
    expect(footer).not.toMatch(/models pull|API|[\u0900-\u097F]/u);
    expect(operatorHints(result).join(' ')).toMatch(/no translation hi->ta: pull a translation model \(shikshasetu models pull\)/);
    expect(log.snapshot().map((e) => e.hint).join(' ')).toContain('no translation hi->ta');
  });

  it('says in the footer, not the chat body, when the voice note stops early; with a document it says the rest is there', async () => {
    const long = Array.from({ length: 60 }, (_, i) => `Sentence ${i + 1} tells the class about the water cycle.`).join(' ');
    const result = await pipeline([], 200).run({ bytes: Buffer.from(long), grade: 5, targetLanguage: null, sourceLanguage: 'auto', audio: true });
    expect(replyFooter(result, 'hi')).toContain('वॉइस नोट में पहला हिस्सा पढ़ा गया है; पूरा पाठ संदेश में है।');
    expect(replyFooter(result, 'hi', { document: true })).toContain('वॉइस नोट में पहला हिस्सा पढ़ा गया है; बाकी दस्तावेज़ में है।');
  });
});
