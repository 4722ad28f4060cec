import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isBusyError } from '../../src/core/errors.js';
import { BackendPolicy } from '../../src/resilience/backend-policy.js';
import { isBackendTimeoutError, isCircuitOpenError } from '../../src/resilience/policy-errors.js';
import { captureLogger } from '../remote/helpers/capture-logger.js';
import { FaultInjectingBackend } from './helpers/fault-injecting-backend.js';

function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
}

describe('BackendPolicy circuit breaker (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('walks closed -> open -> half-open -> closed, never calling the backend while open, and logs each change', async () => {
    const capture = captureLogger('info');
    const backend = new FaultInjectingBackend();
    const policy = new BackendPolicy({ name: 'local-model fake-1b', timeoutMs: 10_000, failures: 3, halfOpenAfterMs: 30_000, logger: capture.logger });
    const states: string[] = [];
    policy.onStateChange((s) => states.push(s));
    const call = () => settle(policy.execute((signal) => backend.answer('Text.', signal)));

    backend.fault = 'crash';
    for (let i = 1; i <= 2; i++) {
      expect((await call()).ok).toBe(false);
      expect(policy.state).toBe('closed');
      expect(policy.health().consecutiveFailures).toBe(i);
    }
    expect((await call()).ok).toBe(false);
    expect(policy.state).toBe('open');
    expect(policy.skipReason()).toBe('circuit open');
    expect(backend.calls).toBe(3);

    // Open: refused at once, and the backend is not touched even though it would now answer.
    backend.fault = 'none';
    const refused = await call();
    expect(!refused.ok && isCircuitOpenError(refused.error)).toBe(true);
    expect(backend.calls).toBe(3);

    await vi.advanceTimersByTimeAsync(29_999);
    expect(policy.skipReason()).toBe('circuit open');
    await vi.advanceTimersByTimeAsync(1);
    // The wait is over: the next call is let through as the half-open test.
    expect(policy.skipReason()).toBeNull();

    let open!: () => void;
    backend.fault = { gate: new Promise<void>((resolve) => (open = resolve)) };
    const test = call();
    await vi.advanceTimersByTimeAsync(0);
    expect(policy.state).toBe('half-open');
    expect(policy.skipReason()).toBe('circuit half-open: a test call is running');
    open();
    expect(await test).toEqual({ ok: true, value: 'Text.' });
    expect(policy.state).toBe('closed');
    expect(policy.health().consecutiveFailures).toBe(0);
    expect(backend.calls).toBe(4);
    expect(states).toEqual(['open', 'half-open', 'closed']);

    const logged = capture.lines().map((l) => ({ msg: l.msg, backend: l.backend, state: l.state }));
    expect(logged).toEqual([
      { msg: 'circuit breaker opened: backend is not called until it recovers', backend: 'local-model fake-1b', state: 'open' },
      { msg: 'circuit breaker half-open: one test call goes through', backend: 'local-model fake-1b', state: 'half-open' },
      { msg: 'circuit breaker closed: backend recovered', backend: 'local-model fake-1b', state: 'closed' },
    ]);
    expect(capture.lines()[0]).toMatchObject({ failures: 3, reason: 'failed: llama_decode failed: the model crashed', halfOpenAfterMs: 30_000 });
  });

  it('opens again for another full wait when the half-open test fails', async () => {
    const backend = new FaultInjectingBackend();
    const policy = new BackendPolicy({ name: 'b', timeoutMs: 5_000, failures: 2, halfOpenAfterMs: 10_000 });
    backend.fault = 'crash';
    for (let i = 0; i < 2; i++) await settle(policy.execute((s) => backend.answer('x', s)));
    expect(policy.state).toBe('open');
    const openedAt = policy.health().openedAt;
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await settle(policy.execute((s) => backend.answer('x', s)))).ok).toBe(false);
    expect(policy.state).toBe('open');
    expect(policy.health().openedAt).not.toBe(openedAt);
    expect(policy.skipReason()).toBe('circuit open');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(policy.skipReason()).toBe('circuit open');
    expect(backend.calls).toBe(3);
  });

  it('times out a hung call: the signal given to the backend fires and the caller is answered at the deadline', async () => {
    const backend = new FaultInjectingBackend();
    const policy = new BackendPolicy({ name: 'b', timeoutMs: 2_000 });
    backend.fault = 'hang';
    const pending = settle(policy.execute((s) => backend.answer('x', s)));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(backend.signals[0]!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;
    expect(!result.ok && isBackendTimeoutError(result.error) && result.error.message).toBe('timed out after 2000 ms');
    expect(backend.signals[0]!.aborted).toBe(true);
  });

  it('answers at the deadline even when the backend ignores the abort, and counts timeouts against the breaker', async () => {
    const backend = new FaultInjectingBackend();
    const policy = new BackendPolicy({ name: 'b', timeoutMs: 1_000, failures: 3 });
    backend.fault = 'hang-ignoring-abort';
    for (let i = 0; i < 3; i++) {
      const pending = settle(policy.execute((s) => backend.answer('x', s)));
      await vi.advanceTimersByTimeAsync(1_000);
      const result = await pending;
      expect(!result.ok && isBackendTimeoutError(result.error)).toBe(true);
    }
    expect(policy.state).toBe('open');
    expect(policy.health().lastFailure?.reason).toBe('timed out after 1000 ms');
  });

  it('counts the caller\'s deadline when the backend had at least half its timeout, and not otherwise', async () => {
    const backend = new FaultInjectingBackend();
    const policy = new BackendPolicy({ name: 'b', timeoutMs: 1_000, failures: 5 });
    backend.fault = 'hang';
    const callWithDeadline = async (afterMs: number) => {
      const controller = new AbortController();
      const pending = settle(policy.execute((s) => backend.answer('x', s), controller.signal));
      await vi.advanceTimersByTimeAsync(afterMs);
      controller.abort(new DOMException('the tier budget ran out', 'TimeoutError'));
      const result = await pending;
      // The caller is answered at once; the breaker hears of the run's end a few ticks later.
      await vi.advanceTimersByTimeAsync(1);
      return result;
    };
    await callWithDeadline(200);
    expect(policy.health().consecutiveFailures).toBe(0);
    const counted = await callWithDeadline(600);
    expect(!counted.ok && (counted.error as Error).name).toBe('TimeoutError');
    expect(policy.health()).toMatchObject({ consecutiveFailures: 1, lastFailure: { reason: 'timed out after 600 ms' } });
  });

  it('does not count the caller\'s own cancellation as a backend failure', async () => {
    const backend = new FaultInjectingBackend();
    const policy = new BackendPolicy({ name: 'b', timeoutMs: 60_000, failures: 2 });
    backend.fault = 'hang';
    for (let i = 0; i < 4; i++) {
      const controller = new AbortController();
      const pending = settle(policy.execute((s) => backend.answer('x', s), controller.signal));
      controller.abort(new Error('job cancelled'));
      const result = await pending;
      expect(!result.ok && (result.error as Error).message).toBe('job cancelled');
    }
    expect(policy.state).toBe('closed');
    expect(policy.health().consecutiveFailures).toBe(0);
  });
});

describe('BackendPolicy bulkhead', () => {
  it('runs up to the concurrency, queues up to the queue length and refuses the rest as busy without counting it', async () => {
    const backend = new FaultInjectingBackend();
    const policy = new BackendPolicy({ name: 'local-model fake-1b', timeoutMs: 60_000, failures: 1, bulkhead: { concurrency: 1, queue: 1 } });
    let open!: () => void;
    backend.fault = { gate: new Promise<void>((resolve) => (open = resolve)) };
    const first = policy.execute((s) => backend.answer('one', s));
    const second = policy.execute((s) => backend.answer('two', s));
    expect(policy.skipReason()).toBe('busy: 1 running, 1 waiting');
    const third = await settle(policy.execute((s) => backend.answer('three', s)));
    expect(!third.ok && isBusyError(third.error) && third.error.message).toBe('local-model fake-1b: busy: 1 running, 1 waiting');
    expect(backend.calls).toBe(1);
    // A busy refusal is not an outage: with failures: 1 any counted failure would have opened it.
    expect(policy.state).toBe('closed');
    expect(policy.health().bulkhead).toEqual({ running: 1, queued: 1, concurrency: 1, queue: 1, rejected: 1 });
    open();
    expect(await first).toBe('one');
    expect(await second).toBe('two');
    expect(policy.skipReason()).toBeNull();
  });

  it('counts the wait for a slot in the timeout: a caller still waiting at the deadline is told "busy", a late start gets what is left', async () => {
    vi.useFakeTimers();
    try {
      const backend = new FaultInjectingBackend();
      const policy = new BackendPolicy({ name: 'b', timeoutMs: 1_000, failures: 1, bulkhead: { concurrency: 1, queue: 2 } });
      backend.fault = 'hang';
      const first = settle(policy.execute((s) => backend.answer('one', s)));
      const second = settle(policy.execute((s) => backend.answer('two', s)));
      await vi.advanceTimersByTimeAsync(400);
      const third = settle(policy.execute((s) => backend.answer('three', s)));
      await vi.advanceTimersByTimeAsync(600);
      // At 1000 ms: the first run times out (counted: the breaker, at failures: 1, opens), the
      // second waited its whole timeout and is told busy without ever running.
      const [a, b] = await Promise.all([first, second]);
      expect(!a.ok && isBackendTimeoutError(a.error) && a.error.message).toBe('timed out after 1000 ms');
      expect(!b.ok && isBusyError(b.error) && b.error.message).toBe('b: busy: waited 1000 ms for a free slot');
      expect(policy.state).toBe('open');
      await vi.advanceTimersByTimeAsync(400);
      // The third was let in at 1000 ms but the breaker had opened meanwhile: refused, never run.
      const c = await third;
      expect(!c.ok && isCircuitOpenError(c.error)).toBe(true);
      expect(backend.calls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives a run that started late only the rest of the timeout, without counting its timeout', async () => {
    vi.useFakeTimers();
    try {
      const backend = new FaultInjectingBackend();
      const policy = new BackendPolicy({ name: 'b', timeoutMs: 1_000, failures: 1, bulkhead: { concurrency: 1, queue: 1 } });
      let open!: () => void;
      backend.fault = { gate: new Promise<void>((resolve) => (open = resolve)) };
      const first = policy.execute((s) => backend.answer('one', s));
      await vi.advanceTimersByTimeAsync(100);
      const second = settle(policy.execute((s) => backend.answer('two', s)));
      await vi.advanceTimersByTimeAsync(700);
      backend.fault = 'hang';
      open();
      expect(await first).toBe('one');
      await vi.advanceTimersByTimeAsync(300);
      const late = await second;
      expect(!late.ok && isBackendTimeoutError(late.error) && late.error.message).toBe('timed out after 300 ms');
      expect(policy.state).toBe('closed');
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets a queued caller that gives up go at once, and never runs its work', async () => {
    const backend = new FaultInjectingBackend();
    const policy = new BackendPolicy({ name: 'b', timeoutMs: 60_000, bulkhead: { concurrency: 1, queue: 5 } });
    let open!: () => void;
    backend.fault = { gate: new Promise<void>((resolve) => (open = resolve)) };
    const first = policy.execute((s) => backend.answer('one', s));
    const controller = new AbortController();
    const queued = settle(policy.execute((s) => backend.answer('two', s), controller.signal));
    controller.abort(new Error('gave up'));
    const result = await queued;
    expect(!result.ok && (result.error as Error).message).toBe('gave up');
    open();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(backend.calls).toBe(1);
  });
});
