import { describe, expect, it } from 'vitest';
import type { JobSteps } from '../../src/core/job.js';
import { message } from '../../src/core/messages.js';
import type { ReplyChannel } from '../../src/core/reply-channel.js';
import { PendingWorkingMessages } from '../../adapters/shared/pending-working-messages.js';

/** A JobSteps over a plain map, as the step log keeps them. */
function memorySteps(): JobSteps {
  const results = new Map<string, unknown>();
  return {
    async once<T>(name: string, fn: () => Promise<T>): Promise<T> {
      if (results.has(name)) return results.get(name) as T;
      const value = await fn();
      results.set(name, value);
      return value;
    },
    completed: () => [...results.keys()],
  };
}

/** A channel whose sendProgress resolves (or fails) only when the test says so. */
function heldChannel() {
  const sent: string[] = [];
  let settle: { resolve: (id: string) => void; reject: (err: unknown) => void } | null = null;
  const channel = {
    uiLanguage: 'en',
    sendProgress: (text: string) => {
      sent.push(text);
      return new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
    },
  } as unknown as ReplyChannel;
  return { channel, sent, resolve: (id: string) => settle!.resolve(id), reject: (err: unknown) => settle!.reject(err) };
}

describe('PendingWorkingMessages', () => {
  it('lets run() wait for a send still in flight and get its handle, so one message goes out', async () => {
    const working = new PendingWorkingMessages();
    const held = heldChannel();
    const hook = working.send('job-1', memorySteps(), held.channel, false, () => null);
    const seenByRun = working.result('job-1');
    held.resolve('m-7');
    await hook;
    expect(await seenByRun).toBe('m-7');
    expect(held.sent).toEqual([message('en', 'progress.working')]);
  });

  it('says "you are in line" instead when every worker is taken', async () => {
    const working = new PendingWorkingMessages();
    const held = heldChannel();
    const hook = working.send('job-1', memorySteps(), held.channel, true, () => null);
    held.resolve('m-1');
    await hook;
    expect(held.sent).toEqual([message('en', 'progress.queued')]);
  });

  it('turns a failed send into the failure value instead of a rejection', async () => {
    const working = new PendingWorkingMessages<'gone' | null>();
    const held = heldChannel();
    const errors: unknown[] = [];
    const hook = working.send('job-1', memorySteps(), held.channel, false, (err) => (errors.push(err), (err as Error).message === '403' ? 'gone' : null));
    held.reject(new Error('403'));
    await expect(hook).resolves.toBeUndefined();
    expect(await working.result('job-1')).toBe('gone');
    expect(errors).toHaveLength(1);
  });

  it('knows nothing of a job whose hook did not run here, or was forgotten', async () => {
    const working = new PendingWorkingMessages();
    expect(working.pending('job-9')).toBeUndefined();
    expect(await working.result('job-9')).toBeNull();
    const held = heldChannel();
    const hook = working.send('job-1', memorySteps(), held.channel, false, () => null);
    held.resolve('m-1');
    await hook;
    working.forget('job-1');
    expect(working.pending('job-1')).toBeUndefined();
    expect(await working.result('job-1')).toBeNull();
  });
});
