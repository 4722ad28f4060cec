import { createHash } from 'node:crypto';
import type { Logger } from '../log/logger.js';
import type { PipelineRequest, PipelineRunner } from '../core/pipeline.js';
import type { PathAttempt } from '../core/ports.js';
import type { ProcessResult } from '../core/report.js';
import { decodeResult, encodeResult } from './result-codec.js';
import type { ResultStore } from './result-store.js';

export type CacheLookup = 'hit' | 'miss' | 'error';

export interface CachedPipelineOptions {
  inner: PipelineRunner;
  store: ResultStore;
  /**
   * What would serve a request now: installed models, the remote API's models, the code's
   * version, settings that change the output. Part of every key, so installing a model (or
   * upgrading) never serves the old path's answers. Called per request; cache it if it is slow.
   */
  servingFingerprint: () => Promise<string>;
  /** How long an entry may be served, in ms. Defaults to 7 days. */
  ttlMs?: number;
  /** Results larger than this (a long voice note) are not kept. Defaults to 20 MB. */
  maxEntryBytes?: number;
  /** Defaults to no logging. */
  logger?: Logger;
  /** Told about every lookup and store, for the metrics. Defaults to nobody. */
  onLookup?: (outcome: CacheLookup) => void;
  onStore?: (bytes: number) => void;
}

/**
 * The pipeline behind a result cache, with the same run() contract: the same input bytes, for
 * the same grade, languages, subject and serving path, are answered from the cache (no stage
 * runs, so no progress edits), with the result exactly as first produced, voice note included.
 * Only results every path answered as it normally does are kept: one served by the rule-based
 * fallback because a model timed out or a breaker was open would otherwise outlive the outage.
 * A cache that fails to read or write is logged and passed by; it never fails a job.
 */
export class CachedPipeline implements PipelineRunner {
  private readonly ttlMs: number;
  private readonly maxEntryBytes: number;

  constructor(private readonly options: CachedPipelineOptions) {
    this.ttlMs = options.ttlMs ?? 7 * 24 * 3600_000;
    this.maxEntryBytes = options.maxEntryBytes ?? 20_000_000;
  }

  async run(request: PipelineRequest): Promise<ProcessResult> {
    const { store, logger } = this.options;
    let key: string | null = null;
    try {
      key = resultCacheKey(request, await this.options.servingFingerprint());
      const cached = await store.get(key);
      if (cached) {
        const result = decodeResult(cached);
        this.options.onLookup?.('hit');
        logger?.info({ key: key.slice(0, 16) }, 'answered from the result cache');
        return result;
      }
      this.options.onLookup?.('miss');
    } catch (err) {
      this.options.onLookup?.('error');
      logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'result cache lookup failed; running the pipeline');
    }
    const result = await this.options.inner.run(request);
    if (key && isCacheable(result)) {
      try {
        const bytes = encodeResult(result);
        if (bytes.length <= this.maxEntryBytes) {
          await store.set(key, bytes, this.ttlMs);
          this.options.onStore?.(bytes.length);
        }
      } catch (err) {
        logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not store the result in the cache');
      }
    }
    return result;
  }
}

/**
 * sha256 over the input's bytes, then the request's options and the serving fingerprint, each
 * length-prefixed so no two different requests can run together into the same text.
 */
export function resultCacheKey(request: PipelineRequest, fingerprint: string): string {
  const hash = createHash('sha256');
  hash.update(createHash('sha256').update(request.bytes).digest());
  const fields = [
    `grade=${request.grade}`,
    `to=${request.targetLanguage ?? 'same'}`,
    `from=${request.sourceLanguage}`,
    `subject=${request.subject ?? ''}`,
    `audio=${request.audio}`,
    `serving=${fingerprint}`,
  ];
  for (const field of fields) {
    const bytes = Buffer.from(field, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  }
  return hash.digest('hex');
}

/** Reasons a path was passed over that say nothing about the input: the next request may go another way. */
const PASSING_TROUBLE = /circuit|busy|time budget|timed? ?out|rate.?limit/iu;

/**
 * Failures that come from the answer this input gets, not from the backend's health: a model that
 * answers this text past the token limit, or with nothing, does so again next time (same model,
 * same settings: both are in the key), so the next path's answer is this input's normal answer.
 */
const ANSWER_FAULT = /cut off at the token limit|gave an empty answer/iu;

/** True when every serving path behaved as it normally does for this input (see CachedPipeline). */
export function isCacheable(result: ProcessResult): boolean {
  if (result.translationFailure || result.audio?.fallbackFrom) return false;
  const attempts: PathAttempt[] = [...(result.simplified.attempts ?? []), ...(result.translated?.attempts ?? [])];
  return !attempts.some((a) => (a.outcome === 'failed' && !ANSWER_FAULT.test(a.reason ?? '')) || (a.outcome === 'skipped' && PASSING_TROUBLE.test(a.reason ?? '')));
}
