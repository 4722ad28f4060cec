import { stat } from 'node:fs/promises';
import { overBudgetReason } from './memory-budget.js';
import type { PoolResource } from './model-pool.js';
import type { InstalledModel, ModelStore } from './model-store.js';
import { silentLogger, type ModelLogger } from './model-logger.js';
import type { TextGenerator } from './text-generator.js';
import type { TierAvailability } from './tier-router.js';
import { TIERS, type ModelTask, type Tier } from './tiers.js';

/** The model a tier would use for a task, and whether it can: the router's view of one tier. */
export interface TierCandidate extends TierAvailability {
  tier: Tier;
  bytes?: number;
  resource?: PoolResource<TextGenerator>;
}

/** Which installed model serves each tier for a task; the seam the simplifier and translator route through. */
export interface TierModels {
  /** Cheap (reads the manifests only): whether any installed model serves the task at all. */
  anyInstalled(task: ModelTask): Promise<boolean>;
  candidates(task: ModelTask, languages: readonly string[]): Promise<Record<Tier, TierCandidate>>;
}

export interface LocalModelsOptions {
  store: ModelStore;
  budgetBytes: number;
  /** Memory estimate of a model file, weights plus context. */
  estimateBytes: (file: string) => Promise<number>;
  /** How to load an installed model into a TextGenerator. */
  load: (model: InstalledModel, signal?: AbortSignal) => Promise<TextGenerator>;
  logger?: ModelLogger;
}

/**
 * The installed models (manifests in the models directory), matched to tiers, tasks and
 * languages, with memory estimates cached per file (by size and modification time) so routing a
 * request reads a few small files and no model.
 */
export class LocalModels implements TierModels {
  private readonly estimates = new Map<string, { key: string; bytes: Promise<number> }>();
  private readonly logger: ModelLogger;
  private lastInstalled: string[] = [];

  constructor(private readonly options: LocalModelsOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  /** Ids of the installed models as of the last look (for health checks, which must not wait). */
  get installedIds(): readonly string[] {
    return this.lastInstalled;
  }

  async list(): Promise<InstalledModel[]> {
    const { models, problems } = await this.options.store.list();
    for (const problem of problems) this.logger.warn({ problem }, 'installed model skipped');
    this.lastInstalled = models.map((m) => m.manifest.id);
    return models;
  }

  async anyInstalled(task: ModelTask): Promise<boolean> {
    return (await this.list()).some((m) => m.tasks.includes(task));
  }

  async candidates(task: ModelTask, languages: readonly string[]): Promise<Record<Tier, TierCandidate>> {
    const models = (await this.list()).filter((m) => m.tasks.includes(task) && servesLanguages(m, languages));
    const result = {} as Record<Tier, TierCandidate>;
    for (const tier of TIERS) {
      // A model that names the languages beats one that says nothing about them.
      const model = models
        .filter((m) => m.tier === tier)
        .sort((a, b) => Number(b.manifest.languages.length > 0) - Number(a.manifest.languages.length > 0) || a.manifest.id.localeCompare(b.manifest.id))[0];
      if (!model) {
        result[tier] = { tier, installed: false, fits: false };
        continue;
      }
      const id = model.manifest.id;
      try {
        const bytes = await this.estimate(model.file);
        result[tier] = {
          tier,
          installed: true,
          fits: overBudgetReason(id, bytes, this.options.budgetBytes) === null,
          model: id,
          bytes,
          resource: { id, bytes, load: (signal) => this.options.load(model, signal) },
        };
      } catch (err) {
        const problem = err instanceof Error ? err.message : String(err);
        this.logger.warn({ model: id, problem }, 'installed model cannot be estimated');
        result[tier] = { tier, installed: true, fits: false, model: id, problem };
      }
    }
    return result;
  }

  /** Estimated memory of one installed model, cached until its file changes. */
  async estimate(file: string): Promise<number> {
    const info = await stat(file);
    const key = `${info.size}:${info.mtimeMs}`;
    const cached = this.estimates.get(file);
    if (cached?.key === key) return cached.bytes;
    const bytes = this.options.estimateBytes(file);
    this.estimates.set(file, { key, bytes });
    bytes.catch(() => this.estimates.delete(file));
    return bytes;
  }
}

function servesLanguages(model: InstalledModel, languages: readonly string[]): boolean {
  const served = model.manifest.languages;
  return served.length === 0 || languages.every((l) => served.includes(l));
}
