import { describe, expect, it } from 'vitest';
import { parseCaptionOptions } from '../../adapters/shared/caption-options.js';
import { ChatSettings, telegramUiLanguage } from '../../adapters/telegram/chat-settings.js';

describe('parseCaptionOptions', () => {
  it.each([
    ['grade 5 tamil', { grade: 5, language: 'ta' }],
    ['Class 7 hi', { grade: 7, language: 'hi' }],
    ['कक्षा 5 हिंदी', { grade: 5, language: 'hi' }],
    ['कक्षा ५ हिन्दी में', { grade: 5, language: 'hi' }],
    ['5th std', { grade: 5 }],
    ['8वीं कक्षा, मराठी', { grade: 8, language: 'mr' }],
    ['STD 10 in Bangla please', { grade: 10, language: 'bn' }],
    ['grade 3 தமிழ்', { grade: 3, language: 'ta' }],
    ['odia', { language: 'or' }],
    ['ta', { language: 'ta' }],
  ])('reads %j', (caption, expected) => {
    expect(parseCaptionOptions(caption)).toEqual(expected);
  });

  it.each([
    ['Chapter 5: Photosynthesis', {}],
    ['as simple as possible or shorter', {}],
    ['class 15', {}],
    ['grade 0', {}],
    ['<script>alert(1)</script> grade', {}],
    ['', {}],
  ])('sets nothing from %j', (caption, expected) => {
    expect(parseCaptionOptions(caption)).toEqual(expected);
  });

  it('keeps a language named in a sentence but not a bare code in one', () => {
    expect(parseCaptionOptions('explain this page in Hindi for my son')).toEqual({ language: 'hi' });
    expect(parseCaptionOptions('hi can you explain this page')).toEqual({});
  });

  it('stays cheap on hostile input', () => {
    const started = performance.now();
    expect(parseCaptionOptions('grade '.repeat(200_000))).toEqual({});
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('ChatSettings.resolve', () => {
  const settings = new ChatSettings({ store: undefined as never, defaultGrade: 5, defaultLanguage: 'en' });

  it('answers a Hindi-UI parent in Hindi until they choose, an English-UI one in DEFAULT_LANGUAGE', () => {
    expect(settings.resolve({}, 'hi')).toEqual({ uiLanguage: 'hi', targetLanguage: 'hi', spokenLanguage: null, grade: 5 });
    expect(settings.resolve({}, 'en-US')).toEqual({ uiLanguage: 'en', targetLanguage: 'en', spokenLanguage: null, grade: 5 });
    expect(settings.resolve({}, 'de')).toEqual({ uiLanguage: 'en', targetLanguage: 'en', spokenLanguage: null, grade: 5 });
  });

  it('puts the chat choice over the Telegram language and the caption over both', () => {
    expect(settings.resolve({ language: 'ta', grade: 8 }, 'hi')).toEqual({ uiLanguage: 'ta', targetLanguage: 'ta', spokenLanguage: 'ta', grade: 8 });
    expect(settings.resolve({ language: 'same' }, 'hi')).toEqual({ uiLanguage: 'hi', targetLanguage: null, spokenLanguage: null, grade: 5 });
    expect(settings.resolve({ language: 'ta', grade: 8 }, 'hi', { grade: 2, language: 'bn' })).toEqual({ uiLanguage: 'ta', targetLanguage: 'bn', spokenLanguage: 'ta', grade: 2 });
  });

  it('ignores stored values it does not know', () => {
    expect(settings.resolve({ language: 'xx', grade: 40 }, undefined)).toEqual({ uiLanguage: 'en', targetLanguage: 'en', spokenLanguage: null, grade: 5 });
    expect(telegramUiLanguage('pt-br')).toBe('en');
    expect(telegramUiLanguage('ta-IN')).toBe('ta');
  });
});
