import { Composer, InlineKeyboard, type Context } from 'grammy';
import { LANGUAGE_CODES, LANGUAGES } from '../../src/core/languages.js';
import { languageName, message } from '../../src/core/messages.js';
import type { UserPreferences } from '../../src/app/service-runtime.js';
import type { BackgroundSends } from './background-sends.js';
import { parseCaptionOptions } from '../shared/caption-options.js';
import { SAME_AS_PAGE, type ChatSettings } from './chat-settings.js';
import { storedSubject } from '../shared/stored-subject.js';
import { NO_SUBJECT, SUBJECT_CHOICES, subjectChange, subjectChoice, subjectFromWords, subjectLabel, subjectSavedMessage } from '../shared/subject-choices.js';

export interface SettingsCommandsOptions {
  settings: ChatSettings;
  background: BackgroundSends;
}

/** The commands the bot lists in Telegram's menu, with their descriptions per UI language. */
export const BOT_COMMANDS = ['start', 'language', 'grade', 'subject', 'settings', 'help'] as const;

// Callback data: "lang:<code|same>:<s|c>" (s = first-time setup, which goes on to the grade),
// "grade:<1-12>", "subj:<subject|none>", "menu:lang", "menu:grade", "menu:subject". It comes back
// from the client as untrusted text.
const LANG_DATA = /^lang:([a-z]{2}|same):([sc])$/;
const GRADE_DATA = /^grade:(\d{1,2})$/;
const SUBJECT_DATA = /^subj:([a-z ]{2,30})$/;

/**
 * /start, /language, /grade, /subject, /settings, /help and the inline keyboards behind them. They are
 * answered right in the update handler: the choice is written first (so a page sent next uses
 * it), and the reply goes out in the background so the update loop never waits on the Bot API.
 */
export function settingsCommands(options: SettingsCommandsOptions): Composer<Context> {
  const { settings, background } = options;
  const composer = new Composer<Context>();

  const reply = (ctx: Context, what: string, task: () => Promise<unknown>) => background.run(ctx.update.update_id, what, task);
  const ui = async (ctx: Context, stored?: UserPreferences) => settings.resolve(stored ?? (await settings.load(ctx.chat!.id)), ctx.from?.language_code);

  composer.command('start', async (ctx) => {
    const { uiLanguage } = await ui(ctx);
    const text = `${message(uiLanguage, 'settings.welcome')}\n\n${message(uiLanguage, 'settings.choose-language')}`;
    reply(ctx, '/start', () => ctx.reply(text, { reply_markup: languageKeyboard(uiLanguage, 's') }));
  });

  composer.command('language', async (ctx) => {
    const chosen = parseCaptionOptions(ctx.match).language;
    if (chosen) {
      const stored = await settings.save(ctx.chat.id, { language: chosen });
      const { uiLanguage } = await ui(ctx, stored);
      reply(ctx, '/language', () => ctx.reply(languageSaved(uiLanguage, chosen)));
      return;
    }
    const { uiLanguage } = await ui(ctx);
    reply(ctx, '/language', () => ctx.reply(message(uiLanguage, 'settings.choose-language'), { reply_markup: languageKeyboard(uiLanguage, 'c') }));
  });

  composer.command('grade', async (ctx) => {
    const grade = parseCaptionOptions(`grade ${ctx.match}`).grade;
    const { uiLanguage } = await ui(ctx);
    if (grade !== undefined && ctx.match.trim()) {
      await settings.save(ctx.chat.id, { grade });
      reply(ctx, '/grade', () => ctx.reply(message(uiLanguage, 'settings.grade-saved', { grade })));
      return;
    }
    reply(ctx, '/grade', () => ctx.reply(message(uiLanguage, 'settings.choose-grade'), { reply_markup: gradeKeyboard() }));
  });

  composer.command('subject', async (ctx) => {
    const { uiLanguage } = await ui(ctx);
    const typed = ctx.match.trim() ? subjectFromWords(ctx.match) : undefined;
    if (typed) {
      await settings.save(ctx.chat.id, { subject: typed });
      reply(ctx, '/subject', () => ctx.reply(subjectSavedMessage(typed, uiLanguage)));
      return;
    }
    reply(ctx, '/subject', () => ctx.reply(message(uiLanguage, 'settings.choose-subject'), { reply_markup: subjectKeyboard(uiLanguage) }));
  });

  composer.command('settings', async (ctx) => {
    const stored = await settings.load(ctx.chat.id);
    const resolved = settings.resolve(stored, ctx.from?.language_code);
    const language = resolved.targetLanguage === null ? message(resolved.uiLanguage, 'settings.same-as-page') : languageName(resolved.targetLanguage, resolved.uiLanguage);
    const subject = storedSubject(stored);
    const text = [
      message(resolved.uiLanguage, 'settings.current', { language, grade: resolved.grade }),
      ...(subject ? [message(resolved.uiLanguage, 'settings.current-subject', { subject: subjectLabel(subject, resolved.uiLanguage) })] : []),
    ].join(' ');
    const keyboard = new InlineKeyboard()
      .text(message(resolved.uiLanguage, 'settings.change-language'), 'menu:lang')
      .text(message(resolved.uiLanguage, 'settings.change-grade'), 'menu:grade')
      .row()
      .text(message(resolved.uiLanguage, 'settings.change-subject'), 'menu:subject');
    reply(ctx, '/settings', () => ctx.reply(text, { reply_markup: keyboard }));
  });

  composer.command('help', async (ctx) => {
    const { uiLanguage } = await ui(ctx);
    reply(ctx, '/help', () => ctx.reply(message(uiLanguage, 'settings.help')));
  });

  composer.on('callback_query:data', async (ctx) => {
    const data = ctx.callbackQuery.data;
    const chatId = ctx.chat?.id;
    const lang = LANG_DATA.exec(data);
    const grade = GRADE_DATA.exec(data);
    if (chatId === undefined) {
      reply(ctx, 'callback answer', () => ctx.answerCallbackQuery());
      return;
    }
    if (lang && (lang[1] === SAME_AS_PAGE || LANGUAGES.has(lang[1]!))) {
      const chosen = lang[1]!;
      const stored = await settings.save(chatId, { language: chosen });
      const { uiLanguage } = await ui(ctx, stored);
      const saved = languageSaved(uiLanguage, chosen);
      reply(ctx, 'language choice', async () => {
        await ctx.answerCallbackQuery({ text: saved });
        if (lang[2] === 's') await ctx.editMessageText(`${saved}\n\n${message(uiLanguage, 'settings.choose-grade')}`, { reply_markup: gradeKeyboard() });
        else await ctx.editMessageText(saved);
      });
      return;
    }
    const subject = subjectChoice(SUBJECT_DATA.exec(data)?.[1] ?? '');
    if (subject) {
      await settings.save(chatId, subjectChange(subject));
      const { uiLanguage } = await ui(ctx);
      const saved = subjectSavedMessage(subject, uiLanguage);
      reply(ctx, 'subject choice', async () => {
        await ctx.answerCallbackQuery({ text: saved });
        await ctx.editMessageText(saved);
      });
      return;
    }
    const value = grade ? Number(grade[1]) : NaN;
    if (Number.isInteger(value) && value >= 1 && value <= 12) {
      await settings.save(chatId, { grade: value });
      const { uiLanguage } = await ui(ctx);
      const saved = message(uiLanguage, 'settings.grade-saved', { grade: value });
      reply(ctx, 'grade choice', async () => {
        await ctx.answerCallbackQuery({ text: saved });
        await ctx.editMessageText(`${saved} ${message(uiLanguage, 'settings.ready')}`);
      });
      return;
    }
    const { uiLanguage } = await ui(ctx);
    if (data === 'menu:lang') {
      reply(ctx, 'language menu', async () => {
        await ctx.answerCallbackQuery();
        await ctx.editMessageText(message(uiLanguage, 'settings.choose-language'), { reply_markup: languageKeyboard(uiLanguage, 'c') });
      });
    } else if (data === 'menu:grade') {
      reply(ctx, 'grade menu', async () => {
        await ctx.answerCallbackQuery();
        await ctx.editMessageText(message(uiLanguage, 'settings.choose-grade'), { reply_markup: gradeKeyboard() });
      });
    } else if (data === 'menu:subject') {
      reply(ctx, 'subject menu', async () => {
        await ctx.answerCallbackQuery();
        await ctx.editMessageText(message(uiLanguage, 'settings.choose-subject'), { reply_markup: subjectKeyboard(uiLanguage) });
      });
    } else {
      reply(ctx, 'stale button', () => ctx.answerCallbackQuery({ text: message(uiLanguage, 'settings.expired') }));
    }
  });

  // A button press without data (a game, an old client) still needs an answer, or the spinner stays.
  composer.on('callback_query', (ctx) => reply(ctx, 'callback answer', () => ctx.answerCallbackQuery()));

  return composer;
}

function languageSaved(uiLanguage: string, chosen: string): string {
  return chosen === SAME_AS_PAGE ? message(uiLanguage, 'settings.same-saved') : message(uiLanguage, 'settings.language-saved', { language: languageName(chosen, uiLanguage) });
}

/** Every language by its own name (a parent recognises their script), three to a row. */
export function languageKeyboard(uiLanguage: string, flow: 's' | 'c'): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  LANGUAGE_CODES.forEach((code, index) => {
    if (index > 0 && index % 3 === 0) keyboard.row();
    keyboard.text(LANGUAGES.get(code)!.nativeName, `lang:${code}:${flow}`);
  });
  return keyboard.row().text(message(uiLanguage, 'settings.same-as-page'), `lang:${SAME_AS_PAGE}:${flow}`);
}

/** The usual-subject choices in the user's language, two to a row, then "no usual subject". */
export function subjectKeyboard(uiLanguage: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  SUBJECT_CHOICES.forEach((subject, index) => {
    if (index > 0 && index % 2 === 0) keyboard.row();
    keyboard.text(subjectLabel(subject, uiLanguage), `subj:${subject}`);
  });
  return keyboard.row().text(message(uiLanguage, 'subject.none'), `subj:${NO_SUBJECT}`);
}

export function gradeKeyboard(): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (let grade = 1; grade <= 12; grade++) {
    keyboard.text(String(grade), `grade:${grade}`);
    if (grade % 4 === 0 && grade < 12) keyboard.row();
  }
  return keyboard;
}
