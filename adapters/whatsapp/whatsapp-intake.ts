import type { Logger } from '../../src/log/logger.js';
import { conversationLanguage } from '../../src/conversation/conversation-language.js';
import { detectSmallTalk, SMALL_TALK_REPLY } from '../../src/conversation/small-talk.js';
import type { JobQueue } from '../../src/core/job.js';
import { languageName, message, refusalMessage } from '../../src/core/messages.js';
import type { DedupeStore } from '../../src/jobs/in-memory-job-queue.js';
import type { UserRateLimiter } from '../../src/jobs/user-rate-limiter.js';
import { parseCaptionOptions, type CaptionOptions } from '../shared/caption-options.js';
import { handleOnce } from '../shared/handle-once.js';
import type { PhaseTimings } from '../shared/phase-timings.js';
import { RecentIds } from '../shared/recent-ids.js';
import { maskNumber, type AllowedNumbers } from './allowed-numbers.js';
import type { BackgroundSends } from './background-sends.js';
import { languageOfWords, SAME_AS_PAGE } from './choose-language.js';
import { plainWhatsApp } from './whatsapp-text.js';
import type { GraphApi } from './graph-api.js';
import { gradeList, languageList, readChoice, settingsWord, subjectList, type SettingsChoice } from './settings-menu.js';
import { subjectChange, subjectLabel, subjectSavedMessage } from '../shared/subject-choices.js';
import type { ResolvedSettings, WhatsAppUserSettings } from './user-settings.js';
import type { InboundMessage, StatusUpdate, WebhookContents } from './webhook-payload.js';
import { whatsappJobRecord, type WhatsAppJobInput } from './whatsapp-job.js';

export interface WhatsAppIntakeOptions {
  queue: JobQueue;
  limiter: UserRateLimiter;
  dedupe: DedupeStore;
  settings: WhatsAppUserSettings;
  api: GraphApi;
  background: BackgroundSends;
  allowed: AllowedNumbers;
  logger: Logger;
  /** Messages to another business number of the same app are not ours. */
  phoneNumberId: string;
  /** Where the store's phases are timed (dedupe, settings, limit, enqueue). Defaults to none. */
  timings?: PhaseTimings;
}

type Described =
  | { kind: 'job'; input: WhatsAppJobInput; caption?: string }
  | { kind: 'menu'; which: 'help' | 'settings'; text: string }
  | { kind: 'choice'; choice: SettingsChoice }
  | { kind: 'unsupported' }
  | { kind: 'ignore' };

/** Message types that are the user's content but not something we read: they get one sentence saying what to send. */
const UNSUPPORTED_TYPES = new Set(['sticker', 'location', 'contacts', 'video', 'order', 'unsupported', 'unknown']);

/**
 * Turns a webhook delivery into jobs and settings answers. Runs before the webhook's 200: it only
 * decides and stores (a job, a settings change); sends that need no job go out in the background.
 * Every message is handled once: its id is marked in the persisted dedupe window after it was
 * handled, and a job's id is the message id, so a redelivery (Meta retries for days) makes no
 * second job and no second answer.
 */
export class WhatsAppIntake {
  private readonly inFlight = new RecentIds();
  readonly counts = { messages: 0, duplicates: 0, denied: 0, failedStatuses: 0 };

  constructor(private readonly options: WhatsAppIntakeOptions) {}

  async deliver(contents: WebhookContents): Promise<void> {
    for (const status of contents.statuses) this.status(status);
    for (const { message: msg, phoneNumberId } of contents.messages) {
      if (phoneNumberId && phoneNumberId !== this.options.phoneNumberId) continue;
      // The same delivery arriving twice at once: the second waits for nothing and makes nothing.
      if (!this.inFlight.firstTime(msg.id)) {
        this.counts.duplicates += 1;
        continue;
      }
      try {
        const outcome = await handleOnce(this.options.dedupe, `whatsapp:seen:${msg.id}`, () => this.accept(msg));
        if (outcome === 'duplicate') this.counts.duplicates += 1;
        else this.counts.messages += 1;
      } catch (err) {
        this.inFlight.forget(msg.id);
        throw err;
      }
    }
  }

  /** Status callbacks (sent, delivered, read, failed) are not jobs; a failed one is logged with Meta's code. */
  private status(status: StatusUpdate): void {
    if (status.status !== 'failed') return;
    this.counts.failedStatuses += 1;
    for (const error of status.errors ?? [{}]) {
      this.options.logger.warn({ messageId: status.id, to: maskNumber(status.recipient_id ?? ''), code: error.code, title: error.title ?? error.message }, 'WhatsApp reports a message we sent as failed');
    }
  }

  private async accept(msg: InboundMessage): Promise<void> {
    const { settings, background, api } = this.options;
    const from = msg.from;
    const described = describe(msg);
    if (described.kind === 'ignore') return;
    const words = wordsOf(described);
    if (!this.options.allowed.allows(from)) {
      this.counts.denied += 1;
      this.options.logger.info({ from: maskNumber(from) }, 'WhatsApp message from a number not in WHATSAPP_ALLOWED_NUMBERS');
      // Nothing is stored for a number that may not use the bot: its own words tell the language.
      const language = conversationLanguage({ userText: words ?? null });
      background.run(msg.id, 'access notice', () => api.sendText(from, message(language, 'access.denied')));
      return;
    }

    const settingsStarted = performance.now();
    let stored = await settings.load(from);
    const caption: CaptionOptions = described.kind === 'job' && described.caption ? parseCaptionOptions(described.caption) : {};
    // The words a user writes tell their language. A caption in Latin letters ("grade 5") or the
    // word "settings" (which every language's help asks for in Latin) says little.
    const seen = languageOfWords(words);
    const typed = described.kind === 'job' && described.input.kind === 'text';
    const writesIn = seen && (typed || seen !== 'en') ? seen : undefined;
    if (writesIn && writesIn !== stored.writesIn) stored = await settings.save(from, { writesIn });
    const resolved = settings.resolve(stored, caption, writesIn, words);
    this.options.timings?.record('settings', performance.now() - settingsStarted);
    const notice = (text: string) => background.run(msg.id, 'notice', () => api.sendText(from, plainWhatsApp(text)));

    switch (described.kind) {
      case 'menu':
        background.run(msg.id, 'settings menu', () => this.sendMenu(from, described.which, resolved));
        return;
      case 'choice':
        await this.choose(from, msg.id, described.choice, resolved.uiLanguage);
        return;
      case 'unsupported':
        notice(refusalMessage(resolved.uiLanguage, 'unsupported-type'));
        return;
      case 'job':
        break;
    }
    // "hello", "thanks", "what is photosynthesis?": one friendly sentence, no job, no voice note.
    const smallTalk = described.input.kind === 'text' ? detectSmallTalk(described.input.text) : null;
    if (smallTalk) {
      notice(message(resolved.uiLanguage, SMALL_TALK_REPLY[smallTalk]));
      return;
    }

    const job = whatsappJobRecord({
      to: from,
      messageId: msg.id,
      uiLanguage: resolved.uiLanguage,
      grade: resolved.grade,
      targetLanguage: resolved.targetLanguage,
      ...(resolved.subject ? { subject: resolved.subject } : {}),
      input: described.input,
    });
    const limitStarted = performance.now();
    const decision = this.options.limiter.check(job.userKey, await this.options.queue.inFlight(job.userKey));
    this.options.timings?.record('limit', performance.now() - limitStarted);
    if (!decision.allowed) {
      if (decision.notify) notice(message(resolved.uiLanguage, 'limit.slow-down'));
      return;
    }
    const enqueueStarted = performance.now();
    const outcome = await this.options.queue.enqueue(job);
    this.options.timings?.record('enqueue', performance.now() - enqueueStarted);
    if (outcome === 'busy') notice(message(resolved.uiLanguage, 'error.busy'));
  }

  /** Help or the current settings, then the lists (settings add the usual subject); in the language the bot speaks to this user. */
  private async sendMenu(to: string, which: 'help' | 'settings', resolved: ResolvedSettings): Promise<void> {
    const { api } = this.options;
    const ui = resolved.uiLanguage;
    if (which === 'help') await api.sendText(to, message(ui, 'whatsapp.help'));
    else {
      const language = resolved.targetLanguage === null ? message(ui, 'settings.same-as-page') : languageName(resolved.targetLanguage, ui);
      const current = message(ui, 'settings.current', { language, grade: resolved.grade });
      await api.sendText(to, resolved.subject ? `${current} ${message(ui, 'settings.current-subject', { subject: subjectLabel(resolved.subject, ui) })}` : current);
    }
    await api.sendList(to, languageList(ui));
    await api.sendList(to, gradeList(ui));
    if (which === 'settings') await api.sendList(to, subjectList(ui));
  }

  /** A row tapped in a settings list: saved before the 200, answered in the background. */
  private async choose(to: string, messageId: string, choice: SettingsChoice, ui: string): Promise<void> {
    const { api, settings, background } = this.options;
    if (choice.kind === 'page') {
      background.run(messageId, 'settings list', () => api.sendList(to, choice.list === 'language' ? languageList(ui, choice.page) : gradeList(ui, choice.page)));
      return;
    }
    if (choice.kind === 'language') {
      const saved = await settings.save(to, { language: choice.value });
      // From now on the bot speaks the chosen language.
      const now = choice.value === SAME_AS_PAGE ? ui : choice.value;
      const text = choice.value === SAME_AS_PAGE ? message(now, 'settings.same-saved') : message(now, 'settings.language-saved', { language: languageName(choice.value, now) });
      background.run(messageId, 'language saved', async () => {
        await api.sendText(to, text);
        if (saved.grade === undefined) await api.sendList(to, gradeList(now));
      });
      return;
    }
    if (choice.kind === 'subject') {
      await settings.save(to, subjectChange(choice.value));
      background.run(messageId, 'subject saved', () => api.sendText(to, subjectSavedMessage(choice.value, ui)));
      return;
    }
    await settings.save(to, { grade: choice.value });
    background.run(messageId, 'grade saved', () => api.sendText(to, `${message(ui, 'settings.grade-saved', { grade: choice.value })} ${message(ui, 'settings.ready')}`));
  }
}

/** The user's own words in a message: its text or its caption. */
function wordsOf(described: Described): string | undefined {
  if (described.kind === 'menu') return described.text;
  if (described.kind !== 'job') return undefined;
  return described.input.kind === 'text' ? described.input.text : described.caption;
}

/** What a message asks for. */
function describe(msg: InboundMessage): Described {
  switch (msg.type) {
    case 'text': {
      const text = (msg.text?.body ?? '').trim();
      if (!text) return { kind: 'ignore' };
      const word = settingsWord(text);
      return word ? { kind: 'menu', which: word, text } : { kind: 'job', input: { kind: 'text', text } };
    }
    case 'image':
    case 'document':
    case 'audio': {
      const media = msg[msg.type];
      if (!media) return { kind: 'ignore' };
      // A video sent "as a document" is still a video.
      if (msg.type === 'document' && media.mime_type?.startsWith('video/')) return { kind: 'unsupported' };
      // A document's file name names the reply document; it is user text, cleaned where it is used.
      const fileName = msg.type === 'document' && media.filename ? { fileName: media.filename.slice(0, 200) } : {};
      return { kind: 'job', input: { kind: 'media', mediaId: media.id, source: msg.type, ...fileName }, ...(media.caption ? { caption: media.caption } : {}) };
    }
    case 'interactive': {
      const id = msg.interactive?.list_reply?.id ?? msg.interactive?.button_reply?.id;
      const choice = id ? readChoice(id) : null;
      return choice ? { kind: 'choice', choice } : { kind: 'ignore' };
    }
    default:
      // Reactions, system notices and the like need no answer.
      return UNSUPPORTED_TYPES.has(msg.type) ? { kind: 'unsupported' } : { kind: 'ignore' };
  }
}
