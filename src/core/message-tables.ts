import { HINDI_MESSAGES } from './message-tables/hi.js';
import { BENGALI_MESSAGES } from './message-tables/bn.js';
import { TAMIL_MESSAGES } from './message-tables/ta.js';
import { TELUGU_MESSAGES } from './message-tables/te.js';
import { KANNADA_MESSAGES } from './message-tables/kn.js';
import { MALAYALAM_MESSAGES } from './message-tables/ml.js';
import { MARATHI_MESSAGES } from './message-tables/mr.js';
import { GUJARATI_MESSAGES } from './message-tables/gu.js';
import { PUNJABI_MESSAGES } from './message-tables/pa.js';
import { ODIA_MESSAGES } from './message-tables/or.js';
import { URDU_MESSAGES } from './message-tables/ur.js';
import { ASSAMESE_MESSAGES } from './message-tables/as.js';
import { CONVERSATION_MESSAGES, ENGLISH_CONVERSATION } from './message-tables/conversation.js';
import { ENGLISH_SUBJECT_SETTINGS, SUBJECT_SETTINGS_MESSAGES } from './message-tables/subject-settings.js';

/**
 * User-facing sentences, one table per language. English is complete and is the fallback for any
 * key a table lacks. Keep each sentence short: it is read on a phone, often by a parent.
 */
export const ENGLISH_MESSAGES = {
  'refused.empty': 'The file is empty. Please send the page again.',
  'refused.too-large': 'This file is too big (the limit is {limit}). Please send a smaller file or a photo of the page.',
  'refused.unsupported-type': 'I can read PDF, Word (DOCX) and text files, web pages (HTML), photos of pages and voice notes. Please send one of those.',
  'refused.corrupt': 'I could not open this file; it seems damaged. Please send it again, or a photo of the page.',
  'refused.too-many-pages': 'This PDF has {pages} pages and I can take up to {limit}. Please send fewer pages.',
  'refused.too-many-pixels': 'This picture is too large. Please send a normal phone photo of the page.',
  'refused.zip-bomb': 'I could not open this document safely. Please send it as a PDF or a photo.',
  'refused.text-too-long': 'This text is too long (more than {limit} characters). Please send a shorter part.',
  'refused.no-text-found': 'I could not find any text. Please send a clearer photo, with the page filling the picture.',
  'refused.audio-too-long': 'This voice note is too long (the limit is {limit} minutes). Please send a shorter one.',
  'refused.no-speech': 'I could not hear any speech. Please record again, close to the phone.',
  'refused.speech-not-installed': 'Speech recognition is not installed here yet. Please type the text or send a photo of the page.',
  'speech.ask-language': 'I was not sure which language you spoke. Please tap your language below, and I will listen for it next time.',
  'refused.encrypted': 'This PDF is locked with a password. Please send it without the password, or a photo of the page.',
  'note.translation-unavailable': 'Translation to {language} needs a model (shikshasetu models pull) or an API key, so the simplified text is in the original language.',
  'note.translation-failed': 'Translation to {language} did not work this time, so the simplified text is in the original language. Please try again later.',
  'note.simplify-needs-model': 'Only sentences were shortened: deeper simplification in this language needs a model.',
  'note.validation-caveat': 'Please check: {checks}.',
  'note.voice-shortened': 'The voice note reads the first part; the whole text is in the message.',
  'check.reading-level': 'the reading level may be above the grade',
  'check.numbers-kept': 'some numbers may have changed',
  'check.names-kept': 'some names may have changed',
  'check.script': 'some text is not in the expected script',
  'check.length-ratio': 'the length changed a lot',
  'check.not-empty': 'the result is empty',
  // Issue 12 (translation checks):
  'check.language': 'the translation is not in the language asked for',
  'served.rule-based': 'Made by the built-in rule-based simplifier.',
  'served.local-model': 'Made by the local model {model}.',
  'served.remote-api': 'Made by the remote API ({model}).',
  'fallback.path-reason': '{path}: {reason}',
  'path.local-model': 'Local model',
  'path.remote-api': 'Remote API',
  'path.rule-based': 'Rule-based simplifier',
  'why.circuit-open': 'paused after repeated failures',
  'why.busy': 'busy, try again in a minute',
  'why.timeout': 'too slow',
  'why.failed': 'not working',
  'why.rejected': 'its answer failed the checks',
  'note.simplify-failed': 'This text could not be simplified this time, so here it is sentence by sentence.',
  'error.internal': 'Sorry, something went wrong on our side. Please try again in a minute.',
  'error.busy': 'I am busy right now. Please try again in a minute.',
  'progress.working': 'Got it! Working on it…',
  'progress.queued': 'Got it! You are in line; I will start in a moment…',
  'progress.reading': 'Reading your page…',
  'progress.simplifying': 'Making it simple…',
  'progress.translating': 'Translating…',
  'progress.validating': 'Checking the result…',
  'progress.recording': 'Recording the voice note…',
  'progress.done': 'Done ✅',
  'progress.failed': 'Could not finish ❌',
  'limit.slow-down': 'You have sent a lot at once. I will finish what I have, then please send the rest.',
  'access.denied': 'Sorry, this bot is private to its school. Please ask the school for access.',
  'reply.footer-separator': ' · ',
  'reply.voice-caption': 'Voice note',
  'error.failed-apology': 'Sorry, I could not finish this one. Please try again, or send a clearer photo.',
  'settings.welcome': 'Namaste! 🙏 I make school pages easy to read. Send me a photo of a textbook page (or a PDF, Word file or voice note) and I will send back simple text and a voice note.',
  'settings.choose-language': 'Which language should I answer in?',
  'settings.choose-grade': 'Which class (grade) is your child in?',
  'settings.same-as-page': 'Same as the page',
  'settings.language-saved': 'I will answer in {language}.',
  'settings.same-saved': 'I will answer in the language of the page.',
  'settings.grade-saved': 'Grade {grade} is saved.',
  'settings.ready': 'All set! Now send a photo of a page.',
  'settings.current': 'Answers in: {language}. Grade: {grade}.',
  'settings.change-language': 'Change language',
  'settings.change-grade': 'Change grade',
  'settings.expired': 'This button is old. Please send /settings to choose again.',
  'settings.help': 'Send a photo of a textbook page, a PDF, a Word or text file, or a voice note. I reply with simple text for your child\'s grade and a voice note. To change the grade or language for one page, write it in the caption, e.g. "grade 5 hindi". Commands: /language, /grade, /settings, /help.',
  'command.start': 'Start: choose language and grade',
  'command.language': 'Choose the language of the answers',
  'command.grade': 'Choose the grade (class)',
  'command.settings': 'See your language and grade',
  'command.help': 'How to use this bot',
  'slack.missing-scope': 'I could not read your file: this Slack app needs the {scope} permission. Please ask a workspace admin to add the {scope} bot scope (api.slack.com/apps, OAuth & Permissions), reinstall the app, and send the file again.',
  'slack.not-in-channel': 'I am not in this channel yet. Please invite me with /invite @ShikshaSetu and try again.',
  'slack.file-unavailable': 'I could not open this file in Slack (it may be a link to another drive, or deleted). Please upload the file itself.',
  'slack.no-file-found': 'I did not find a file here. Attach a PDF, Word file or photo, or write the text after /simplify.',
  'slack.usage': 'Send me a PDF, Word file, photo of a page or some text. In a channel, mention me with it, e.g. "@ShikshaSetu grade 6 hindi". /simplify settings changes your grade and language.',
  'slack.command-accepted': 'Got it! I will reply in this conversation.',
  'slack.settings-intro': 'Choose your grade and the language I reply in. A request can still say e.g. "grade 6 hindi" for that one time.',
  'slack.settings-grade': 'Grade',
  'slack.settings-grade-option': 'Grade {grade}',
  'slack.settings-language': 'Reply language',
  'slack.settings-same-language': 'Same as the document',
  'slack.settings-saved': 'Saved: grade {grade}, replies in {language}.',
  // Numbers OCR read without confidence (issue 17).
  'note.unsure-numbers': 'Please check these numbers on the page, I may have misread them: {numbers}.',
  'check.fragments': 'some sentences are broken (no verb)',
  // WhatsApp: its help names no slash commands (WhatsApp has none); a list shows 10 rows, "More…" opens the rest.
  'whatsapp.help': 'Send a photo of a textbook page, a PDF, a Word or text file, or a voice note. I reply with simple text for your child\'s grade and a voice note. To change the grade or language for one page, write it in the caption, e.g. "grade 5 hindi". To choose your language and grade, send "settings".',
  'whatsapp.more': 'More…',
  ...ENGLISH_CONVERSATION,
  ...ENGLISH_SUBJECT_SETTINGS,
} as const;

export type MessageKey = keyof typeof ENGLISH_MESSAGES;

export type MessageTable = Partial<Record<MessageKey, string>>;

// Each other language's table lives in ./message-tables/<code>.ts, so that adding an English key
// and translating it are separate edits.
export const MESSAGE_TABLES: Record<string, MessageTable> = {
  en: ENGLISH_MESSAGES,
  hi: { ...HINDI_MESSAGES, ...CONVERSATION_MESSAGES.hi, ...SUBJECT_SETTINGS_MESSAGES.hi },
  bn: { ...BENGALI_MESSAGES, ...CONVERSATION_MESSAGES.bn, ...SUBJECT_SETTINGS_MESSAGES.bn },
  ta: { ...TAMIL_MESSAGES, ...CONVERSATION_MESSAGES.ta, ...SUBJECT_SETTINGS_MESSAGES.ta },
  te: { ...TELUGU_MESSAGES, ...CONVERSATION_MESSAGES.te, ...SUBJECT_SETTINGS_MESSAGES.te },
  kn: { ...KANNADA_MESSAGES, ...CONVERSATION_MESSAGES.kn, ...SUBJECT_SETTINGS_MESSAGES.kn },
  ml: { ...MALAYALAM_MESSAGES, ...CONVERSATION_MESSAGES.ml, ...SUBJECT_SETTINGS_MESSAGES.ml },
  mr: { ...MARATHI_MESSAGES, ...CONVERSATION_MESSAGES.mr, ...SUBJECT_SETTINGS_MESSAGES.mr },
  gu: { ...GUJARATI_MESSAGES, ...CONVERSATION_MESSAGES.gu, ...SUBJECT_SETTINGS_MESSAGES.gu },
  pa: { ...PUNJABI_MESSAGES, ...CONVERSATION_MESSAGES.pa, ...SUBJECT_SETTINGS_MESSAGES.pa },
  or: { ...ODIA_MESSAGES, ...CONVERSATION_MESSAGES.or, ...SUBJECT_SETTINGS_MESSAGES.or },
  ur: { ...URDU_MESSAGES, ...CONVERSATION_MESSAGES.ur, ...SUBJECT_SETTINGS_MESSAGES.ur },
  as: { ...ASSAMESE_MESSAGES, ...CONVERSATION_MESSAGES.as, ...SUBJECT_SETTINGS_MESSAGES.as },
};
