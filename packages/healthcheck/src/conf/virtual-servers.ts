/**
 * keepalived.conf model → {@link HealthMonitor} input: virtual servers with real servers whose
 * checks carry probes built by checker factories.
 *
 * @module
 */
import {
  createDnsCheck,
  createFileCheck,
  createHttpGetCheck,
  createMiscCheck,
  createPingCheck,
  createSmtpCheck,
  createSslGetCheck,
  createTcpCheck,
  createUdpCheck,
} from '../checkers/index.js';
import { HealthcheckError } from '../core/errors.js';
import type { RealServerSpec, VirtualServerSpec } from '../core/spec.js';
import type { MonitorCheck } from '../monitor/health-monitor.js';
import type { Probe } from '../types.js';
import {
  type ConfCheck,
  type ConfContext,
  checksFromRealServer,
  hostPortId,
  realServerPort,
} from './checks-from-real-server.js';
import type { ConfCheckType, ConfOptionsByType } from './options.js';
import type { ConfConfig, ConfVirtualServer } from './shape.js';

/** A factory per checker type: options → probe. */
export type ProbeFactories = {
  [T in ConfCheckType]?: (options: ConfOptionsByType[T]) => Probe;
};

/** Factories of the checkers this package ships (all but BFD_CHECK). */
export const defaultProbeFactories: ProbeFactories = {
  HTTP_GET: createHttpGetCheck,
  SSL_GET: createSslGetCheck,
  TCP_CHECK: createTcpCheck,
  SMTP_CHECK: createSmtpCheck,
  MISC_CHECK: createMiscCheck,
  DNS_CHECK: createDnsCheck,
  UDP_CHECK: createUdpCheck,
  PING_CHECK: createPingCheck,
  FILE_CHECK: createFileCheck,
};

/** The id of a virtual server: `address:port`, `fwmark N` or `group NAME`. */
export function virtualServerId(vs: ConfVirtualServer): string {
  const t = vs.target;
  const base =
    t.kind === 'address'
      ? hostPortId(t.address, t.port)
      : t.kind === 'fwmark'
        ? `fwmark ${t.fwmark}`
        : `group ${t.group}`;
  return vs.protocol ? `${vs.protocol} ${base}` : base;
}

function probeFor(check: ConfCheck, factories: ProbeFactories): Probe {
  // Each branch narrows `check` so the factory receives its own option type.
  const missing = (): never => {
    throw new HealthcheckError('E_CONFIG', `no probe factory for ${check.type}`);
  };
  switch (check.type) {
    case 'HTTP_GET':
      return (factories.HTTP_GET ?? missing)(check.options);
    case 'SSL_GET':
      return (factories.SSL_GET ?? missing)(check.options);
    case 'TCP_CHECK':
      return (factories.TCP_CHECK ?? missing)(check.options);
    case 'SMTP_CHECK':
      return (factories.SMTP_CHECK ?? missing)(check.options);
    case 'MISC_CHECK':
      return (factories.MISC_CHECK ?? missing)(check.options);
    case 'DNS_CHECK':
      return (factories.DNS_CHECK ?? missing)(check.options);
    case 'UDP_CHECK':
      return (factories.UDP_CHECK ?? missing)(check.options);
    case 'PING_CHECK':
      return (factories.PING_CHECK ?? missing)(check.options);
    case 'FILE_CHECK':
      return (factories.FILE_CHECK ?? missing)(check.options);
    case 'BFD_CHECK':
      return (factories.BFD_CHECK ?? missing)(check.options);
  }
}

/** Options of {@link virtualServersFromConfig}. */
export interface FromConfigOptions {
  /** Probe factories by type (merged over {@link defaultProbeFactories}). */
  factories?: ProbeFactories;
  /** What to do with a checker whose type has no factory: `throw` (default) or `skip` it. */
  missingFactory?: 'throw' | 'skip';
}

/**
 * Build the monitor's input from a keepalived.conf model (`buildModel()` of `@ha/conf-parser`).
 *
 * @param config - the model (its `virtualServers`, `trackFiles`, `ssl`)
 * @param options - probe factories
 * @throws HealthcheckError `E_CONFIG` when a checker type has no factory and `missingFactory` is `throw`
 */
export function virtualServersFromConfig(
  config: ConfConfig,
  options: FromConfigOptions = {},
): VirtualServerSpec<MonitorCheck>[] {
  const factories: ProbeFactories = { ...defaultProbeFactories, ...options.factories };
  const ctx: ConfContext = { trackFiles: config.trackFiles };
  if (config.ssl) ctx.ssl = config.ssl;
  return config.virtualServers.map((vs) => {
    const realServers: RealServerSpec<MonitorCheck>[] = vs.realServers.map((rs) => {
      const checks: MonitorCheck[] = [];
      for (const c of checksFromRealServer(vs, rs, ctx)) {
        let probe: Probe;
        try {
          probe = probeFor(c, factories);
        } catch (err) {
          if (options.missingFactory === 'skip' && err instanceof HealthcheckError) continue;
          throw err;
        }
        const { ignored: _ignored, ...spec } = c;
        checks.push({ ...spec, probe });
      }
      return {
        id: hostPortId(rs.address, realServerPort(vs, rs)),
        weight: rs.weight,
        inhibitOnFailure: rs.inhibitOnFailure,
        alpha: rs.alpha,
        checks,
      };
    });
    const spec: VirtualServerSpec<MonitorCheck> = {
      id: virtualServerId(vs),
      quorum: vs.quorum,
      hysteresis: vs.hysteresis,
      omega: vs.omega,
      alpha: vs.alpha,
      inhibitOnFailure: vs.inhibitOnFailure,
      realServers,
    };
    if (vs.sorryServer) {
      spec.sorryServer = {
        id: hostPortId(
          vs.sorryServer.address,
          vs.sorryServer.port ?? (vs.target.kind === 'address' ? vs.target.port : undefined),
        ),
        inhibit: vs.sorryServer.inhibit,
      };
    }
    return spec;
  });
}
