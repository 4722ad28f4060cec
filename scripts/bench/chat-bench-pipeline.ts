import type { Services } from '../../src/app/compose.js';

/**
 * What the chat benchmarks (Telegram, WhatsApp) run, by --pipeline: `real` is the composed
 * pipeline exactly as `serve` builds it; `test` is the Telegram tests' pipeline (real intake,
 * tesseract.js OCR, espeak-ng voice and Ogg/Opus encoder, the text passed through unsimplified),
 * for when the composition root is being changed.
 */

/** The services to hand createServiceRuntime (none: it composes the real ones), and how to free them. */
export async function chatBenchServices(pipeline: string): Promise<{ services: Services | undefined; close: () => Promise<void> }> {
  if (pipeline !== 'test') return { services: undefined, close: async () => undefined };
  const { createTestPipeline, testLimits } = await import('../../test/telegram/test-pipeline.js');
  const kit = createTestPipeline({ voice: 'espeak' });
  return {
    services: { pipeline: kit.pipeline, simplifier: { simplify: () => Promise.reject(new Error('unused')) }, limits: testLimits(), health: () => ({}), close: async () => undefined },
    close: kit.close,
  };
}

/**
 * The page every user sends, rendered once before any timing. The composed pipeline gets a phone
 * photo (tilted page on a table, uneven light, blur, JPEG); the test pipeline has no page finder,
 * so it gets the flat page.
 */
export async function chatBenchPagePhoto(pipeline: string): Promise<Buffer> {
  const [fixtures, sharp] = await Promise.all([import('../fixtures/page-photo.js'), import('sharp')]);
  const page = fixtures.renderPage(fixtures.SAMPLE_TEXTS.en!, { language: 'en' });
  return pipeline === 'test' ? await sharp.default(page.png).jpeg({ quality: 85 }).toBuffer() : (await fixtures.degradeLikePhoto(page.png, { seed: 7 })).jpeg;
}
