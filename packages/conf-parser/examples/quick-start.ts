/**
 * The README's quick start, kept compiling and running: `npx tsx packages/conf-parser/examples/quick-start.ts FILE`.
 */
import { buildModel, lint, preprocess } from '@ha/conf-parser';

const file = process.argv[2] ?? 'examples/configs/lvs-dr-master.conf';

// Lint: the exit code keepalived -t would give, plus @ha's own lints.
const result = lint({ file }, { interfaces: ['eth0'] });
console.log(
  result.exitCode,
  result.diagnostics.map((d) => `${d.code} ${d.message}`),
);

// The typed model: durations in ms, addresses canonical, defaults applied.
const { nodes } = preprocess({ file });
const { config } = buildModel(nodes);
for (const vi of config.vrrpInstances) console.log(vi.name, vi.virtualRouterId, vi.priority, vi.advertIntMs);
