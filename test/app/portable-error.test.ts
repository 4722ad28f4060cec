import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { BusyError, DisposedError, InputRefusedError, StageError, isAbortError, isBusyError, isDisposedError, isInputRefused, isStageError } from '../../src/core/errors.js';
import { PathDeclinedError, isPathDeclined } from '../../src/resilience/path-declined-error.js';
import { CircuitOpenError, isCircuitOpenError } from '../../src/resilience/policy-errors.js';
import { fromPortableError, toPortableError, type PortableError } from '../../src/app/portable-error.js';

/** Through a real MessagePort, as between threads: structured cloning, not just a function call. */
async function acrossThreads(err: unknown): Promise<Error> {
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<PortableError>((resolve) => port2.once('message', resolve));
  port1.postMessage(toPortableError(err));
  const portable = await received;
  port1.close();
  return fromPortableError(portable);
}

describe('portable errors', () => {
  it('a plain structured clone loses what the guards read (why this module exists)', async () => {
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage(new InputRefusedError('too-large', 'big', { limit: '20 MB' }));
    const cloned = await received;
    port1.close();
    expect(isInputRefused(cloned)).toBe(false);
  });

  it('keeps a refusal\'s kind, code and params, and its class', async () => {
    const back = await acrossThreads(new InputRefusedError('text-too-long', 'the text has 120000 characters', { limit: 100000, chars: 120000 }));
    expect(isInputRefused(back)).toBe(true);
    expect(back).toBeInstanceOf(InputRefusedError);
    expect(back).toMatchObject({ code: 'text-too-long', params: { limit: 100000, chars: 120000 }, message: 'the text has 120000 characters' });
  });

  it('keeps BusyError\'s retry time, StageError\'s stage and DisposedError\'s message', async () => {
    const busy = await acrossThreads(new BusyError('local model queue full', 42));
    expect(isBusyError(busy) && busy.retryAfterSec).toBe(42);
    const stage = await acrossThreads(new StageError('speak', 'no voice', true));
    expect(isStageError(stage) && [stage.stage, stage.isRetryable, stage.message]).toEqual(['speak', true, 'no voice']);
    const disposed = await acrossThreads(new DisposedError('OggOpusEncoder'));
    expect(isDisposedError(disposed) && disposed.message).toBe('OggOpusEncoder was used after it was disposed');
  });

  it('keeps the resilience errors the fallback chain tells apart', async () => {
    const declined = await acrossThreads(new PathDeclinedError('no model', [{ path: 'local-model', name: 'local model', outcome: 'skipped', reason: 'none installed' }]));
    expect(isPathDeclined(declined) && declined.attempts).toEqual([{ path: 'local-model', name: 'local model', outcome: 'skipped', reason: 'none installed' }]);
    const open = await acrossThreads(new CircuitOpenError('remote-api chat'));
    expect(isCircuitOpenError(open) && open.backend).toBe('remote-api chat');
  });

  it('keeps aborts recognisable, and an unknown error\'s name, fields and cause', async () => {
    const aborted = await acrossThreads(new DOMException('the job was cancelled', 'AbortError'));
    expect(isAbortError(aborted)).toBe(true);
    const timeout = await acrossThreads(AbortSignal.timeout(0).reason ?? new DOMException('t', 'TimeoutError'));
    expect(isAbortError(timeout)).toBe(true);

    const inner = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    const outer = Object.assign(new TypeError('could not read'), { cause: inner, detail: { tries: 2 }, callback: () => 1 });
    const back = await acrossThreads(outer);
    expect(back).toMatchObject({ name: 'TypeError', message: 'could not read', detail: { tries: 2 } });
    expect((back as { callback?: unknown }).callback).toBeUndefined();
    expect(back.cause).toMatchObject({ message: 'ENOENT: no such file', code: 'ENOENT' });
  });

  it('turns thrown non-errors and cyclic fields into data without throwing', async () => {
    expect((await acrossThreads('plain string')).message).toBe('plain string');
    expect((await acrossThreads({ not: 'an error' })).message).toBe('{"not":"an error"}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const back = await acrossThreads(Object.assign(new Error('cyclic'), { cyclic, kept: 1 }));
    expect(back).toMatchObject({ message: 'cyclic', kept: 1 });
    expect((back as { cyclic?: unknown }).cyclic).toBeUndefined();
  });
});
