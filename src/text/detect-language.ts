import { countScripts, type Script } from '../core/languages.js';

// Letters only one language of a shared script uses. Assamese writes ৰ and ৱ where Bengali writes র and ব.
const ASSAMESE_LETTERS = /[ৰৱ]/u;
// Frequent Marathi function words that Hindi does not use.
const MARATHI_WORDS = /(?:^|\s)(?:आहे|आहेत|आणि|नाही|होते|करून|त्यांनी|म्हणून|मध्ये|आपल्या|याचा|त्याचा|केली|झाले)(?=$|[\s,.।])/gu;
const HINDI_WORDS = /(?:^|\s)(?:है|हैं|और|नहीं|था|थे|के|की|में|से|को|यह|वह|लिए|किया)(?=$|[\s,.।])/gu;

const LANGUAGE_OF_SCRIPT: Partial<Record<Script, string>> = {
  Latin: 'en',
  Tamil: 'ta',
  Telugu: 'te',
  Kannada: 'kn',
  Malayalam: 'ml',
  Gujarati: 'gu',
  Gurmukhi: 'pa',
  Oriya: 'or',
  Arabic: 'ur',
};

/**
 * The language a text is written in, told from its script; where two supported languages share a
 * script (hi/mr, bn/as) a hint wins, else letters or frequent words decide. 'und' without letters.
 */
export function detectLanguage(text: string, hint?: string): string {
  const counts = countScripts(text);
  let script: Script | null = null;
  let best = 0;
  for (const [s, n] of counts) {
    if (n > best) {
      script = s;
      best = n;
    }
  }
  if (!script) return 'und';
  if (script === 'Devanagari') {
    if (hint === 'hi' || hint === 'mr') return hint;
    const marathi = text.match(MARATHI_WORDS)?.length ?? 0;
    const hindi = text.match(HINDI_WORDS)?.length ?? 0;
    return marathi > hindi ? 'mr' : 'hi';
  }
  if (script === 'Bengali') {
    if (hint === 'bn' || hint === 'as') return hint;
    return ASSAMESE_LETTERS.test(text) ? 'as' : 'bn';
  }
  return LANGUAGE_OF_SCRIPT[script] ?? 'und';
}
