import {
  bulkhead as makeBulkhead,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  timeout,
  TimeoutStrategy,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { BusyError } from '../core/errors.js';
import { silentRemoteLogger, type RemoteLogger } from '../remote/remote-logger.js';
import { describeFailure } from './describe-failure.js';
import { BackendTimeoutError, CircuitOpenError } from './policy-errors.js';
import { raceAbort } from './race-abort.js';

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface BackendPolicyOptions {
  /** Name in logs and /healthz, e.g. "remote-api chat" or "local-model qwen2.5-1.5b". */
  name: string;
  /** Longest time one call may take; its AbortSignal fires then and the call counts as failed. */
  timeoutMs: number;
  /** Consecutive failures that open the circuit breaker. Defaults to 3. */
  failures?: number;
  /** Milliseconds an open breaker waits before it lets one test call through. Defaults to 30000. */
  halfOpenAfterMs?: number;
  /** Calls run at once and calls allowed to wait; beyond both, calls are refused as busy. Defaults to no limit. */
  bulkhead?: { concurrency: number; queue: number };
  /** Where breaker state changes and refusals are logged. Defaults to no logging. */
  logger?: RemoteLogger;
}

export interface BackendHealth {
  name: string;
  state: BreakerState;
  /** Failures in a row so far (the breaker opens at `failureThreshold`). */
  consecutiveFailures: number;
  failureThreshold: number;
  timeoutMs: number;
  /** When the breaker last opened, and when it will let a test call through. */
  openedAt?: string;
  halfOpenAt?: string;
  /** The last failure's reason (never user text) and time. */
  lastFailure?: { at: string; reason: string };
  bulkhead?: { running: number; queued: number; concurrency: number; queue: number; rejected: number };
}

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * cockatiel 3.2.1's own isTaskCancelledError tests the wrong marker property (it matches bulkhead
 * rejections, not timeouts), so the marker is read here.
 */
function isTaskCancelledError(err: unknown): boolean {
  return err instanceof Error && (err as { isTaskCancelledError?: unknown }).isTaskCancelledError === true;
}

/** AbortSignal.timeout() and our time budgets abort with a TimeoutError. */
function isTimeoutReason(reason: unknown): boolean {
  return typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
}

/**
 * Wraps a failure the breaker must not count: the caller's own cancellation, or a timeout of a run
 * that got less than half the timeout because it waited for a slot first (that says more about
 * load than about the backend).
 */
class Uncounted extends Error {
  constructor(readonly original: unknown) {
    super('not a backend failure');
  }
}

/**
 * The policies of one backend, composed from cockatiel: bulkhead (optional) -> circuit breaker ->
 * timeout. timeoutMs is what one caller may spend on the backend in all, waiting for a bulkhead
 * slot included: a caller still waiting at the deadline is answered "busy" (not counted), and a
 * run gets what is left of it. The timeout is aggressive, so its AbortSignal reaches the call
 * (fetch, node-llama-cpp) and the caller is answered at the deadline even if the backend ignores
 * the signal. The breaker counts errors and timeouts, never a busy refusal or a cancellation by
 * the caller (overload and impatience are not outages); after `failures` in a row it opens, and
 * after halfOpenAfterMs one test call decides between closed and open again (cockatiel closes the
 * breaker when that test ends in an error it does not count, such as the caller cancelling; the
 * next real failure counts again). Errors come out as CircuitOpenError, BusyError,
 * BackendTimeoutError or the backend's own.
 */
export class BackendPolicy {
  readonly name: string;
  readonly timeoutMs: number;
  private readonly failureThreshold: number;
  private readonly halfOpenAfterMs: number;
  private readonly counter: ConsecutiveBreaker;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly bulkhead: BulkheadPolicy | null;
  private readonly bulkheadLimits: { concurrency: number; queue: number } | null;
  private readonly logger: RemoteLogger;
  private readonly listeners = new Set<(state: BreakerState) => void>();
  private openedAt: number | null = null;
  private lastFailure: { at: number; reason: string } | null = null;
  private rejected = 0;

  constructor(options: BackendPolicyOptions) {
    if (!(options.timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
    this.name = options.name;
    this.timeoutMs = options.timeoutMs;
    this.failureThreshold = options.failures ?? 3;
    this.halfOpenAfterMs = options.halfOpenAfterMs ?? 30_000;
    this.logger = options.logger ?? silentRemoteLogger;
    this.counter = new ConsecutiveBreaker(this.failureThreshold);
    this.breaker = circuitBreaker(handleWhen((err) => !(err instanceof Uncounted) && !isBulkheadRejectedError(err)), {
      breaker: this.counter,
      halfOpenAfter: this.halfOpenAfterMs,
    });
    this.bulkheadLimits = options.bulkhead ?? null;
    this.bulkhead = options.bulkhead ? makeBulkhead(options.bulkhead.concurrency, options.bulkhead.queue) : null;
    this.breaker.onStateChange((state) => this.stateChanged(state));
    this.bulkhead?.onReject(() => {
      this.rejected++;
      this.logger.warn({ backend: this.name, ...this.bulkheadCounts() }, 'backend busy: request refused by its bulkhead');
    });
  }

  /** The breaker's state as the next caller will find it. */
  get state(): BreakerState {
    return STATE_NAMES[this.breaker.state];
  }

  /**
   * Why a call would be refused without reaching the backend, or null when it may go ahead. An
   * open breaker whose wait is over returns null: that call becomes the half-open test. While a
   * test call runs, others are told so rather than made to wait for its outcome.
   */
  skipReason(): string | null {
    const state = this.breaker.state;
    if (state === CircuitState.Isolated) return 'circuit isolated';
    if (state === CircuitState.HalfOpen) return 'circuit half-open: a test call is running';
    if (state === CircuitState.Open && this.openedAt !== null && Date.now() - this.openedAt < this.halfOpenAfterMs) return 'circuit open';
    if (this.bulkhead && this.bulkhead.executionSlots <= 0 && this.bulkhead.queueSlots <= 0) return this.busyMessage();
    return null;
  }

  /** Runs fn under the policies; fn must pass the signal it gets to its slow work. */
  async execute<T>(fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const caller = signal ?? new AbortController().signal;
    const deadline = Date.now() + this.timeoutMs;
    let started = false;
    const busy = () => new BusyError(`${this.name}: busy: waited ${this.timeoutMs} ms for a free slot`);
    const run = () => {
      started = true;
      const budget = deadline - Date.now();
      if (budget <= 0) return Promise.reject(busy());
      const runStart = Date.now();
      return this.breaker.execute(async ({ signal: breakerSignal }) => {
        try {
          return await timeout(budget, TimeoutStrategy.Aggressive).execute(({ signal: timed }) => fn(timed), breakerSignal);
        } catch (err) {
          const failure = this.classify(err, caller, budget, Date.now() - runStart);
          if (!(failure instanceof Uncounted)) this.lastFailure = { at: Date.now(), reason: describeFailure(failure) };
          throw failure;
        }
      }, caller);
    };
    // The bulkhead's queue listens to no signal: race the wait, so a caller that gives up or
    // reaches the deadline while waiting is answered now (its entry is dropped unrun when its turn comes).
    const waitLimit = new AbortController();
    const timer = this.bulkhead
      ? setTimeout(() => {
          if (!started) waitLimit.abort(busy());
        }, this.timeoutMs)
      : null;
    const waiting = AbortSignal.any([caller, waitLimit.signal]);
    try {
      return await raceAbort(this.bulkhead ? this.bulkhead.execute(run, waiting) : run(), waiting);
    } catch (err) {
      throw this.translate(err, caller);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  health(): BackendHealth {
    const state = this.state;
    return {
      name: this.name,
      state,
      consecutiveFailures: this.counter.state,
      failureThreshold: this.failureThreshold,
      timeoutMs: this.timeoutMs,
      ...(state === 'open' && this.openedAt !== null
        ? { openedAt: new Date(this.openedAt).toISOString(), halfOpenAt: new Date(this.openedAt + this.halfOpenAfterMs).toISOString() }
        : {}),
      ...(this.lastFailure ? { lastFailure: { at: new Date(this.lastFailure.at).toISOString(), reason: this.lastFailure.reason } } : {}),
      ...(this.bulkheadLimits ? { bulkhead: { ...this.bulkheadCounts(), ...this.bulkheadLimits, rejected: this.rejected } } : {}),
    };
  }

  /** Called on every breaker state change (after it is logged). Returns a function that unsubscribes. */
  onStateChange(listener: (state: BreakerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * What a failed run counts as. The caller's own cancellation never counts; its deadline does when
   * the run had at least half the policy's timeout to answer in (a tier chain or fallback chain
   * passes its time budget down as the signal). A run cut short because it waited for a slot first
   * does not count either.
   */
  private classify(err: unknown, caller: AbortSignal, budget: number, ranMs: number): unknown {
    const enough = this.timeoutMs / 2;
    if (caller.aborted) return isTimeoutReason(caller.reason) && ranMs >= enough ? new BackendTimeoutError(this.name, Math.round(ranMs)) : new Uncounted(err);
    if (!isTaskCancelledError(err)) return err;
    const timedOut = new BackendTimeoutError(this.name, budget);
    return budget < enough ? new Uncounted(timedOut) : timedOut;
  }

  private translate(err: unknown, caller: AbortSignal): unknown {
    if (caller.aborted) return caller.reason ?? (err instanceof Uncounted ? err.original : err);
    const failure = err instanceof Uncounted ? err.original : err;
    if (isBrokenCircuitError(failure)) return new CircuitOpenError(this.name);
    if (isBulkheadRejectedError(failure)) return new BusyError(`${this.name}: ${this.busyMessage()}`);
    return failure;
  }

  private stateChanged(state: CircuitState): void {
    const name = STATE_NAMES[state];
    if (state === CircuitState.Open) {
      this.openedAt = Date.now();
      // The breaker's own record of the failure that opened it; ours may not be set yet.
      const last = this.breaker.lastFailure;
      const reason = last && 'error' in last ? describeFailure(last.error) : undefined;
      this.logger.warn({ backend: this.name, state: name, failures: this.counter.state, reason, halfOpenAfterMs: this.halfOpenAfterMs }, 'circuit breaker opened: backend is not called until it recovers');
    } else if (state === CircuitState.HalfOpen) {
      this.logger.info({ backend: this.name, state: name }, 'circuit breaker half-open: one test call goes through');
    } else if (state === CircuitState.Closed) {
      this.openedAt = null;
      this.logger.info({ backend: this.name, state: name }, 'circuit breaker closed: backend recovered');
    } else {
      this.logger.warn({ backend: this.name, state: name }, 'circuit breaker isolated');
    }
    for (const listener of this.listeners) listener(name);
  }

  private bulkheadCounts(): { running: number; queued: number } {
    if (!this.bulkhead || !this.bulkheadLimits) return { running: 0, queued: 0 };
    return { running: this.bulkheadLimits.concurrency - this.bulkhead.executionSlots, queued: this.bulkheadLimits.queue - this.bulkhead.queueSlots };
  }

  private busyMessage(): string {
    const { running, queued } = this.bulkheadCounts();
    return `busy: ${running} running, ${queued} waiting`;
  }
}
