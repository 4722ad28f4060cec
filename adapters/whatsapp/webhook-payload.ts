import { z } from 'zod';

/**
 * The parts of a WhatsApp Cloud API `messages` webhook the adapter reads, checked with zod. Meta
 * adds fields over time, so unknown ones pass through; what is read must have the documented
 * shape or the whole delivery is refused as malformed (400).
 *
 * { object: 'whatsapp_business_account', entry: [{ id, changes: [{ field: 'messages', value: {
 *   messaging_product, metadata: { phone_number_id }, contacts?, messages?, statuses? } }] }] }
 */

const media = z.looseObject({ id: z.string(), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional(), voice: z.boolean().optional() });

const inboundMessage = z.looseObject({
  id: z.string().min(1).max(256),
  from: z.string().min(1).max(64),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: media.optional(),
  document: media.optional(),
  audio: media.optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      list_reply: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
      button_reply: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
});

const statusError = z.looseObject({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() });

const statusUpdate = z.looseObject({
  id: z.string(),
  status: z.string(),
  recipient_id: z.string().optional(),
  errors: z.array(statusError).optional(),
});

const change = z.looseObject({
  field: z.string().optional(),
  value: z.looseObject({
    metadata: z.looseObject({ phone_number_id: z.string().optional() }).optional(),
    contacts: z.array(z.looseObject({ wa_id: z.string().optional() })).optional(),
    messages: z.array(inboundMessage).optional(),
    statuses: z.array(statusUpdate).optional(),
  }),
});

const webhook = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.looseObject({ changes: z.array(change) })),
});

export type InboundMessage = z.infer<typeof inboundMessage>;
export type StatusUpdate = z.infer<typeof statusUpdate>;

export interface WebhookContents {
  /** Messages sent to the given phone number id, oldest first. */
  messages: Array<{ message: InboundMessage; phoneNumberId: string | undefined }>;
  statuses: StatusUpdate[];
}

/** The messages and status callbacks of one delivery, or null when it is not a WhatsApp webhook. */
export function readWebhook(body: unknown): WebhookContents | null {
  const parsed = webhook.safeParse(body);
  if (!parsed.success) return null;
  const contents: WebhookContents = { messages: [], statuses: [] };
  for (const entry of parsed.data.entry) {
    for (const { value } of entry.changes) {
      const phoneNumberId = value.metadata?.phone_number_id;
      for (const message of value.messages ?? []) contents.messages.push({ message, phoneNumberId });
      contents.statuses.push(...(value.statuses ?? []));
    }
  }
  return contents;
}
