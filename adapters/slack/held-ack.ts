import { ReceiverMultipleAckError, type App, type ReceiverEvent } from '@slack/bolt';

/**
 * Bolt acknowledges an Events API request before its listeners run. Here the acknowledgement is
 * held until the listeners return, so the job a listener enqueues is stored before Slack hears
 * "received": a crash in between makes Slack retry instead of losing the request. Listeners only
 * accept work (quick), so the hold costs milliseconds. Should processing ever take longer than
 * flushAfterMs, the stored acknowledgement is sent anyway: a slash command must be answered
 * within 3 s, and a late retry would be caught by dedupe.
 */
export async function processHoldingAck(app: Pick<App, 'processEvent'>, event: ReceiverEvent, flushAfterMs = 2500): Promise<void> {
  let stored: { response: unknown } | null = null;
  let sent = false;
  const release = async () => {
    if (!stored || sent) return;
    sent = true;
    await event.ack(stored.response);
  };
  const held: ReceiverEvent = {
    ...event,
    ack: async (response?: unknown) => {
      if (stored) throw new ReceiverMultipleAckError();
      stored = { response };
    },
  };
  const timer = setTimeout(() => void release().catch(() => undefined), flushAfterMs);
  try {
    await app.processEvent(held);
  } finally {
    clearTimeout(timer);
  }
  await release();
}
