import { LRUCache } from 'lru-cache';
import { StageError } from '../core/errors.js';
import { overBudgetReason } from './memory-budget.js';
import { silentLogger, type ModelLogger } from './model-logger.js';
import { raceAbort } from '../resilience/race-abort.js';

/** Anything the pool holds: a loaded model, a speech recognizer, a voice. Freed only by dispose(). */
export interface PooledHandle {
  dispose(): Promise<void>;
}

/** How to load one resource, and how much memory it will hold once loaded (estimated before loading). */
export interface PoolResource<H extends PooledHandle> {
  id: string;
  /** Estimated memory while loaded, in bytes (weights plus context). */
  bytes: number;
  load(signal?: AbortSignal): Promise<H>;
}

/** A loaded resource lent to one job: it cannot be evicted until released. */
export interface PoolLease<H extends PooledHandle> {
  readonly id: string;
  readonly handle: H;
  release(): void;
  [Symbol.dispose](): void;
}

export interface ModelPoolOptions {
  /** Most bytes all loaded resources may hold together, loads in flight and unfinished disposes included. */
  budgetBytes: number;
  /** Milliseconds an unused resource stays loaded; 0 keeps it until its room is needed. Defaults to 0. */
  idleUnloadMs?: number;
  /** Where loads, evictions and the pool size are logged. Defaults to no logging. */
  logger?: ModelLogger;
}

export interface PoolStats {
  budgetBytes: number;
  /** Loaded + loading + still being disposed: what the machine holds or is about to hold. */
  usedBytes: number;
  /** The most usedBytes ever reached. */
  peakBytes: number;
  loads: number;
  evictions: number;
  loaded: Array<{ id: string; bytes: number; inUse: number; idleMs: number }>;
  loading: string[];
}

interface Slot<H extends PooledHandle> {
  id: string;
  bytes: number;
  handle: H;
  pins: number;
  lastUsed: number;
  idleTimer?: NodeJS.Timeout;
}

interface PendingLoad<H extends PooledHandle> {
  promise: Promise<Slot<H>>;
  /** Requests waiting on this load; each gets one pin when it lands. */
  joiners: number;
}

/**
 * An LRU of loaded resources (keyed by id, sized by estimated bytes) under a memory budget.
 *
 * lru-cache keeps the recency order and the size total, but its eviction is synchronous and knows
 * nothing of resources in use, so the pool never lets it evict: before a load it makes room
 * itself, evicting unpinned entries from the least recently used end and awaiting each
 * dispose(), and it counts bytes that are loading or still being freed as used. The budget is
 * therefore never exceeded, not even between an eviction and the memory coming back. Loads are
 * single-flight (two requests for one id share one load) and a leased resource is never evicted;
 * a request that needs room held by leases waits for a release.
 */
export class ModelPool<H extends PooledHandle> {
  readonly budgetBytes: number;
  private readonly idleUnloadMs: number;
  private readonly logger: ModelLogger;
  private readonly cache: LRUCache<string, Slot<H>>;
  private readonly pending = new Map<string, PendingLoad<H>>();
  private reservedBytes = 0;
  private disposingBytes = 0;
  private peak = 0;
  private loadCount = 0;
  private evictionCount = 0;
  private listeners = new Set<() => void>();
  private closed = false;

  constructor(options: ModelPoolOptions) {
    if (!Number.isFinite(options.budgetBytes) || options.budgetBytes < 1) throw new RangeError('budgetBytes must be a positive number');
    this.budgetBytes = Math.floor(options.budgetBytes);
    this.idleUnloadMs = options.idleUnloadMs ?? 0;
    this.logger = options.logger ?? silentLogger;
    this.cache = new LRUCache<string, Slot<H>>({
      maxSize: this.budgetBytes,
      sizeCalculation: (slot) => Math.max(1, slot.bytes),
      // Never reached while the pool makes room first; if lru-cache ever evicted on its own the
      // memory must still be freed, and loudly.
      dispose: (slot, id, reason) => {
        if (reason === 'evict') {
          this.logger.error({ model: id }, 'model pool: lru-cache evicted an entry on its own; disposing it');
          void this.disposeSlot(slot, 'lru-cache');
        }
      },
    });
  }

  /** Loads (or reuses) the resource, runs fn with it, and releases it even when fn throws. */
  async use<T>(resource: PoolResource<H>, fn: (handle: H) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const lease = await this.acquire(resource, signal);
    try {
      return await fn(lease.handle);
    } finally {
      lease.release();
    }
  }

  /** A lease on the loaded resource: it stays loaded until release(). */
  async acquire(resource: PoolResource<H>, signal?: AbortSignal): Promise<PoolLease<H>> {
    for (;;) {
      if (this.closed) throw new StageError('models', 'the model pool is closed');
      signal?.throwIfAborted();
      const slot = this.cache.get(resource.id);
      if (slot) {
        this.pin(slot);
        return this.lease(slot);
      }
      let load = this.pending.get(resource.id);
      const mine = !load;
      if (!load) load = this.startLoad(resource, signal);
      load.joiners++;
      try {
        return this.lease(await settledOrAborted(load.promise, signal));
      } catch (err) {
        if (signal?.aborted) {
          // Counted as a joiner: the pin it would have had is given back when the load lands.
          load.promise.then((landed) => this.release(landed), () => undefined);
          throw err;
        }
        // Another request's cancellation ended a shared load: try again with our own.
        if (!mine && isAbort(err)) continue;
        throw err;
      }
    }
  }

  /** Why this resource can never be loaded here (it is bigger than the whole budget), or null. */
  overBudget(resource: { id: string; bytes: number }): string | null {
    return overBudgetReason(resource.id, Math.max(1, Math.ceil(resource.bytes)), this.budgetBytes);
  }

  stats(): PoolStats {
    const now = Date.now();
    return {
      budgetBytes: this.budgetBytes,
      usedBytes: this.usedBytes(),
      peakBytes: this.peak,
      loads: this.loadCount,
      evictions: this.evictionCount,
      loaded: [...this.cache.values()].map((s) => ({ id: s.id, bytes: s.bytes, inUse: s.pins, idleMs: s.pins > 0 ? 0 : now - s.lastUsed })),
      loading: [...this.pending.keys()],
    };
  }

  /** Waits for loads in flight, then disposes everything. Call after jobs have stopped. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.pending.values()].map((p) => p.promise));
    const slots = [...this.cache.values()];
    for (const slot of slots) {
      if (slot.pins > 0) this.logger.warn({ model: slot.id, inUse: slot.pins }, 'model pool closing while a model is in use');
    }
    await Promise.all(slots.map((slot) => this.evict(slot, 'pool closed')));
    this.notify();
  }

  private usedBytes(): number {
    return this.cache.calculatedSize + this.reservedBytes + this.disposingBytes;
  }

  /**
   * Registers the load before any of its work runs, and removes exactly that registration when it
   * settles: a load that fails at once (too big for the budget) must not outlive its failure.
   */
  private startLoad(resource: PoolResource<H>, signal: AbortSignal | undefined): PendingLoad<H> {
    const pending = { joiners: 0 } as PendingLoad<H>;
    this.pending.set(resource.id, pending);
    pending.promise = this.load(resource, pending, signal).finally(() => {
      if (this.pending.get(resource.id) === pending) this.pending.delete(resource.id);
    });
    return pending;
  }

  private async load(resource: PoolResource<H>, pending: PendingLoad<H>, signal: AbortSignal | undefined): Promise<Slot<H>> {
    const bytes = Math.max(1, Math.ceil(resource.bytes));
    const tooBig = overBudgetReason(resource.id, bytes, this.budgetBytes);
    if (tooBig) throw new StageError('models', tooBig);
    await this.makeRoom(bytes, resource.id, signal);
    const started = performance.now();
    let handle: H;
    try {
      handle = await resource.load(signal);
    } catch (err) {
      this.reservedBytes -= bytes;
      this.notify();
      throw err;
    }
    this.reservedBytes -= bytes;
    const slot: Slot<H> = { id: resource.id, bytes, handle, pins: pending.joiners, lastUsed: Date.now() };
    this.cache.set(resource.id, slot);
    this.loadCount++;
    this.logger.info(
      { model: resource.id, bytes, ms: Math.round(performance.now() - started), poolUsedBytes: this.usedBytes(), poolBudgetBytes: this.budgetBytes, loaded: [...this.cache.keys()] },
      'model loaded',
    );
    if (slot.pins === 0) this.scheduleIdle(slot);
    return slot;
  }

  /**
   * Evicts unpinned resources, least recently used first, until `bytes` more fit, then reserves
   * them. Check and reservation happen in one synchronous step, so two loads never both count
   * the same free room.
   */
  private async makeRoom(bytes: number, forId: string, signal: AbortSignal | undefined): Promise<void> {
    let waitedLogged = false;
    for (;;) {
      signal?.throwIfAborted();
      if (this.closed) throw new StageError('models', 'the model pool is closed');
      if (this.usedBytes() + bytes <= this.budgetBytes) {
        this.reservedBytes += bytes;
        this.peak = Math.max(this.peak, this.usedBytes());
        return;
      }
      const victim = this.leastRecentlyUsedIdle();
      if (victim) {
        await this.evict(victim, `making room for ${forId}`);
        continue;
      }
      if (!waitedLogged) {
        this.logger.info({ model: forId, bytes, poolUsedBytes: this.usedBytes(), poolBudgetBytes: this.budgetBytes }, 'model pool full of models in use: waiting for one to be released');
        waitedLogged = true;
      }
      await this.nextChange(signal);
    }
  }

  private leastRecentlyUsedIdle(): Slot<H> | undefined {
    for (const slot of this.cache.rvalues()) if (slot && slot.pins === 0) return slot;
    return undefined;
  }

  private async evict(slot: Slot<H>, reason: string): Promise<void> {
    if (this.cache.peek(slot.id) !== slot) return;
    // Removed from the LRU first (so nobody new can lease it), but its bytes stay counted until
    // dispose() has really freed them.
    this.cache.delete(slot.id);
    this.evictionCount++;
    await this.disposeSlot(slot, reason);
  }

  private async disposeSlot(slot: Slot<H>, reason: string): Promise<void> {
    clearTimeout(slot.idleTimer);
    this.disposingBytes += slot.bytes;
    const started = performance.now();
    try {
      await slot.handle.dispose();
    } catch (err) {
      this.logger.error({ model: slot.id, err: err instanceof Error ? err.message : String(err) }, 'model dispose failed');
    } finally {
      this.disposingBytes -= slot.bytes;
      this.logger.info(
        { model: slot.id, reason, ms: Math.round(performance.now() - started), poolUsedBytes: this.usedBytes(), poolBudgetBytes: this.budgetBytes, loaded: [...this.cache.keys()] },
        'model unloaded',
      );
      this.notify();
    }
  }

  private pin(slot: Slot<H>): void {
    slot.pins++;
    clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
  }

  private release(slot: Slot<H>): void {
    slot.pins = Math.max(0, slot.pins - 1);
    slot.lastUsed = Date.now();
    if (slot.pins === 0) {
      this.scheduleIdle(slot);
      this.notify();
    }
  }

  private lease(slot: Slot<H>): PoolLease<H> {
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.release(slot);
    };
    return { id: slot.id, handle: slot.handle, release, [Symbol.dispose]: release };
  }

  private scheduleIdle(slot: Slot<H>): void {
    if (this.idleUnloadMs <= 0) return;
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      if (slot.pins === 0) void this.evict(slot, 'idle');
    }, this.idleUnloadMs);
    slot.idleTimer.unref();
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = new Set();
    for (const listener of listeners) listener();
  }

  private nextChange(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.listeners.delete(done);
        reject(signal!.reason);
      };
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.listeners.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function isAbort(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/** The shared raceAbort, for callers that may have no signal. */
function settledOrAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal ? raceAbort(promise, signal) : promise;
}
