import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // bench/test: the benchmark's own tests (its FLOP counts, the tf.layers models it compares with, its report).
    include: ['test/**/*.test.ts', 'bench/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // tfjs-wasm is single-threaded and tests that train are CPU-bound: two forks match the 2-core machines.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
