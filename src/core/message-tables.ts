/**
 * User-facing sentences, one table per language. English is complete and is the fallback for any
 * key a table lacks. Keep each sentence short: it is read on a phone, often by a parent.
 */
export const ENGLISH_MESSAGES = {
  'refused.empty': 'The file is empty. Please send the page again.',
  'refused.too-large': 'This file is too big (the limit is {limit}). Please send a smaller file or a photo of the page.',
  'refused.unsupported-type': 'I can read PDF, Word (DOCX) and text files, photos of pages and voice notes. Please send one of those.',
  'refused.corrupt': 'I could not open this file; it seems damaged. Please send it again, or a photo of the page.',
  'refused.too-many-pages': 'This PDF has {pages} pages and I can take up to {limit}. Please send fewer pages.',
  'refused.too-many-pixels': 'This picture is too large. Please send a normal phone photo of the page.',
  'refused.zip-bomb': 'I could not open this document safely. Please send it as a PDF or a photo.',
  'refused.text-too-long': 'This text is too long (more than {limit} characters). Please send a shorter part.',
  'refused.no-text-found': 'I could not find any text. Please send a clearer photo, with the page filling the picture.',
  'refused.audio-too-long': 'This voice note is too long (the limit is {limit} minutes). Please send a shorter one.',
  'refused.no-speech': 'I could not hear any speech. Please record again, close to the phone.',
  'refused.speech-not-installed': 'Speech recognition is not installed here yet. Please type the text or send a photo of the page.',
  'refused.encrypted': 'This PDF is locked with a password. Please send it without the password, or a photo of the page.',
  'note.translation-unavailable': 'Translation to {language} needs a model (shikshasetu models pull) or an API key, so the simplified text is in the original language.',
  'note.simplify-needs-model': 'Only sentences were shortened: deeper simplification in this language needs a model.',
  'note.validation-caveat': 'Please check: {checks}.',
  'check.reading-level': 'the reading level may be above the grade',
  'check.numbers-kept': 'some numbers may have changed',
  'check.names-kept': 'some names may have changed',
  'check.script': 'some text is not in the expected script',
  'check.length-ratio': 'the length changed a lot',
  'check.not-empty': 'the result is empty',
  'served.rule-based': 'Made by the built-in rule-based simplifier.',
  'served.local-model': 'Made by the local model {model}.',
  'served.remote-api': 'Made by the remote API ({model}).',
  'error.internal': 'Sorry, something went wrong on our side. Please try again in a minute.',
  'error.busy': 'I am busy right now. Please try again in a minute.',
} as const;

export type MessageKey = keyof typeof ENGLISH_MESSAGES;

export type MessageTable = Partial<Record<MessageKey, string>>;

const HINDI_MESSAGES: MessageTable = {
  'refused.empty': 'फ़ाइल खाली है। कृपया पन्ना फिर से भेजें।',
  'refused.too-large': 'यह फ़ाइल बहुत बड़ी है (सीमा {limit})। कृपया छोटी फ़ाइल या पन्ने की फ़ोटो भेजें।',
  'refused.unsupported-type': 'मैं PDF, Word (DOCX), टेक्स्ट फ़ाइल, पन्नों की फ़ोटो और वॉइस नोट पढ़ सकता हूँ। कृपया इनमें से कुछ भेजें।',
  'refused.corrupt': 'यह फ़ाइल नहीं खुली; शायद खराब है। कृपया फिर से भेजें, या पन्ने की फ़ोटो भेजें।',
  'refused.too-many-pages': 'इस PDF में {pages} पन्ने हैं, मैं {limit} तक ले सकता हूँ। कृपया कम पन्ने भेजें।',
  'refused.too-many-pixels': 'यह तस्वीर बहुत बड़ी है। कृपया पन्ने की सामान्य फ़ोन फ़ोटो भेजें।',
  'refused.zip-bomb': 'यह दस्तावेज़ सुरक्षित रूप से नहीं खुल सका। कृपया PDF या फ़ोटो भेजें।',
  'refused.text-too-long': 'यह पाठ बहुत लंबा है ({limit} अक्षरों से ज़्यादा)। कृपया छोटा हिस्सा भेजें।',
  'refused.no-text-found': 'मुझे कोई पाठ नहीं मिला। कृपया साफ़ फ़ोटो भेजें, जिसमें पूरा पन्ना दिखे।',
  'refused.audio-too-long': 'यह वॉइस नोट बहुत लंबा है (सीमा {limit} मिनट)। कृपया छोटा भेजें।',
  'refused.no-speech': 'मुझे कोई आवाज़ सुनाई नहीं दी। कृपया फ़ोन के पास बोलकर फिर से रिकॉर्ड करें।',
  'refused.speech-not-installed': 'यहाँ अभी आवाज़ पहचानने की सुविधा नहीं है। कृपया पाठ लिखें या पन्ने की फ़ोटो भेजें।',
  'refused.encrypted': 'यह PDF पासवर्ड से बंद है। कृपया बिना पासवर्ड के भेजें, या पन्ने की फ़ोटो भेजें।',
  'note.translation-unavailable': '{language} में अनुवाद के लिए मॉडल (shikshasetu models pull) या API कुंजी चाहिए, इसलिए सरल पाठ मूल भाषा में है।',
  'note.simplify-needs-model': 'केवल वाक्य छोटे किए गए हैं: इस भाषा में और सरल करने के लिए मॉडल चाहिए।',
  'note.validation-caveat': 'कृपया जाँच लें: {checks}।',
  'check.reading-level': 'पढ़ने का स्तर कक्षा से ऊँचा हो सकता है',
  'check.numbers-kept': 'कुछ संख्याएँ बदल गई हो सकती हैं',
  'check.names-kept': 'कुछ नाम बदल गए हो सकते हैं',
  'check.script': 'कुछ पाठ सही लिपि में नहीं है',
  'check.length-ratio': 'लंबाई बहुत बदल गई है',
  'check.not-empty': 'परिणाम खाली है',
  'served.rule-based': 'यह अंतर्निहित नियम-आधारित सरलीकरण से बना है।',
  'served.local-model': 'यह स्थानीय मॉडल {model} से बना है।',
  'served.remote-api': 'यह रिमोट API ({model}) से बना है।',
  'error.internal': 'माफ़ कीजिए, हमारी तरफ़ कुछ गड़बड़ हुई। कृपया एक मिनट बाद फिर कोशिश करें।',
  'error.busy': 'मैं अभी व्यस्त हूँ। कृपया एक मिनट बाद फिर कोशिश करें।',
};

export const MESSAGE_TABLES: Record<string, MessageTable> = {
  en: ENGLISH_MESSAGES,
  hi: HINDI_MESSAGES,
};
