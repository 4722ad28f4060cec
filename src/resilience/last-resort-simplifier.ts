import { message } from '../core/messages.js';
import type { BackendInfo, Simplifier, SimplifyRequest, SimplifyResult } from '../core/ports.js';
import { splitParagraphs, splitSentences } from '../text/sentences.js';
import { silentRemoteLogger, type RemoteLogger } from '../remote/remote-logger.js';

export interface LastResortSimplifierOptions {
  /** Defaults to no logging. */
  logger?: RemoteLogger;
}

const RULE_BASED: BackendInfo = { path: 'rule-based', name: 'rule-based simplifier' };

/**
 * The end of every simplify chain: the rule-based simplifier, guarded so that it cannot throw. If
 * it ever does (a bug on some odd input), the reader still gets the source text, one sentence per
 * line, with a note saying it could not be simplified. Only the caller's own cancellation passes.
 */
export class LastResortSimplifier implements Simplifier {
  private readonly logger: RemoteLogger;

  constructor(
    private readonly inner: Simplifier & { readonly backend?: BackendInfo },
    options: LastResortSimplifierOptions = {},
  ) {
    this.logger = options.logger ?? silentRemoteLogger;
  }

  get backend(): BackendInfo {
    return this.inner.backend ?? RULE_BASED;
  }

  async simplify(request: SimplifyRequest): Promise<SimplifyResult> {
    try {
      return await this.inner.simplify(request);
    } catch (err) {
      if (request.signal?.aborted) throw err;
      this.logger.error({ err: err instanceof Error ? err.name : typeof err, language: request.language, chars: request.text.length }, 'rule-based simplifier failed; answering with the source sentences');
      return { text: sentencesOf(request.text, request.language), backend: this.backend, notes: [message(request.language, 'note.simplify-failed')], notices: [{ key: 'note.simplify-failed' }] };
    }
  }
}

function sentencesOf(text: string, language: string): string {
  try {
    const paragraphs = splitParagraphs(text).map((p) => splitSentences(p, language).join('\n'));
    const joined = paragraphs.filter(Boolean).join('\n\n');
    return joined || text.trim();
  } catch {
    return text.trim();
  }
}
