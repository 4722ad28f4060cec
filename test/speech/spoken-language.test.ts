import { describe, expect, it } from 'vitest';
import { judgeSpokenLanguage } from '../../src/speech/spoken-language.js';

describe('judgeSpokenLanguage', () => {
  it('is sure when the speech agrees on one of our languages, in its script', () => {
    expect(judgeSpokenLanguage([{ language: 'ta', text: 'பள்ளி நாளை', seconds: 3 }])).toEqual({ language: 'ta', confidence: 1, sure: true });
  });

  it('weighs pieces by their seconds of speech', () => {
    const guess = judgeSpokenLanguage([
      { language: 'hi', text: 'स्कूल कल बंद है', seconds: 8 },
      { language: 'mr', text: 'शाळा उद्या', seconds: 2 },
    ]);
    expect(guess).toEqual({ language: 'hi', confidence: 0.8, sure: true });
  });

  it('counts speech identified as a language we do not serve, or written in the wrong script, against it', () => {
    expect(judgeSpokenLanguage([{ language: 'fr', text: 'bonjour', seconds: 2 }])).toEqual({ language: 'und', confidence: 0, sure: false });
    // Urdu identified, but the words came out in Devanagari: not a vote for Urdu.
    expect(judgeSpokenLanguage([{ language: 'ur', text: 'स्कूल', seconds: 2 }, { language: 'hi', text: 'नमस्ते', seconds: 1 }])).toEqual({ language: 'hi', confidence: 0.33, sure: false });
  });

  it('takes the threshold it is given', () => {
    const pieces = [{ language: 'bn', text: 'স্কুল', seconds: 6 }, { language: 'as', text: 'বিদ্যালয়', seconds: 4 }];
    expect(judgeSpokenLanguage(pieces).sure).toBe(false);
    expect(judgeSpokenLanguage(pieces, 0.6)).toEqual({ language: 'bn', confidence: 0.6, sure: true });
  });

  it('is unsure of nothing heard', () => {
    expect(judgeSpokenLanguage([])).toEqual({ language: 'und', confidence: 0, sure: false });
  });
});
