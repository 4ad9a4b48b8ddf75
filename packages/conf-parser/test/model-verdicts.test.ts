import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/model/index.js';
import { preprocess } from '../src/preprocess/index.js';
import { keywordCases } from './helpers/keyword-cases.js';
import verdictsFile from './helpers/keyword-verdicts.json' with { type: 'json' };

const verdicts: Record<string, { exit: number; flagged: boolean }> = verdictsFile.verdicts;

/**
 * Cases where the model knowingly differs from keepalived -t, with the reason. Everything else
 * must agree: the model reports a keepalived-level problem on the statement's line exactly when
 * keepalived printed one.
 */
const KNOWN_GAPS: Record<string, string> = {
  'global_defs|smtp_server xyz': 'host: keepalived resolves the server name',
  'global_defs|vrrp_iptables xyz': 'build: Debian keepalived has no iptables support and says so',
  'global_defs|vrrp_cpu_affinity 2': 'host: CPU ids are checked against this machine',
  'global_defs|checker_cpu_affinity 2': 'host: CPU ids are checked against this machine',
  'global_defs|bfd_cpu_affinity 2': 'host: CPU ids are checked against this machine',
  'global_defs|script_user xyz': 'host: the user must exist',
  'global_defs|config_save_dir /tmp/kfz/file': 'host: the path exists and is not a directory',
  'vrrp_instance|native_ipv6': 'semantic (linter): native_ipv6 with IPv4 addresses',
  'vrrp_instance|vrf d0': 'semantic (linter): vrf together with interface',
  'vrrp_script|user xyz': 'host: the user must exist',
  'vrrp_track_process|process xyz': 'case artifact: the wrapper already sets process',
  'MISC_CHECK|user xyz': 'host: the user must exist',
  'track_file|file /tmp/kfz/file': 'case artifact: the wrapper already sets file',
};

describe('keyword checks agree with recorded keepalived -t 2.2.7 verdicts', () => {
  const cases = keywordCases().filter((c) => verdicts[c.key] !== undefined);

  it('has verdicts for (nearly) every generated case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(900);
    expect(cases.length / keywordCases().length).toBeGreaterThan(0.95);
  });

  it('flags exactly the statements keepalived flags, apart from the known gaps', () => {
    const disagree: string[] = [];
    for (const c of cases) {
      const { diagnostics } = buildModel(preprocess({ text: c.text, file: 'case.conf' }).nodes);
      const mine = diagnostics.some((d) => d.origin.line === c.lineNo && d.keepalived !== 'none');
      if (mine !== verdicts[c.key]?.flagged) disagree.push(c.key);
    }
    expect(disagree.sort()).toEqual(Object.keys(KNOWN_GAPS).sort());
  });

  it('covers out-of-range values on both sides of every bounded number', () => {
    const bounds = cases.filter((c) => c.variant === 'low' || c.variant === 'high');
    expect(bounds.length).toBeGreaterThan(200);
    expect(bounds.every((c) => verdicts[c.key]?.flagged)).toBe(true);
  });
});
