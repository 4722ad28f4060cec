import { isBusyError, isInputRefused } from '../core/errors.js';
import type { PathAttempt, ServingPath } from '../core/ports.js';
import { silentRemoteLogger, type RemoteLogger } from '../remote/remote-logger.js';
import type { BackendPolicy } from './backend-policy.js';
import { describeFailure } from './describe-failure.js';
import { isPathDeclined } from './path-declined-error.js';
import { isCircuitOpenError } from './policy-errors.js';
import { raceAbort } from './race-abort.js';

/** One way of doing the task: a local model, the remote API... */
export interface ChainLink<Req, Res> {
  path: ServingPath;
  /** Short name for the report, e.g. "local model qwen2.5-1.5b" or "remote API". */
  name: string;
  model?: string;
  /** Breaker, bulkhead and timeout around run. Defaults to none: run is called as it is. */
  policy?: BackendPolicy;
  /** Does the work; must pass the signal to every slow call. */
  run(request: Req, signal: AbortSignal): Promise<Res>;
  /** Judges the result; a rejected one moves on to the next link. Defaults to accepting it. */
  check?(result: Res, request: Req): { passed: boolean; reason: string };
  /** Attempts the link recorded inside itself (its model tiers); they replace its own row in the report. */
  innerAttempts?(result: Res): PathAttempt[] | undefined;
}

export interface ChainOutcome<Req, Res> {
  result: Res | null;
  link: ChainLink<Req, Res> | null;
  /** One row per link (or per inner try), in order: the report shows why each did not serve. */
  attempts: PathAttempt[];
  /** True when a link was passed over because it was busy: with no result, the user is told to try again. */
  busy: boolean;
}

export interface FallbackChainOptions<Req, Res> {
  /** Task name for the logs, e.g. "simplify". */
  task: string;
  links: ReadonlyArray<ChainLink<Req, Res>>;
  /**
   * Time for all links together, in ms: a link starts only while some is left and is cut off when
   * it runs out, so what follows the chain (the rule-based path) still answers in time. Defaults
   * to no limit but the caller's signal.
   */
  budgetMs?: number;
  /** Defaults to no logging. */
  logger?: RemoteLogger;
}

/**
 * Tries links in order until one serves a result that passes its check. Every link gets a row in
 * the attempts: served, failed with a reason, rejected (failed validation) or skipped (circuit
 * open, busy, time budget spent) — a skipped link is never called. A refusal of the user's input
 * is not a backend failure: it ends the chain and reaches the user. So does the caller's abort.
 */
export class FallbackChain<Req, Res> {
  private readonly logger: RemoteLogger;

  constructor(private readonly options: FallbackChainOptions<Req, Res>) {
    this.logger = options.logger ?? silentRemoteLogger;
  }

  get links(): ReadonlyArray<ChainLink<Req, Res>> {
    return this.options.links;
  }

  async run(request: Req, signal?: AbortSignal): Promise<ChainOutcome<Req, Res>> {
    const attempts: PathAttempt[] = [];
    let busy = false;
    const deadline = this.options.budgetMs === undefined ? Infinity : performance.now() + this.options.budgetMs;
    const row = (link: ChainLink<Req, Res>, outcome: PathAttempt['outcome'], reason?: string, ms?: number): PathAttempt => ({
      path: link.path,
      name: link.name,
      ...(link.model ? { model: link.model } : {}),
      outcome,
      ...(reason ? { reason } : {}),
      ...(ms !== undefined ? { ms } : {}),
    });

    for (const link of this.options.links) {
      signal?.throwIfAborted();
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        attempts.push(row(link, 'skipped', 'time budget spent'));
        continue;
      }
      const skip = link.policy?.skipReason();
      if (skip) {
        busy ||= skip.startsWith('busy');
        attempts.push(row(link, 'skipped', skip));
        this.logger.info({ task: this.options.task, path: link.path, backend: link.name, reason: skip }, 'path skipped');
        continue;
      }
      const started = performance.now();
      const budget = Number.isFinite(remaining) ? new AbortController() : null;
      const timer = budget ? setTimeout(() => budget.abort(new DOMException('the time budget of the fallback chain ran out', 'TimeoutError')), Math.ceil(remaining)) : null;
      const linkSignal = anySignal([signal, budget?.signal]);
      let result: Res;
      try {
        const run = (s: AbortSignal) => link.run(request, s);
        result = await raceAbort(link.policy ? link.policy.execute(run, linkSignal) : run(linkSignal), linkSignal);
      } catch (err) {
        const ms = Math.round(performance.now() - started);
        if (signal?.aborted) throw signal.reason ?? err;
        if (isInputRefused(err)) throw err;
        if (isPathDeclined(err)) {
          busy ||= err.attempts.some((a) => a.reason?.includes('busy') ?? false);
          attempts.push(...(err.attempts.length > 0 ? err.attempts : [row(link, 'skipped', err.message)]));
        } else if (budget?.signal.aborted) {
          attempts.push(row(link, 'failed', `timed out: the time budget of ${this.options.budgetMs} ms ran out`, ms));
        } else if (isCircuitOpenError(err)) {
          attempts.push(row(link, 'skipped', 'circuit open'));
        } else if (isBusyError(err)) {
          busy = true;
          attempts.push(row(link, 'skipped', describeFailure(err)));
        } else {
          attempts.push(row(link, 'failed', describeFailure(err), ms));
        }
        // A path that simply is not installed is the normal state of a fresh install: debug, not warn.
        const level = attempts.at(-1)?.outcome === 'failed' || attempts.at(-1)?.reason === 'circuit open' ? 'warn' : 'debug';
        this.logger[level]({ task: this.options.task, path: link.path, backend: link.name, reason: attempts.at(-1)?.reason, ms }, 'path did not serve; trying the next');
        continue;
      } finally {
        if (timer) clearTimeout(timer);
      }
      const ms = Math.round(performance.now() - started);
      const verdict = link.check?.(result, request);
      if (verdict && !verdict.passed) {
        // Rows the link recorded inside itself name the model that answered: its served rows become
        // the rejected ones (rows of tries that already failed inside it keep their own reasons).
        const inner = link.innerAttempts?.(result);
        const served = inner?.some((a) => a.outcome === 'served') ?? false;
        attempts.push(...(served ? inner!.map((a) => (a.outcome === 'served' ? { ...a, outcome: 'rejected' as const, reason: verdict.reason } : a)) : [row(link, 'rejected', verdict.reason, ms)]));
        this.logger.warn({ task: this.options.task, path: link.path, backend: link.name, reason: verdict.reason, ms }, 'path answer rejected; trying the next');
        continue;
      }
      attempts.push(...(link.innerAttempts?.(result) ?? [row(link, 'served', undefined, ms)]));
      return { result, link, attempts, busy };
    }
    return { result: null, link: null, attempts, busy };
  }
}

function anySignal(signals: Array<AbortSignal | undefined>): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) return present[0]!;
  return present.length === 0 ? new AbortController().signal : AbortSignal.any(present);
}

/**
 * The attempts of paths that exist but did not work this time: an error or timeout, an answer
 * that failed its check, a breaker open after such failures. A path that is not installed, or
 * cannot do this language, is not among them.
 */
export function troubledAttempts(attempts: readonly PathAttempt[]): PathAttempt[] {
  return attempts.filter((a) => a.outcome === 'failed' || a.outcome === 'rejected' || a.reason === 'circuit open');
}

/** "name: reason; name: reason", for logs and developer-facing error messages (never user text). */
export function describeAttempts(attempts: readonly PathAttempt[]): string {
  return attempts.map((a) => `${a.name}: ${a.reason ?? a.outcome}`).join('; ');
}
