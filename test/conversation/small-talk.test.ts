import { describe, expect, it } from 'vitest';
import { detectSmallTalk } from '../../src/conversation/small-talk.js';

describe('detectSmallTalk', () => {
  it('knows greetings in the 13 languages and in romanised Hindi', () => {
    const greetings = [
      'hello', 'Hello bot!', 'Good morning', 'namaste ji 🙏', 'नमस्ते', 'নমস্কার', 'வணக்கம்', 'నమస్కారం', 'ನಮಸ್ಕಾರ', 'നമസ്കാരം', 'नमस्कार', 'નમસ્તે',
      'ਸਤ ਸ੍ਰੀ ਅਕਾਲ', 'ନମସ୍କାର', 'السلام علیکم', 'নমস্কাৰ',
    ];
    for (const text of greetings) expect(detectSmallTalk(text), text).toBe('greeting');
  });

  it('knows thanks, and questions about the bot itself', () => {
    for (const text of ['thanks', 'Thank you so much sir', 'dhanyavad', 'shukriya', 'धन्यवाद', 'நன்றி', 'ধন্যবাদ', 'ధన్యవాదాలు', 'شکریہ', 'ok 👍']) expect(detectSmallTalk(text), text).toBe('thanks');
    for (const text of ['who are you?', 'What can you do', 'help', 'आप कौन हैं?', 'நீங்கள் யார்?', 'aap kaun ho']) expect(detectSmallTalk(text), text).toBe('about');
  });

  it('tells a question about a document from small talk, and says it is a question', () => {
    for (const text of ['what is photosynthesis?', 'hi, what is photosynthesis?', 'प्रकाश संश्लेषण क्या है?', 'ஒளிச்சேர்க்கை என்றால் என்ன?', 'Why do leaves fall']) {
      expect(detectSmallTalk(text), text).toBe('question');
    }
  });

  it('calls a message of a few words too short, and leaves real text to the pipeline', () => {
    expect(detectSmallTalk('Photosynthesis.')).toBe('too-short');
    expect(detectSmallTalk('hello world')).toBe('too-short');
    expect(detectSmallTalk('Clouds bring rain.')).toBeNull();
    expect(detectSmallTalk('Plants make their own food by a process called photosynthesis. Green leaves contain chlorophyll.')).toBeNull();
    expect(detectSmallTalk('पौधे प्रकाश संश्लेषण नामक प्रक्रिया से अपना भोजन स्वयं बनाते हैं।')).toBeNull();
    // A passage that happens to end with a question is not a question to the bot.
    const passage = `${'Water moves from the ground to the clouds and back again in a cycle that never stops. '.repeat(3)}Can you name its stages?`;
    expect(detectSmallTalk(passage)).toBeNull();
  });
});
