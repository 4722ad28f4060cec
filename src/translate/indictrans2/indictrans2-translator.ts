import type { PathAttempt, TranslateRequest, TranslateResult, Translator } from '../../core/ports.js';
import type { PooledHandle, PoolResource } from '../../models/model-pool.js';
import { silentLogger, type ModelLogger } from '../../models/model-logger.js';
import { refreshedEvery } from '../../models/refreshed-every.js';
import { TIERS } from '../../models/tiers.js';
import { floresTag } from './flores.js';
import { IndicTrans2Model, MAX_SOURCE_TOKENS, type PreparedSentence } from './indictrans2-model.js';
import type { SessionSettings } from './onnx-seq2seq.js';
import { splitForModel } from './split-for-model.js';
import { estimateTranslationModelBytes, type InstalledTranslationModel, type TranslationDirection, type TranslationModelStore } from './translation-model-store.js';

/**
 * The shared model pool as this translator sees it (src/models/model-pool.ts's ModelPool fits):
 * it holds any handle with dispose(); the translator casts back the handle its resource loaded.
 */
export interface TranslationModelPool {
  use<T>(resource: PoolResource<PooledHandle>, fn: (handle: PooledHandle) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

export interface IndicTrans2TranslatorOptions {
  store: TranslationModelStore;
  pool: TranslationModelPool;
  /** The pool's budget: a model larger than it is never tried. */
  budgetBytes: number;
  session: SessionSettings;
  /** Sentences per model call. Defaults to 8. */
  batchSize?: number;
  logger?: ModelLogger;
  /**
   * How long one listing of the installed exports is reused, in ms: a model pulled by another
   * process is seen within this time. Defaults to 5000.
   */
  listingRefreshMs?: number;
  /** Clock, in ms. Defaults to Date.now. */
  now?: () => number;
}

interface Leg {
  model: InstalledTranslationModel;
  from: string;
  to: string;
}

/**
 * Translates with installed IndicTrans2 ONNX exports: en-indic for English sources, indic-en for
 * English targets, and between two Indian languages an indic-indic model when one is installed,
 * else through English (indic-en, then en-indic). Models load into the shared, memory-budgeted
 * pool. Returns null when no installed model covers the pair, so the next path serves; throws
 * when a model ran but lost a number, link or address it was given.
 */
export class IndicTrans2Translator implements Translator {
  private readonly logger: ModelLogger;
  /** Reading every manifest and sizing every file is too slow for each request. */
  private readonly installed: () => Promise<InstalledTranslationModel[]>;

  constructor(private readonly options: IndicTrans2TranslatorOptions) {
    this.logger = options.logger ?? silentLogger;
    this.installed = refreshedEvery(async () => {
      const { models, problems } = await options.store.list();
      // Once per look, not once per request.
      for (const problem of problems) this.logger.warn({ problem }, 'installed translation model skipped');
      return models;
    }, { refreshMs: options.listingRefreshMs ?? 5000, now: options.now });
  }

  async translate(request: TranslateRequest): Promise<TranslateResult | null> {
    const fromTag = floresTag(request.from);
    const toTag = floresTag(request.to);
    if (!fromTag || !toTag || request.from === request.to) return null;
    const legs = await this.plan(request.from, request.to);
    if (!legs) return null;
    let text = request.text;
    const attempts: PathAttempt[] = [];
    for (const leg of legs) {
      const started = performance.now();
      const id = leg.model.manifest.id;
      text = await this.options.pool.use(this.resource(leg.model), (handle) => this.translateText(handle as IndicTrans2Model, text, leg, request.signal), request.signal);
      attempts.push({ path: 'local-model', name: `local model ${id}`, model: id, tier: leg.model.manifest.tier, outcome: 'served', ms: Math.round(performance.now() - started) });
    }
    const ids = legs.map((l) => l.model.manifest.id);
    this.logger.info({ task: 'translate', from: request.from, to: request.to, models: ids }, 'IndicTrans2 translated');
    return {
      text,
      language: request.to,
      backend: { path: 'local-model', name: `local model ${ids.join(' + ')}`, model: ids.join('+'), tier: legs[0]!.model.manifest.tier },
      attempts,
    };
  }

  /** Which installed model does each leg; null when some leg has none. */
  private async plan(from: string, to: string): Promise<Leg[] | null> {
    const models = await this.installed();
    const pick = (direction: TranslationDirection, language: string): InstalledTranslationModel | undefined =>
      models
        .filter((m) => m.manifest.direction === direction && (m.manifest.languages.length === 0 || m.manifest.languages.includes(language)))
        .filter((m) => estimateTranslationModelBytes(m.bytes) <= this.options.budgetBytes)
        // The smallest tier first: on a school server's CPU it is the one that answers in time.
        .sort((a, b) => TIERS.indexOf(a.manifest.tier) - TIERS.indexOf(b.manifest.tier) || a.manifest.id.localeCompare(b.manifest.id))[0];
    if (from === 'en') {
      const model = pick('en-indic', to);
      return model ? [{ model, from, to }] : null;
    }
    if (to === 'en') {
      const model = pick('indic-en', from);
      return model ? [{ model, from, to }] : null;
    }
    const direct = pick('indic-indic', to);
    if (direct) return [{ model: direct, from, to }];
    const first = pick('indic-en', from);
    const second = pick('en-indic', to);
    return first && second ? [{ model: first, from, to: 'en' }, { model: second, from: 'en', to }] : null;
  }

  private resource(model: InstalledTranslationModel): PoolResource<IndicTrans2Model> {
    const id = model.manifest.id;
    return { id: `translation ${id}`, bytes: estimateTranslationModelBytes(model.bytes), load: () => IndicTrans2Model.load(id, model.dir, this.options.session) };
  }

  private async translateText(model: IndicTrans2Model, text: string, leg: Leg, signal?: AbortSignal): Promise<string> {
    const fromTag = floresTag(leg.from)!;
    const toTag = floresTag(leg.to)!;
    // Splitting counts each piece's subwords; the encoding it made is the one translated, so no
    // text is tokenised twice. Only pieces that fit are kept: no other can be a final piece.
    const fitting = new Map<string, PreparedSentence>();
    const prepare = (piece: string): PreparedSentence => {
      const known = fitting.get(piece);
      if (known) return known;
      const prepared = model.prepareSentence(piece, fromTag, toTag);
      if (prepared.ids.length <= MAX_SOURCE_TOKENS) fitting.set(piece, prepared);
      return prepared;
    };
    const pieces = splitForModel(text, leg.from, (piece) => prepare(piece).ids.length, MAX_SOURCE_TOKENS);
    const out = await model.translatePrepared(pieces.map((p) => prepare(p.text)), { batchSize: this.options.batchSize, signal });
    const lost = out.flatMap((o) => o.missing);
    if (lost.length > 0) throw new Error(`the model dropped ${lost.length} number(s), link(s) or address(es) it was given`);
    return pieces.map((p, i) => `${out[i]!.text}${p.endsParagraph ? '\n\n' : ' '}`).join('').trim();
  }
}
