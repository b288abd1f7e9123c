import { defineConfig } from 'vitest/config';

/**
 * Test tiers (README "Tests"): `unit` is pure and fast; `integration` runs against the real emulators,
 * started once per run on free ports by `test/integration/global-setup.ts`; `infra` checks the
 * synthesized CloudFormation template and cdk-nag; `e2e` drives the portal in Debian's Chromium against the
 * same stack as `integration` (one stack per run; files of both run one after another).
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        // Pure, but some are property tests (hundreds of runs): on a loaded 2-core machine they can pass vitest's 5 s
        // default without anything being wrong. The deadline only catches a hang; speed is measured in bench/.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          // One shared stack; files run one after another so "the table is unchanged" checks see only their own writes.
          fileParallelism: false,
          // Longer than a wait's deadline (test/support/wait.ts), so a stuck wait reports what is stuck first.
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
    ],
  },
});
