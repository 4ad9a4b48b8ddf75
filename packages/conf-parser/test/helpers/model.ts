/**
 * Test helper: config text → preprocess → buildModel.
 */
import { type BuildModelOptions, type BuildModelResult, buildModel } from '../../src/model/index.js';
import { preprocess } from '../../src/preprocess/index.js';
import type { Diagnostic } from '../../src/types.js';

/** Preprocess `text` (as file `test.conf`) and build its model. */
export function modelOf(
  text: string,
  options: BuildModelOptions = {},
): BuildModelResult & { preprocessDiagnostics: Diagnostic[] } {
  const pre = preprocess({ text, file: 'test.conf' });
  return { ...buildModel(pre.nodes, options), preprocessDiagnostics: pre.diagnostics };
}

/** The KM codes of a result, in order. */
export function codesOf(r: BuildModelResult): string[] {
  return r.diagnostics.map((d) => d.code);
}
