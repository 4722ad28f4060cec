import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { InputRefusedError, isInputRefused } from '../../src/core/errors.js';
import { asBuffer, JobChannel, movable } from '../../src/app/job-channel.js';

function pair(): [JobChannel, JobChannel] {
  const { port1, port2 } = new MessageChannel();
  return [new JobChannel(port1), new JobChannel(port2)];
}

describe('JobChannel', () => {
  it('answers calls in both directions, and a call made while answering one', async () => {
    const [main, thread] = pair();
    thread.handle('double', async (n) => ({ value: (n as number) * 2 }));
    main.handle('simplify', async (text) => ({ value: `${String(text)} (simplified on ${await main.call<number>('double', 21)})` }));
    expect(await thread.call('simplify', 'Plants need water')).toBe('Plants need water (simplified on 42)');
    main.close();
  });

  it('rejects with the other side\'s error, its code and params intact', async () => {
    const [main, thread] = pair();
    main.handle('transcribe', async () => {
      throw new InputRefusedError('speech-not-installed', 'no local model', { language: 'ta' });
    });
    const err = await thread.call('transcribe', null).catch((e: unknown) => e);
    expect(isInputRefused(err) && [err.code, err.params]).toEqual(['speech-not-installed', { language: 'ta' }]);
    main.close();
  });

  it('an aborted call rejects with the signal\'s reason at once, and its late answer is dropped', async () => {
    const [main, thread] = pair();
    let finish: (() => void) | undefined;
    main.handle('slow', () => new Promise((resolve) => (finish = () => resolve({ value: 'late' }))));
    const controller = new AbortController();
    const call = thread.call('slow', null, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reason = new DOMException('cancelled', 'AbortError');
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    finish?.();
    expect(await thread.call('missing', null).catch((e: Error) => e.message)).toBe('no handler for missing');
    main.close();
  });

  it('when one side closes, the other side\'s waiting calls reject and it hears of it', async () => {
    const [main, thread] = pair();
    main.handle('never', () => new Promise(() => undefined));
    const closed = new Promise<void>((resolve) => thread.onClose(resolve));
    const call = thread.call('never', null);
    main.close();
    await expect(call).rejects.toThrow(/gone|closed/);
    await closed;
    await expect(thread.call('never', null)).rejects.toThrow();
  });

  it('delivers an event sent just before closing', async () => {
    const [main, thread] = pair();
    const got = new Promise((resolve) => main.on('done', resolve));
    thread.emit('done', { ok: true });
    thread.close();
    expect(await got).toEqual({ ok: true });
  });

  it('moves a buffer it owns whole, and copies a view into a shared one first', () => {
    const own = new Float32Array(1000);
    expect(movable(own).view).toBe(own);
    const whole = new ArrayBuffer(4096);
    const part = new Uint8Array(whole, 100, 50);
    part.fill(7);
    const moved = movable(part);
    expect(moved.view).not.toBe(part);
    expect(moved.buffer.byteLength).toBe(50);
    expect([...moved.view.subarray(0, 3)]).toEqual([7, 7, 7]);

    const { port1, port2 } = new MessageChannel();
    port1.postMessage(moved.view, [moved.buffer]);
    expect(part.byteLength).toBe(50); // the caller's view is untouched
    expect(moved.buffer.byteLength).toBe(0); // the copy was moved, not cloned
    port1.close();
    port2.close();
    expect(asBuffer(new Uint8Array([1, 2, 3]))).toEqual(Buffer.from([1, 2, 3]));
  });
});
