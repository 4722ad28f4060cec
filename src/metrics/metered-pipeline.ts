import { isBusyError, isInputRefused } from '../core/errors.js';
import type { PipelineRequest, PipelineRunner } from '../core/pipeline.js';
import type { ProcessResult } from '../core/report.js';
import type { ServiceMetrics } from './service-metrics.js';

const STAGES = ['extract', 'simplify', 'translate', 'validate', 'speak'] as const;

/**
 * The pipeline with its runs measured: each stage's duration (from the result's own timings, so
 * a stage that did not run, e.g. translate, is not counted as a zero), the serving paths tried
 * for simplify and translate with how each ended, and the outcome of the run.
 */
export class MeteredPipeline implements PipelineRunner {
  constructor(
    private readonly inner: PipelineRunner,
    private readonly metrics: ServiceMetrics,
  ) {}

  async run(request: PipelineRequest): Promise<ProcessResult> {
    let result: ProcessResult;
    try {
      result = await this.inner.run(request);
    } catch (err) {
      this.metrics.pipelineRuns.inc({ outcome: isInputRefused(err) ? 'refused' : isBusyError(err) ? 'busy' : 'error' });
      throw err;
    }
    this.metrics.pipelineRuns.inc({ outcome: 'answered' });
    const timings = result.timingsMs;
    for (const stage of STAGES) {
      const ran = stage === 'translate' ? result.translated !== null || timings.translate > 0 : stage === 'speak' ? result.audio !== null : true;
      if (ran) this.metrics.stageSeconds.observe({ stage }, timings[stage] / 1000);
    }
    this.metrics.stageSeconds.observe({ stage: 'total' }, timings.total / 1000);
    for (const attempt of result.simplified.attempts ?? []) this.metrics.paths.inc({ task: 'simplify', path: attempt.path, outcome: attempt.outcome });
    for (const attempt of result.translated?.attempts ?? []) this.metrics.paths.inc({ task: 'translate', path: attempt.path, outcome: attempt.outcome });
    // A result without attempt rows was served by its only path.
    if (!result.simplified.attempts?.length) this.metrics.paths.inc({ task: 'simplify', path: result.simplified.backend.path, outcome: 'served' });
    return result;
  }
}
