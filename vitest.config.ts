import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the "source" export condition), so unit
// tests never run against a stale dist/. End-to-end tests under test/ drive the built `synth` bin.
// The `engine` project brings generated stacks up on a real Docker engine (scripts/engine/): its
// files run one at a time, since the stacks publish the same host ports.
// Engine files not yet green in one full run: left out of `pnpm test` (and CI) until they are, run
// with SLIPWAY_ENGINE_PENDING=1 (docs/testing.md). Each stays listed in the issue it belongs to.
const PENDING_ENGINE_FILES: string[] = [];

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/engine/**', '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // GitHub's workflow parser imports its JSON schema without import attributes: transformed, not loaded by Node.
          server: { deps: { inline: ['@actions/workflow-parser'] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'engine',
          include: ['test/engine/**/*.test.ts'],
          exclude: process.env.SLIPWAY_ENGINE_PENDING ? [] : PENDING_ENGINE_FILES,
          globalSetup: ['test/engine/_support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
