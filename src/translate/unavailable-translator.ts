import type { TranslateRequest, TranslateResult, Translator } from '../core/ports.js';

/**
 * The embedded default: no translation model and no API. It declines every pair, and the
 * pipeline then keeps the simplified text in its own language and says why in one line,
 * rather than inventing a placeholder translation.
 */
export class UnavailableTranslator implements Translator {
  async translate(_request: TranslateRequest): Promise<TranslateResult | null> {
    return null;
  }
}
