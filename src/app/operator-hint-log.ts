import { operatorHints } from '../core/answer-chat-request.js';
import type { PipelineRequest, PipelineRunner } from '../core/pipeline.js';
import type { ProcessResult } from '../core/report.js';

/** How many different hints /healthz keeps; the oldest goes first. */
const MAX_HINTS = 20;

export interface OperatorHintEntry {
  hint: string;
  count: number;
  lastAt: string;
}

/**
 * What replies needed from the operator lately (pull a model, set an API key, a breaker open),
 * for /healthz: the chat user reads a plain sentence, the operator reads this. Never user text:
 * hints name languages, paths and settings only.
 */
export class OperatorHintLog {
  private readonly entries = new Map<string, OperatorHintEntry>();

  record(hints: readonly string[], now = new Date()): void {
    for (const hint of hints) {
      const entry = this.entries.get(hint) ?? { hint, count: 0, lastAt: '' };
      entry.count += 1;
      entry.lastAt = now.toISOString();
      this.entries.delete(hint);
      this.entries.set(hint, entry);
      if (this.entries.size > MAX_HINTS) this.entries.delete(this.entries.keys().next().value!);
    }
  }

  /** Newest first. */
  snapshot(): OperatorHintEntry[] {
    return [...this.entries.values()].reverse().map((e) => ({ ...e }));
  }
}

/** The pipeline with every result's operator hints written to the log. */
export class HintRecordingPipeline implements PipelineRunner {
  constructor(
    private readonly inner: PipelineRunner,
    private readonly log: OperatorHintLog,
  ) {}

  async run(request: PipelineRequest): Promise<ProcessResult> {
    const result = await this.inner.run(request);
    this.log.record(operatorHints(result));
    return result;
  }
}
