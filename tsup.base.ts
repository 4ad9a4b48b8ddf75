import { defineConfig, type Options } from 'tsup';

/**
 * The build every @ha package shares: ESM + CJS + type declarations for Node 20, one file per
 * entry point (the entries match the package's `exports` map).
 */
export function packageConfig(entry: string[], extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    ...extra,
  });
}
