import type { Logger } from '../../src/log/logger.js';
import type { AnswerOptions } from '../../src/core/answer-chat-request.js';
import { buildReplyDocument } from '../../src/document/reply-document.js';

/**
 * What every chat adapter adds to answerChatRequest: long replies as a DOCX built here, and
 * operator hints (pull a model, set an API key, a breaker open) written to the log with the job's
 * own fields, never to the chat.
 */
export function replyExtras(logger: Logger, fields: Record<string, unknown>): Pick<AnswerOptions, 'buildDocument' | 'onAdminHints'> {
  return {
    buildDocument: buildReplyDocument,
    onAdminHints: (hints) => logger.warn({ ...fields, hints }, 'a reply needed something only the operator can fix'),
  };
}
