import { defineConfig } from 'vitest/config';

// chDB binds one data directory per process, so every test file runs in its own forked worker.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
