import { describe, expect, it } from 'vitest';
import { CIRCULARS } from '../../scripts/fixtures/circulars.js';
import { replyFooter, operatorHints } from '../../src/core/answer-chat-request.js';
import type { Pipeline } from '../../src/core/pipeline.js';
import type { TranslateRequest, Translator } from '../../src/core/ports.js';
import { TranslationFailedError } from '../../src/core/errors.js';
import { renderKeyFacts } from '../../src/core/key-facts.js';
import { extractNumbers } from '../../src/validate/extract-numbers.js';
import { toJsonReport } from '../../adapters/cli/process-command.js';
import { RuleBasedKeyFacts } from '../../src/key-facts/rule-based-key-facts.js';
import { speechPrefix } from '../../src/speak/speech-prefix.js';
import { UnavailableTranslator } from '../../src/translate/unavailable-translator.js';
import { HintRecordingPipeline, OperatorHintLog } from '../../src/app/operator-hint-log.js';
import { recordingPipeline, RECORDING_PIPELINE_LIMITS } from '../support/recording-pipeline.js';

/** The shared recording pipeline with key facts, a longer text limit and a voice-note length. */
function pipeline(spoken: string[], maxSpeechChars = 10_000, translator: Translator = new UnavailableTranslator()): Pipeline {
  return recordingPipeline(spoken, {
    limits: { ...RECORDING_PIPELINE_LIMITS, maxTextChars: 50_000 },
    translator,
    keyFacts: new RuleBasedKeyFacts(),
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

  describe('key facts in the reply language', () => {
    const circular = CIRCULARS.find((c) => c.id === 'en-sports-day')!;
    /** An English->Hindi translator that knows the block's values line by line; anything else is the reply body. */
    const VALUES: Record<string, string> = {
      'Saturday, 14 December 2024': 'शनिवार, 14 दिसंबर 2024',
      '9:00 AM to 1:00 PM': 'सुबह 9:00 बजे से दोपहर 1:00 बजे तक',
      'the school playground': 'विद्यालय का खेल मैदान',
      'a water bottle, a cap and their school ID card': 'पानी की बोतल, टोपी और अपना स्कूल ID कार्ड',
      'They should wear the house T-shirt with white shoes': 'वे हाउस की टी-शर्ट और सफ़ेद जूते पहनकर आएँ',
      // This translation loses the date's day: the source value must stay.
      '10 December 2024': 'दिसंबर 2024',
      'Rs. 150': '₹150',
    };
    function dictionaryTranslator(requests: TranslateRequest[], lines: (line: string) => string = (line) => VALUES[line] ?? line): Translator {
      return {
        async translate(request) {
          requests.push(request);
          const isBlock = request.text.split('\n\n').every((line) => line in VALUES);
          const text = isBlock ? request.text.split('\n\n').map(lines).join('\n') : 'विद्यालय 14 दिसंबर 2024 को खेल दिवस मनाएगा।';
          return { text, language: request.to, backend: { path: 'local-model', name: 'dictionary test translator' } };
        },
      };
    }
    const run = (translator: Translator, spoken: string[] = []) =>
      pipeline(spoken, 10_000, translator).run({ bytes: Buffer.from(circular.text), grade: 5, targetLanguage: 'hi', sourceLanguage: 'en', audio: true });

    it('translates the values in one request, keeps every number exactly and reads the translated block aloud', async () => {
      const requests: TranslateRequest[] = [];
      const spoken: string[] = [];
      const result = await run(dictionaryTranslator(requests), spoken);
      // One request for the reply, one for the whole block.
      expect(requests).toHaveLength(2);
      const facts = result.keyFacts!;
      expect(facts.language).toBe('hi');
      expect(facts.originalLanguage).toBe('en');
      expect(facts.translatedBy).toBe('dictionary test translator');
      const where = facts.facts.find((f) => f.kind === 'where')!;
      expect(where).toEqual({ kind: 'where', text: 'विद्यालय का खेल मैदान', original: 'the school playground' });
      expect(facts.facts.find((f) => f.kind === 'pay')).toEqual({ kind: 'pay', text: '₹150', original: 'Rs. 150' });
      for (const fact of facts.facts.filter((f) => f.original)) {
        const keys = (text: string) => extractNumbers(text).map((n) => n.keys[0]).sort();
        expect(keys(fact.text)).toEqual(keys(fact.original!));
      }
      // The value whose translation dropped a number keeps the source's text.
      expect(facts.facts.find((f) => f.kind === 'deadline')).toEqual({ kind: 'deadline', text: '10 December 2024' });
      expect(facts.facts).toHaveLength(7);
      // The operator's --json report has both: the value in the reply language and the source's.
      const report = JSON.parse(JSON.stringify(toJsonReport(result, null))) as { keyFacts: typeof facts };
      expect(report.keyFacts.facts).toContainEqual({ kind: 'when', text: 'शनिवार, 14 दिसंबर 2024', original: 'Saturday, 14 December 2024' });
      expect(report.keyFacts.originalLanguage).toBe('en');
      const block = renderKeyFacts(facts, result.final.language);
      expect(block).toContain('• कहाँ: विद्यालय का खेल मैदान');
      expect(block).not.toContain('the school playground');
      expect(spoken[0]).toContain('शनिवार, 14 दिसंबर 2024');
      expect(spoken[0]!.indexOf('₹150')).toBeLessThan(spoken[0]!.indexOf('खेल दिवस मनाएगा'));
    });

    it('keeps the source values when no translation comes back, or the lines do not match the facts', async () => {
      const found = (await run(new UnavailableTranslator())).keyFacts!;
      expect(found.language).toBe('en');
      expect(found.facts.find((f) => f.kind === 'where')).toEqual({ kind: 'where', text: 'the school playground' });

      const failing: Translator = {
        async translate(request) {
          if (request.text.split('\n\n').every((line) => line in VALUES)) throw new TranslationFailedError('translate: remote API: 503');
          return { text: 'विद्यालय 14 दिसंबर 2024 को खेल दिवस मनाएगा।', language: request.to, backend: { path: 'remote-api', name: 'api' } };
        },
      };
      const afterFailure = await run(failing);
      expect(afterFailure.translated).not.toBeNull();
      expect(afterFailure.keyFacts).toEqual(found);

      // A translator that merged two lines: no value can be matched to its fact, so none is taken.
      const merged = await run(dictionaryTranslator([], (line) => (line === 'Rs. 150' ? '' : VALUES[line]!)));
      expect(merged.keyFacts).toEqual(found);
    });
  });
});
