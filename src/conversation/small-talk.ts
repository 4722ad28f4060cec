import type { MessageKey } from '../core/messages.js';

/** What a short message is, when it is not something to simplify. */
export type SmallTalkKind = 'greeting' | 'thanks' | 'about' | 'question' | 'too-short';

/** The sentence each kind is answered with. */
export const SMALL_TALK_REPLY: Readonly<Record<SmallTalkKind, MessageKey>> = {
  greeting: 'conversation.greeting',
  thanks: 'conversation.thanks',
  about: 'conversation.about',
  question: 'conversation.question',
  'too-short': 'conversation.too-short',
};

/**
 * Phrases of each kind in the 13 languages and in romanised Hindi, lower case. A message counts
 * as small talk when, with these phrases and a few friendly filler words taken out, nothing is
 * left. Phrases, not single-word lookups, so "how are you" is a greeting and "are" alone is not.
 */
const PHRASES: Readonly<Record<Exclude<SmallTalkKind, 'question' | 'too-short'>, readonly string[]>> = {
  greeting: [
    'hi', 'hii', 'hiii', 'hello', 'helo', 'hey', 'hai', 'good morning', 'good afternoon', 'good evening', 'good night', 'gm', 'start', 'how are you',
    'namaste', 'namaskar', 'namaskaar', 'namaskaram', 'namashkar', 'pranam', 'ram ram', 'salaam', 'salam', 'assalamualaikum', 'assalamu alaikum', 'adaab',
    'sat sri akal', 'vanakkam', 'kem cho', 'nomoskar', 'kaise ho', 'kaise hain', 'kaise hain aap', 'aap kaise hain', 'kya haal hai',
    'नमस्ते', 'नमस्कार', 'प्रणाम', 'राम राम', 'हेलो', 'हैलो', 'हाय', 'सुप्रभात', 'शुभ प्रभात', 'कैसे हो', 'आप कैसे हैं', 'कैसे हैं',
    'নমস্কার', 'নমস্কাৰ', 'হ্যালো', 'হেলো', 'আসসালামু আলাইকুম', 'সুপ্রভাত',
    'வணக்கம்', 'ஹலோ', 'காலை வணக்கம்', 'எப்படி இருக்கீங்க', 'எப்படி இருக்கிறீர்கள்',
    'నమస్కారం', 'నమస్తే', 'హలో', 'శుభోదయం', 'ಹಲೋ', 'ನಮಸ್ಕಾರ', 'ನಮಸ್ತೆ', 'ಶುಭೋದಯ', 'നമസ്കാരം', 'ഹലോ', 'സുപ്രഭാതം',
    'નમસ્તે', 'નમસ્કાર', 'કેમ છો', 'હેલો', 'ਸਤ ਸ੍ਰੀ ਅਕਾਲ', 'ਨਮਸਤੇ', 'ਹੈਲੋ', 'ନମସ୍କାର', 'ହେଲୋ',
    'السلام علیکم', 'السلام عليكم', 'سلام', 'آداب', 'ہیلو', 'ہائے',
  ],
  thanks: [
    'thanks', 'thank you', 'thankyou', 'thx', 'ty', 'tq', 'thanks a lot', 'thank you so much', 'ok', 'okay', 'ok thanks', 'great', 'nice', 'good', 'super', 'got it', 'bye',
    'dhanyavad', 'dhanyawad', 'dhanyavaad', 'dhanyawaad', 'shukriya', 'theek hai', 'thik hai', 'accha', 'acha', 'bahut accha', 'nandri', 'nanri',
    'धन्यवाद', 'शुक्रिया', 'ठीक है', 'अच्छा', 'बहुत अच्छा', 'आभार', 'आभारी आहे', 'ধন্যবাদ', 'আচ্ছা', 'நன்றி', 'மிக்க நன்றி', 'சரி',
    'ధన్యవాదాలు', 'ధన్యవాదం', 'సరే', 'ಧನ್ಯವಾದ', 'ಧನ್ಯವಾದಗಳು', 'ಸರಿ', 'നന്ദി', 'ശരി', 'આભાર', 'ધન્યવાદ', 'ઠીક છે',
    'ਧੰਨਵਾਦ', 'ਸ਼ੁਕਰੀਆ', 'ਠੀਕ ਹੈ', 'ଧନ୍ୟବାଦ', 'ଠିକ ଅଛି', 'شکریہ', 'شكريه', 'ٹھیک ہے', 'بہت شکریہ',
  ],
  about: [
    'who are you', 'what are you', 'what can you do', 'what do you do', 'help', 'help me', 'how does this work', 'how to use', 'how do i use this', 'menu', 'info', 'about',
    'aap kaun ho', 'aap kaun hain', 'tum kaun ho', 'kaun ho', 'madad', 'help karo', 'kya kar sakte ho', 'aap kya karte ho',
    'आप कौन हैं', 'आप कौन हो', 'तुम कौन हो', 'मदद', 'सहायता', 'आप क्या कर सकते हैं', 'तुम क्या कर सकते हो', 'तुम्ही कोण आहात', 'मदत',
    'তুমি কে', 'আপনি কে', 'সাহায্য', 'আপুনি কোন', 'সহায়', 'நீங்கள் யார்', 'நீ யார்', 'உதவி', 'நீங்கள் என்ன செய்வீர்கள்',
    'నువ్వు ఎవరు', 'మీరు ఎవరు', 'సహాయం', 'ನೀವು ಯಾರು', 'ಸಹಾಯ', 'നിങ്ങൾ ആരാണ്', 'സഹായം', 'તમે કોણ છો', 'મદદ',
    'ਤੁਸੀਂ ਕੌਣ ਹੋ', 'ਮਦਦ', 'ଆପଣ କିଏ', 'ସାହାଯ୍ୟ', 'آپ کون ہیں', 'مدد',
  ],
};

/** Words that add nothing to a greeting or thanks: "hello bot", "thank you sir", "नमस्ते जी". */
const FILLER = new Set([
  'bot', 'ji', 'sir', 'madam', 'maam', 'mam', 'there', 'again', 'so', 'much', 'very', 'dear', 'friend', 'shikshasetu', 'please', 'and', 'a', 'lot', 'you', 'all', 'everyone', 'bhai', 'didi',
  'जी', 'भाई', 'सर', 'जी।', 'बहुत', 'और', 'ஐயா', 'சார்', 'ਜੀ', 'جی', 'صاحب',
]);

/** Question words at the start of a message, in the languages parents write in. */
const QUESTION_START = /^(?:what|why|how|when|where|who|which|explain|tell me|kya|kyon|kyun|kyu|kaise|kab|kahan|kaun|kitna|क्या|क्यों|कैसे|कब|कहाँ|कहां|कौन|कितना|काय|का|কী|কেন|কিভাবে|কখন|என்ன|ஏன்|எப்படி|எப்போது|எங்கே|யார்|ఏమిటి|ఎందుకు|ఎలా|ಏನು|ಏಕೆ|ಹೇಗೆ|എന്താണ്|എന്ത്|എന്തുകൊണ്ട്|എങ്ങനെ|શું|કેમ|ਕੀ|ਕਿਉਂ|କଣ|କାହିଁକି|کیا|کیوں|کیسے)(?=\s|$)/u;

/** A question longer than this is more likely a passage that happens to ask one. */
const MAX_QUESTION_WORDS = 25;
/** Below this many words there is nothing to simplify ("ok sir", "page 3"); "Clouds bring rain." is a sentence. */
const MIN_CONTENT_WORDS = 3;

const PHRASE_LIST: ReadonlyArray<{ kind: SmallTalkKind; words: string }> = (Object.entries(PHRASES) as Array<[SmallTalkKind, readonly string[]]>)
  .flatMap(([kind, phrases]) => phrases.map((p) => ({ kind, words: words(p).join(' ') })))
  .sort((a, b) => b.words.length - a.words.length);

/**
 * What a typed message is when it is not a text to simplify: a greeting, thanks, a question about
 * the bot ("who are you", "help"), another question ("what is photosynthesis?"), or a message too
 * short to simplify. Null for anything else, which goes to the pipeline as before. Pure and fast:
 * adapters call it before a job is made, so small talk costs no job, no progress message and no
 * voice note.
 */
export function detectSmallTalk(text: string): SmallTalkKind | null {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > 600) return null;
  const tokens = words(trimmed);
  if (tokens.length === 0) return null;
  const kinds: SmallTalkKind[] = [];
  let rest = ` ${tokens.join(' ')} `;
  for (const { kind, words: phrase } of PHRASE_LIST) {
    const needle = ` ${phrase} `;
    if (!rest.includes(needle)) continue;
    kinds.push(kind);
    rest = rest.split(needle).join(' ');
  }
  const left = rest.split(' ').filter((w) => w && !FILLER.has(w));
  if (kinds.length > 0 && left.length === 0) return kinds.includes('about') ? 'about' : kinds.includes('greeting') ? 'greeting' : 'thanks';
  const singleParagraph = !/\n\s*\n/u.test(trimmed);
  if (singleParagraph && tokens.length <= MAX_QUESTION_WORDS && (/[?؟]\s*$/u.test(trimmed) || QUESTION_START.test(tokens.join(' ')))) return 'question';
  if (tokens.length < MIN_CONTENT_WORDS) return 'too-short';
  return null;
}

/** Lower-case words (letters, marks and digits), punctuation and emoji dropped. */
function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}
