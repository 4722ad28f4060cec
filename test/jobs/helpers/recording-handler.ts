import type { JobHandler, JobRecord, JobSteps } from '../../../src/core/job.js';

export function job(id: string, chat: string, user = chat, payload: Record<string, unknown> = {}): JobRecord<Record<string, unknown>> {
  return { id, platform: 'test', orderingKey: `chat:${chat}`, userKey: `user:${user}`, payload, createdAt: Date.now() };
}

export interface RecordingHandler extends JobHandler<Record<string, unknown>> {
  /** "start <id>" and "end <id>" in the order they happened, across every run. */
  events: string[];
  /** Visible steps actually performed (not replayed from the log), as "<id>:<step>". */
  sent: string[];
  failures: Array<{ id: string; reason: string }>;
  /** Jobs running right now, by chat: the most seen at once per chat. */
  maxPerChat: Map<string, number>;
  /** The most jobs running at once. */
  maxRunning: number;
}

export interface RecordingBehaviour {
  /** How long a run takes, by job id. Defaults to 0. */
  ms?: (id: string) => number;
  /** Throw in this run (1-based, counted per job in this handler)? Defaults to never. */
  fail?: (id: string, run: number) => boolean;
  /** Never finish (until aborted) in this run? Defaults to never. */
  hang?: (id: string, run: number) => boolean;
}

/**
 * A job handler that does what a chat handler does, in small: a "progress" step, the work, then
 * a "reply" step, each through JobSteps. It records what really happened, so a test sees
 * whether a resumed job sent a step twice, whether two jobs of a chat overlapped, and how often
 * the user was told about a failure.
 */
export function recordingHandler(behaviour: RecordingBehaviour = {}): RecordingHandler {
  const runsPerJob = new Map<string, number>();
  const runningPerChat = new Map<string, number>();
  let running = 0;
  const handler: RecordingHandler = {
    events: [],
    sent: [],
    failures: [],
    maxPerChat: new Map(),
    maxRunning: 0,
    async run(record: JobRecord<Record<string, unknown>>, steps: JobSteps, signal: AbortSignal) {
      const run = (runsPerJob.get(record.id) ?? 0) + 1;
      runsPerJob.set(record.id, run);
      const chat = record.orderingKey;
      runningPerChat.set(chat, (runningPerChat.get(chat) ?? 0) + 1);
      handler.maxPerChat.set(chat, Math.max(handler.maxPerChat.get(chat) ?? 0, runningPerChat.get(chat)!));
      running += 1;
      handler.maxRunning = Math.max(handler.maxRunning, running);
      handler.events.push(`start ${record.id}`);
      try {
        await steps.once('progress', async () => {
          handler.sent.push(`${record.id}:progress`);
          return `handle-${record.id}`;
        });
        if (behaviour.hang?.(record.id, run)) {
          await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
        }
        const ms = behaviour.ms?.(record.id) ?? 0;
        if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
        if (behaviour.fail?.(record.id, run)) throw new Error(`run ${run} of ${record.id} failed`);
        await steps.once('reply', async () => {
          handler.sent.push(`${record.id}:reply`);
        });
        handler.events.push(`end ${record.id}`);
      } finally {
        running -= 1;
        runningPerChat.set(chat, runningPerChat.get(chat)! - 1);
      }
    },
    async failed(record: JobRecord<Record<string, unknown>>, steps: JobSteps, error: unknown) {
      await steps.once('apology', async () => {
        handler.failures.push({ id: record.id, reason: error instanceof Error ? error.message : String(error) });
      });
    },
  };
  return handler;
}

/** Resolves when probe() is true, checking every 20 ms; rejects after timeoutMs. */
export async function until(probe: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
