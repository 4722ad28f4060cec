import type { Api } from 'grammy';
import type { LanguageCode } from 'grammy/types';
import { message } from '../../src/core/messages.js';
import { MESSAGE_TABLES } from '../../src/core/message-tables.js';
import { BOT_COMMANDS } from './settings-commands.js';

/** The command menu, in every language the message tables have (English is the default menu). */
export async function publishCommands(api: Pick<Api, 'setMyCommands'>): Promise<void> {
  for (const language of Object.keys(MESSAGE_TABLES)) {
    const commands = BOT_COMMANDS.map((command) => ({ command, description: message(language, `command.${command}`) }));
    await api.setMyCommands(commands, language === 'en' ? {} : { language_code: language as LanguageCode });
  }
}
