import { describe, expect, it } from 'vitest';
import type { OcrEngine } from '../../src/core/ports.js';
import { cleanOcrText } from '../../src/extract/ocr/clean-ocr-text.js';
import { detectScript } from '../../src/extract/ocr/detect-script.js';
import { textFromBlocks } from '../../src/extract/ocr/text-from-blocks.js';

const words = (line: string, confidence = 90): Array<{ text: string; confidence: number }> => line.split(' ').map((text) => ({ text, confidence }));

describe('textFromBlocks', () => {
  it('keeps paragraphs apart, joins their lines and mends words broken at a line end', () => {
    const result = textFromBlocks([
      { paragraphs: [{ lines: [{ words: words('Green leaves make food by photo-') }, { words: words('synthesis in sunlight.') }] }] },
      { paragraphs: [{ lines: [{ words: words('Roots take in water.', 50) }] }, { lines: [{ words: [] }] }] },
    ]);
    expect(result.text).toBe('Green leaves make food by photosynthesis in sunlight.\n\nRoots take in water.');
    expect(result.words).toBe(13);
    // Weighted by length: 47 characters at 0.9, 17 at 0.5.
    expect(result.confidence).toBeCloseTo((0.9 * 47 + 0.5 * 17) / 64, 5);
  });

  it('keeps a hyphen before a capital or a number', () => {
    expect(textFromBlocks([{ paragraphs: [{ lines: [{ words: words('Anglo-') }, { words: words('Saxon') }] }] }]).text).toBe('Anglo- Saxon');
  });
});

describe('cleanOcrText', () => {
  it('drops the joiners and marks OCR models leave and tidies spaces', () => {
    expect(cleanOcrText('தாவரங்கள்\u200C  உணவு')).toBe('தாவரங்கள் உணவு');
    expect(cleanOcrText('\u200Fپودے\u200E ۲')).toBe('پودے ۲');
    expect(cleanOcrText('ﬁsh  and\tﬂowers\n\n\n second ')).toBe('fish and flowers\n\nsecond');
    expect(cleanOcrText('സസ്യങ്ങള്\u200D')).toBe('സസ്യങ്ങൾ');
  });
});

describe('detectScript', () => {
  // An engine whose confidence depends only on the model asked for; anything else it is asked throws.
  const engineScoring = (scores: Record<string, number>, asked: string[]): OcrEngine => ({
    async recognize(_image, options) {
      const model = options.languages.join('+');
      asked.push(model);
      if (!(model in scores)) throw new Error(`unexpected model ${model}`);
      return { text: '', confidence: scores[model]! };
    },
    close: () => Promise.reject(new Error('not implemented')),
  });

  it('stops at the first model that reads the sample confidently, trying recent scripts first', async () => {
    const asked: string[] = [];
    const guess = await detectScript(engineScoring({ tam: 0.2, hin: 0.93 }, asked), Buffer.alloc(0), { tryFirst: ['Tamil', 'Devanagari'] });
    expect(guess.script).toBe('Devanagari');
    expect(asked).toEqual(['tam', 'hin']);
  });

  it('tries every script once and keeps the best when none is confident', async () => {
    const asked: string[] = [];
    const scores = { eng: 0.3, hin: 0.2, ben: 0.7, tam: 0.1, tel: 0.2, kan: 0.2, mal: 0.1, guj: 0.3, pan: 0.3, ori: 0.4, urd: 0.2 };
    const guess = await detectScript(engineScoring(scores, asked), Buffer.alloc(0));
    expect(guess.script).toBe('Bengali');
    expect(guess.confidence).toBe(0.7);
    expect([...asked].sort()).toEqual(Object.keys(scores).sort());
  });
});
