import type { JobRecord } from '../../src/core/job.js';

/** The platform name jobs are registered under. */
export const WHATSAPP_PLATFORM = 'whatsapp';
/** Prefix of WhatsApp's temporary files in the shared temp folder (see TempFiles). */
export const WHATSAPP_TEMP_PREFIX = 'wa-';

/** What the user sent, as plain JSON: text travels inside, media as its id (fetched when the job runs). */
export type WhatsAppJobInput =
  | { kind: 'text'; text: string }
  /** fileName: a document's own name ("chapter-4.pdf"), which a long reply's document is named after. */
  | { kind: 'media'; mediaId: string; source: 'image' | 'document' | 'audio'; fileName?: string };

/**
 * Everything the job needs, re-creatable after a restart. Settings are resolved when the message
 * arrives, so a page sent before a grade change is answered for the grade set when it was sent.
 */
export interface WhatsAppJobPayload {
  /** The user's WhatsApp id (their number with country code): where answers go. */
  to: string;
  /** The user's message id (wamid): quoted by the first answer, marked read. */
  messageId: string;
  uiLanguage: string;
  grade: number;
  targetLanguage: string | null;
  subject?: string;
  input: WhatsAppJobInput;
}

export function whatsappJobRecord(payload: WhatsAppJobPayload, now = Date.now()): JobRecord<WhatsAppJobPayload> {
  return {
    // The message id is the dedupe key: Meta redelivers a webhook for days until it gets a 200.
    id: `whatsapp:message:${payload.messageId}`,
    platform: WHATSAPP_PLATFORM,
    orderingKey: `whatsapp:user:${payload.to}`,
    userKey: `whatsapp:user:${payload.to}`,
    payload,
    createdAt: now,
  };
}
