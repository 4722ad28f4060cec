import type { BackendInfo, Simplifier, SimplifyRequest, SimplifyResult } from '../../../src/core/ports.js';
import type { GenerateRequest, GenerateResult, TextGenerator } from '../../../src/models/text-generator.js';

/**
 * What the next calls do: answer, crash (throw like a dead native binding), hang until aborted,
 * hang ignoring the abort (a wedged backend), answer slowly, answer with text that drops the
 * source's numbers (for validation), or wait for a gate the test opens.
 */
export type Fault = 'none' | 'crash' | 'hang' | 'hang-ignoring-abort' | 'drop-numbers' | { slowMs: number } | { gate: Promise<void> };

/** A local backend whose failures a test switches on and off, counting every call that reached it. */
export class FaultInjectingBackend {
  fault: Fault = 'none';
  calls = 0;
  readonly signals: AbortSignal[] = [];

  async answer(text: string, signal: AbortSignal | undefined): Promise<string> {
    this.calls++;
    if (signal) this.signals.push(signal);
    const fault = this.fault;
    if (fault === 'crash') throw new Error('llama_decode failed: the model crashed');
    if (fault === 'hang') return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    if (fault === 'hang-ignoring-abort') return new Promise(() => undefined);
    if (typeof fault === 'object' && 'slowMs' in fault) await sleep(fault.slowMs, signal);
    if (typeof fault === 'object' && 'gate' in fault) await fault.gate;
    if (fault === 'drop-numbers') return text.replace(/\d+/gu, 'many');
    return simpler(text);
  }
}

/** The fault-injecting backend as a Simplifier (a "local model" for the chain). */
export class FaultInjectingSimplifier implements Simplifier {
  readonly backend: BackendInfo = { path: 'local-model', name: 'local model fake-1b', model: 'fake-1b' };
  constructor(readonly backendState = new FaultInjectingBackend()) {}

  async simplify(request: SimplifyRequest): Promise<SimplifyResult> {
    const text = await this.backendState.answer(request.text, request.signal);
    return { text, backend: this.backend, notes: [] };
  }
}

/** The fault-injecting backend as a loaded local model (a TextGenerator the model pool holds). */
export class FaultInjectingTextGenerator implements TextGenerator {
  readonly contextSize = 4096;
  disposed = false;
  constructor(
    readonly modelId: string,
    readonly backendState: FaultInjectingBackend,
  ) {}

  countTokens(text: string): number {
    return Math.ceil(text.length / 4);
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    // The prompt fences the data between marker lines; answer about the fenced text only.
    const data = /<<<(DATA-[0-9a-f]+)>>>\n([\s\S]*)\n<<<END-\1>>>/u.exec(request.prompt)?.[2] ?? request.prompt;
    const text = await this.backendState.answer(data, request.signal);
    return { text, tokens: this.countTokens(text), truncated: false, ms: 1 };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}

/** The healthy answer: the text as it came (tests feed it text that already reads at the grade). */
function simpler(text: string): string {
  return text.trim();
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}
