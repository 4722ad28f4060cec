import { describe, expect, it } from 'vitest';
import { conversationLanguage, languageFromLocale, languageOfUserText } from '../../src/conversation/conversation-language.js';

describe('conversationLanguage', () => {
  it('takes the language the message asks for first, then the chosen one, then the app language', () => {
    expect(conversationLanguage({ requested: 'hi', chosen: 'ta', appLocale: 'en' })).toBe('hi');
    expect(conversationLanguage({ chosen: 'ta', appLocale: 'bn-IN' })).toBe('ta');
    expect(conversationLanguage({ appLocale: 'bn-IN', userText: 'வணக்கம்' })).toBe('bn');
    expect(conversationLanguage({})).toBe('en');
  });

  it('lets the script a user writes in outrank an English app, but not a chosen language', () => {
    expect(conversationLanguage({ appLocale: 'en-US', userText: 'வணக்கம்' })).toBe('ta');
    expect(conversationLanguage({ userText: 'नमस्ते, यह पन्ना देखिए' })).toBe('hi');
    expect(conversationLanguage({ chosen: 'en', userText: 'नमस्ते' })).toBe('en');
    // Latin script says nothing about the reader: romanised Hindi and English look alike.
    expect(conversationLanguage({ appLocale: 'en', userText: 'namaste' })).toBe('en');
  });

  it('ignores what it does not speak', () => {
    expect(conversationLanguage({ requested: 'xx', chosen: 'same', appLocale: 'fr-FR' })).toBe('en');
    expect(languageFromLocale('pa-Guru-IN')).toBe('pa');
    expect(languageFromLocale('')).toBeNull();
    expect(languageOfUserText('12345 !!')).toBeNull();
    expect(languageOfUserText('আমি বাংলায় লিখি')).toBe('bn');
  });
});
