import type { App, BlockAction, StaticSelectAction, types } from '@slack/bolt';
import type { UserPreferences } from '../../src/app/service-runtime.js';
import { LANGUAGE_CODES, LANGUAGES, isSupportedLanguage } from '../../src/core/languages.js';
import { languageName, message } from '../../src/core/messages.js';
import { SAME_AS_DOCUMENT, validGrade, type ResolvedSettings, type SlackSettings } from './slack-settings.js';
import { storedSubject } from '../shared/stored-subject.js';
import { NO_SUBJECT, SUBJECT_CHOICES, subjectChange, subjectChoice, subjectLabel } from '../shared/subject-choices.js';

export const GRADE_ACTION = 'shikshasetu_settings_grade';
export const LANGUAGE_ACTION = 'shikshasetu_settings_language';
export const SUBJECT_ACTION = 'shikshasetu_settings_subject';
const SETTINGS_ACTIONS = /^shikshasetu_settings_(grade|language|subject)$/;

function plain(text: string): types.PlainTextElement {
  // Block Kit caps option and placeholder text at 75 characters.
  return { type: 'plain_text', text: text.slice(0, 75), emoji: true };
}

function languageLabel(code: string): string {
  const info = LANGUAGES.get(code)!;
  return code === 'en' ? info.englishName : `${info.nativeName} (${info.englishName})`;
}

/** One line naming the current choice, in the user's language. */
export function settingsSummary(stored: UserPreferences, resolved: ResolvedSettings): string {
  const ui = resolved.uiLanguage;
  const language = stored.language === SAME_AS_DOCUMENT || resolved.targetLanguage === null ? message(ui, 'slack.settings-same-language') : languageName(resolved.targetLanguage, ui);
  const saved = message(ui, 'slack.settings-saved', { grade: resolved.grade, language });
  const subject = storedSubject(stored);
  return subject ? `${saved} ${message(ui, 'settings.current-subject', { subject: subjectLabel(subject, ui) })}` : saved;
}

/** Three selects (grade, reply language, usual subject) showing the current choice; the same blocks serve the ephemeral message and App Home. */
export function settingsBlocks(stored: UserPreferences, resolved: ResolvedSettings, note?: string): types.KnownBlock[] {
  const ui = resolved.uiLanguage;
  const gradeOptions = Array.from({ length: 12 }, (_, i) => ({ text: plain(message(ui, 'slack.settings-grade-option', { grade: i + 1 })), value: String(i + 1) }));
  const languageOptions = [
    { text: plain(message(ui, 'slack.settings-same-language')), value: SAME_AS_DOCUMENT },
    ...LANGUAGE_CODES.map((code) => ({ text: plain(languageLabel(code)), value: code })),
  ];
  const languageValue = resolved.targetLanguage ?? SAME_AS_DOCUMENT;
  const subjectOptions = [
    { text: plain(message(ui, 'subject.none')), value: NO_SUBJECT },
    ...SUBJECT_CHOICES.map((subject) => ({ text: plain(subjectLabel(subject, ui)), value: subject })),
  ];
  const subjectOption = subjectOptions.find((o) => o.value === storedSubject(stored));
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: plain(message(ui, 'slack.settings-intro')) },
    {
      type: 'actions',
      block_id: 'shikshasetu_settings',
      elements: [
        { type: 'static_select', action_id: GRADE_ACTION, placeholder: plain(message(ui, 'slack.settings-grade')), options: gradeOptions, initial_option: gradeOptions[resolved.grade - 1] },
        {
          type: 'static_select',
          action_id: LANGUAGE_ACTION,
          placeholder: plain(message(ui, 'slack.settings-language')),
          options: languageOptions,
          initial_option: languageOptions.find((o) => o.value === languageValue) ?? languageOptions[0],
        },
        // A typed subject outside the list (from an older setting) shows as no choice, not a wrong one.
        { type: 'static_select', action_id: SUBJECT_ACTION, placeholder: plain(message(ui, 'settings.change-subject')), options: subjectOptions, ...(subjectOption ? { initial_option: subjectOption } : {}) },
      ],
    },
  ];
  if (note) blocks.push({ type: 'context', elements: [{ type: 'plain_text', text: note, emoji: true }] });
  return blocks;
}

export function homeView(stored: UserPreferences, resolved: ResolvedSettings, note?: string): types.HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plain('ShikshaSetu') },
      ...settingsBlocks(stored, resolved, note),
      { type: 'context', elements: [{ type: 'plain_text', text: message(resolved.uiLanguage, 'slack.usage'), emoji: true }] },
    ],
  };
}

/** The preference a select chose, or null for a value that is not one of ours. */
export function settingsChange(actionId: string, value: string): UserPreferences | null {
  if (actionId === GRADE_ACTION) {
    const grade = Number(value);
    return validGrade(grade) ? { grade } : null;
  }
  if (actionId === LANGUAGE_ACTION) return value === SAME_AS_DOCUMENT || isSupportedLanguage(value) ? { language: value } : null;
  if (actionId === SUBJECT_ACTION) {
    const choice = subjectChoice(value);
    return choice ? subjectChange(choice) : null;
  }
  return null;
}

export interface SettingsUiDeps {
  settings: SlackSettings;
  /** Runs a Slack call after the acknowledgement, logging a failure instead of throwing. */
  background: (what: string, work: () => Promise<unknown>) => void;
}

/**
 * Select changes (from the ephemeral `/simplify settings` message or App Home) are acknowledged
 * first and stored; the confirmation is drawn after the acknowledgement, so a slow Slack call
 * never holds it up.
 */
export function registerSettingsUi(app: App, deps: SettingsUiDeps): void {
  app.action<BlockAction<StaticSelectAction>>(SETTINGS_ACTIONS, async ({ ack, body, action, client, respond }) => {
    await ack();
    const change = settingsChange(action.action_id, action.selected_option?.value ?? '');
    const teamId = body.team?.id ?? body.user.team_id;
    if (!change || !teamId) return;
    const stored = await deps.settings.save(teamId, body.user.id, change);
    const resolved = deps.settings.resolve(stored, {}, undefined, await deps.settings.localeOf(teamId, body.user.id));
    const note = settingsSummary(stored, resolved);
    if (body.view?.type === 'home') {
      deps.background('views.publish', () => client.views.publish({ user_id: body.user.id, view: homeView(stored, resolved, note) }));
    } else {
      deps.background('settings respond', () => respond({ replace_original: true, response_type: 'ephemeral', text: note, blocks: settingsBlocks(stored, resolved, note) }));
    }
  });

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = body.team_id;
    const { stored, locale } = await deps.settings.loadWithLocale(teamId, event.user);
    const resolved = deps.settings.resolve(stored, {}, undefined, locale);
    deps.background('views.publish', () => client.views.publish({ user_id: event.user, view: homeView(stored, resolved) }));
  });
}
