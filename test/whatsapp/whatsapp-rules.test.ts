import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AllowedNumbers } from '../../adapters/whatsapp/allowed-numbers.js';
import { chooseLanguages, languageOfWords } from '../../adapters/whatsapp/choose-language.js';
import { GraphApiError } from '../../adapters/whatsapp/graph-api-error.js';
import { readChoice, settingsWord } from '../../adapters/whatsapp/settings-menu.js';
import { verifyHubSignature } from '../../adapters/whatsapp/verify-hub-signature.js';
import { isPermanentFailure } from '../../src/core/errors.js';

describe('whatsapp: platform rules', () => {
  it('decides what a Graph error means by its code first', () => {
    expect(new GraphApiError(400, 130429, 'rate').failure).toBe('rate-limit');
    expect(new GraphApiError(400, 131056, 'pair rate').failure).toBe('rate-limit');
    expect(new GraphApiError(429, null, 'too many').failure).toBe('rate-limit');
    expect(new GraphApiError(401, 190, 'expired').failure).toBe('auth');
    expect(new GraphApiError(400, 131047, 're-engagement').failure).toBe('permanent');
    expect(new GraphApiError(500, 131000, 'something went wrong').failure).toBe('transient');
    expect(new GraphApiError(0, null, 'network').failure).toBe('transient');
    expect(isPermanentFailure(new GraphApiError(400, 131047, 're-engagement'))).toBe(true);
    expect(isPermanentFailure(new GraphApiError(400, 130429, 'rate'))).toBe(false);
  });

  it('accepts only the HMAC-SHA256 of the raw body with the app secret', () => {
    const body = Buffer.from('{"object":"whatsapp_business_account"}');
    const good = `sha256=${createHmac('sha256', 'secret').update(body).digest('hex')}`;
    expect(verifyHubSignature(body, good, 'secret')).toBe(true);
    expect(verifyHubSignature(body, good.toUpperCase().replace('SHA256', 'sha256'), 'secret')).toBe(true);
    expect(verifyHubSignature(body, good, 'other')).toBe(false);
    expect(verifyHubSignature(Buffer.concat([body, Buffer.from(' ')]), good, 'secret')).toBe(false);
    expect(verifyHubSignature(body, undefined, 'secret')).toBe(false);
    expect(verifyHubSignature(body, 'sha1=abc', 'secret')).toBe(false);
  });

  it('picks the language: caption, then the user\'s choice, then the language they write in, then English', () => {
    expect(chooseLanguages({ caption: 'ta', chosen: 'hi', writesIn: 'bn', defaultLanguage: 'en' })).toEqual({ uiLanguage: 'ta', targetLanguage: 'ta' });
    expect(chooseLanguages({ chosen: 'hi', writesIn: 'bn', defaultLanguage: 'en' })).toEqual({ uiLanguage: 'hi', targetLanguage: 'hi' });
    expect(chooseLanguages({ chosen: 'same', writesIn: 'bn', defaultLanguage: 'en' })).toEqual({ uiLanguage: 'bn', targetLanguage: null });
    expect(chooseLanguages({ writesIn: 'bn', defaultLanguage: 'en' })).toEqual({ uiLanguage: 'bn', targetLanguage: 'bn' });
    expect(chooseLanguages({ defaultLanguage: 'hi' })).toEqual({ uiLanguage: 'en', targetLanguage: 'hi' });
    // The shared conversation language decides what the bot speaks: this message's script outranks an English past.
    expect(chooseLanguages({ writesIn: 'en', userText: 'வணக்கம்', defaultLanguage: 'en' }).uiLanguage).toBe('ta');
    expect(chooseLanguages({ chosen: 'same', writesIn: 'en', userText: 'नमस्ते', defaultLanguage: 'en' })).toEqual({ uiLanguage: 'hi', targetLanguage: null });
    expect(languageOfWords('মেঘ কীভাবে তৈরি হয়?')).toBe('bn');
    expect(languageOfWords('ok')).toBeUndefined();
  });

  it('reads only its own list row ids and the settings words in English and Hindi', () => {
    expect(readChoice('lang:ta')).toEqual({ kind: 'language', value: 'ta' });
    expect(readChoice('lang:same')).toEqual({ kind: 'language', value: 'same' });
    expect(readChoice('grade:12')).toEqual({ kind: 'grade', value: 12 });
    expect(readChoice('grade:13')).toBeNull();
    expect(readChoice('lang:xx')).toBeNull();
    expect(readChoice('lang:more:1')).toEqual({ kind: 'page', list: 'language', page: 1 });
    expect(readChoice('subj:social science')).toEqual({ kind: 'subject', value: 'social science' });
    expect(readChoice('subj:none')).toEqual({ kind: 'subject', value: 'none' });
    expect(readChoice('subj:astrology')).toBeNull();
    expect(settingsWord('विषय')).toBe('settings');
    expect(settingsWord('Settings')).toBe('settings');
    expect(settingsWord('सेटिंग्स')).toBe('settings');
    expect(settingsWord('HELP!')).toBe('help');
    expect(settingsWord('मदद')).toBe('help');
    expect(settingsWord('help me read this chapter')).toBeNull();
    // Greetings are small talk (one short answer), not the menu.
    expect(settingsWord('hi')).toBeNull();
    expect(settingsWord('नमस्ते')).toBeNull();
  });

  it('compares allowed numbers as digits, however they are written', () => {
    const allowed = new AllowedNumbers('+91 98765-43210, 15551234567, not-a-number');
    expect(allowed.allows('919876543210')).toBe(true);
    expect(allowed.allows('15551234567')).toBe(true);
    expect(allowed.allows('919876543211')).toBe(false);
    expect(allowed.invalid).toEqual(['not-a-number']);
    expect(new AllowedNumbers('').allows('1')).toBe(true);
  });
});
