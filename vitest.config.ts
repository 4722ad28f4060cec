import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Once per run: says which suites skip for want of Redis, and fails the run for it under CI=true.
    globalSetup: ['test/support/global-setup.ts'],
    // As in adapters/cli/main.ts: fetch keeps Node's own HTTP client even after Slack's npm undici loads.
    setupFiles: ['src/app/builtin-fetch-dispatcher.ts'],
    // OCR, WASM speech and model loads are CPU-heavy on a 2-core machine: keep parallelism low
    // so timings stay honest and memory stays bounded.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
