import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Test tiers (see DESIGN.md): `unit` runs everywhere; `netns` needs root and iproute2
 * (real sockets between network namespaces); `kernel` runs inside the QEMU VM with IPVS.
 * `scripts/test.mjs` decides which tiers this machine can run.
 */
export default defineConfig({
  resolve: {
    alias: [
      // Workspace packages resolve to their TypeScript sources, so tests need no build.
      { find: /^@ha\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}packages/$1/src/$2.ts` },
      { find: /^@ha\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
          exclude: ['**/test/netns/**', '**/test/kernel/**', '**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'netns',
          include: ['packages/*/test/netns/**/*.test.ts', 'examples/*/test/netns/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'kernel',
          include: ['packages/*/test/kernel/**/*.test.ts'],
          testTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
