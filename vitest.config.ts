import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One copy of graphql-js: otherwise our ESM import and the CommonJS one the
  // server libraries load are two modules, and `instanceof GraphQLError` fails.
  resolve: { alias: { graphql: createRequire(import.meta.url).resolve('graphql') } },
  test: {
    include: ['tests/**/*.test.ts'],
    // One directory per run for the seeded template databases the API tests copy (tests/support/templates.ts).
    globalSetup: ['tests/support/global-setup.ts'],
    // API tests start real servers on loopback ports; files run in parallel workers.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-report.json' }]] : ['default'],
  },
});
