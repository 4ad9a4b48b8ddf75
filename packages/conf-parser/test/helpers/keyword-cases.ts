/**
 * Generates one small configuration per (keyword, context, argument variant) from the schema:
 * a plausible valid argument, an invalid one, and one just outside each bound. The verdicts of
 * `keepalived -t` 2.2.7 on these configs are recorded in `keyword-verdicts.json` (see
 * `record-keyword-verdicts.ts`), so the model can be checked against keepalived without running it.
 */
import { KEYWORDS } from '../../src/schema/index.js';
import type { ArgType } from '../../src/schema/types.js';

/** One generated case. */
export interface KeywordCase {
  /** Stable key: `context|line`. */
  key: string;
  /** Keyword under test. */
  keyword: string;
  /** Block context. */
  context: string;
  /** Which argument variant. */
  variant: 'good' | 'bad' | 'low' | 'high';
  /** The statement under test. */
  line: string;
  /** 1-based line number of the statement in `text`. */
  lineNo: number;
  /** Full configuration text. */
  text: string;
}

function good(t: ArgType | undefined, kw: string): string {
  if (!t) return 'x';
  switch (t.type) {
    case 'int':
    case 'decimal':
    case 'timer':
      return String(Math.max(t.min ?? 0, Math.min(t.max ?? 1e9, 2)));
    case 'bool':
      return 'on';
    case 'enum':
      return t.values[0] as string;
    case 'ip':
      return t.family === 6 ? 'ff02::12' : kw.includes('mcast') ? '224.0.0.19' : '192.0.2.7';
    case 'prefix':
      return '192.0.2.0/24';
    case 'path':
      return '/tmp/kfz/file';
    case 'interface':
      return 'd0';
    default:
      return 'xyz';
  }
}

function bad(t: ArgType | undefined): string | undefined {
  if (!t) return undefined;
  switch (t.type) {
    case 'int':
    case 'decimal':
    case 'timer':
      return 'zz';
    case 'bool':
      return 'maybe';
    case 'enum':
      return 'BOGUS_VAL';
    case 'ip':
    case 'prefix':
      return '192.0.2.999';
    default:
      return undefined;
  }
}

const HEAD = 'global_defs {\n enable_script_security\n script_user root\n}\n';

const vi = (inner: string, name = 'V', vrid = 51) =>
  `vrrp_instance ${name} {\n interface d0\n virtual_router_id ${vrid}\n virtual_ipaddress {\n  192.0.2.1/24\n }\n${inner}\n}\n`;
const vs = (inner: string, rs = ' real_server 192.0.2.6 80 {\n  TCP_CHECK {\n  }\n }') =>
  `virtual_server 192.0.2.5 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n${inner}\n${rs}\n}\n`;
const rs = (inner: string) => vs('', ` real_server 192.0.2.6 80 {\n${inner}\n }`);

/** A minimal configuration that puts `line` into a block of context `ctx` (undefined for contexts without a wrapper). */
export function wrap(ctx: string, line: string): string | undefined {
  switch (ctx) {
    case 'root':
      return `${HEAD}${line}\n`;
    case 'global_defs':
      return `global_defs {\n enable_script_security\n script_user root\n${line}\n}\n`;
    case 'vrrp_instance':
      return HEAD + vi(line);
    case 'authentication':
      return HEAD + vi(` authentication {\n${line}\n }`);
    case 'vrrp_script':
      return `${HEAD}vrrp_script s {\n script /bin/true\n${line}\n}\n${vi(' track_script {\n  s\n }')}`;
    case 'vrrp_sync_group':
      return `${HEAD}vrrp_sync_group G {\n group {\n  V\n  W\n }\n${line}\n}\n${vi('')}${vi('', 'W', 52)}`;
    case 'garp_group':
      return `${HEAD}garp_group {\n${line}\n}\n`;
    case 'vrrp_track_process':
      return `${HEAD}vrrp_track_process p {\n process sshd\n${line}\n}\n`;
    case 'virtual_server':
      return HEAD + vs(line);
    case 'real_server':
      return HEAD + rs(line);
    case 'TCP_CHECK':
    case 'PING_CHECK':
    case 'SMTP_CHECK':
    case 'DNS_CHECK':
    case 'UDP_CHECK':
      return HEAD + rs(`  ${ctx} {\n${line}\n  }`);
    case 'HTTP_GET':
    case 'SSL_GET':
      return HEAD + rs(`  ${ctx} {\n   url {\n    path /\n   }\n${line}\n  }`);
    case 'url':
      return HEAD + rs(`  HTTP_GET {\n   url {\n    path /\n${line}\n   }\n  }`);
    case 'MISC_CHECK':
      return HEAD + rs(`  MISC_CHECK {\n   misc_path /bin/true\n${line}\n  }`);
    case 'bfd_instance':
      return `${HEAD}bfd_instance b {\n neighbor_ip 192.0.2.9\n${line}\n}\n`;
    case 'track_file':
      return `${HEAD}track_file f {\n file /tmp/kfz/file\n${line}\n}\n`;
    case 'SSL':
      return `${HEAD}SSL {\n${line}\n}\n`;
    default:
      return undefined;
  }
}

/** Every generated case for the current schema. */
export function keywordCases(): KeywordCase[] {
  const out: KeywordCase[] = [];
  for (const k of KEYWORDS) {
    if (k.kind === 'keyword-block' || k.kind === 'value-block' || k.name.startsWith('include')) continue;
    for (const ctx of k.contexts) {
      const types = k.args.types;
      const goodArgs = types.slice(0, Math.max(k.args.min, types.length ? 1 : 0)).map((t) => good(t, k.name));
      const rest = goodArgs.slice(1);
      const variants: [KeywordCase['variant'], string][] = [['good', [k.name, ...goodArgs].join(' ')]];
      const b = bad(types[0]);
      if (b !== undefined) variants.push(['bad', [k.name, b, ...rest].join(' ')]);
      const t0 = types[0];
      if (t0 && (t0.type === 'int' || t0.type === 'timer' || t0.type === 'decimal')) {
        const step = t0.type === 'int' || (t0.type === 'timer' && t0.integer) ? 1 : 0.001;
        if (t0.min !== undefined)
          variants.push(['low', [k.name, String(+(t0.min - step).toFixed(6)), ...rest].join(' ')]);
        if (t0.max !== undefined)
          variants.push(['high', [k.name, String(+(t0.max + step).toFixed(6)), ...rest].join(' ')]);
      }
      for (const [variant, line] of variants) {
        const text = wrap(ctx, line);
        if (!text) continue;
        const lineNo = text.split('\n').indexOf(line) + 1;
        out.push({ key: `${ctx}|${line}`, keyword: k.name, context: ctx, variant, line, lineNo, text });
      }
    }
  }
  return out;
}
