import type { TierCandidate, TierModels } from '../../../src/models/local-models.js';
import type { TextGenerator } from '../../../src/models/text-generator.js';
import { FaultInjectingTextGenerator, type FaultInjectingBackend } from './fault-injecting-backend.js';

/**
 * One installed SMALL model, "fake-1b", for both tasks, whose loaded form is the fault-injecting
 * generator: the seam the local model simplifier and translator route through, without a GGUF.
 */
export function oneFakeModel(backend: FaultInjectingBackend): TierModels & { loads: number } {
  const models = {
    loads: 0,
    anyInstalled: async () => true,
    candidates: async (): Promise<Record<'SMALL' | 'MEDIUM' | 'LARGE', TierCandidate>> => ({
      SMALL: {
        tier: 'SMALL',
        installed: true,
        fits: true,
        model: 'fake-1b',
        bytes: 1000,
        resource: {
          id: 'fake-1b',
          bytes: 1000,
          load: async (): Promise<TextGenerator> => {
            models.loads++;
            return new FaultInjectingTextGenerator('fake-1b', backend);
          },
        },
      },
      MEDIUM: { tier: 'MEDIUM', installed: false, fits: false },
      LARGE: { tier: 'LARGE', installed: false, fits: false },
    }),
  };
  return models;
}
