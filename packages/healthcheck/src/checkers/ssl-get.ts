/**
 * SSL_GET: HTTP_GET over TLS.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Probe } from '../types.js';
import type { Outcome } from './common.js';
import { CheckerConfigError, errCode, errMessage, fail } from './common.js';
import type { Connected } from './connect.js';
import type { HttpGetOptions } from './http-get.js';
import { createHttpProbe } from './http-get.js';

/** PEM text, or a path to a PEM file (read once, when the probe is created). */
export type PemSource = string | Buffer;

/** Options of {@link createSslGetCheck}: HTTP_GET's plus TLS. */
export interface SslGetOptions extends HttpGetOptions {
  /**
   * keepalived: `enable_sni`: send Server Name Indication. Default false. The name is {@link sniName},
   * else the url's / checker's `virtualhost`, else `host` when it is not an IP address.
   */
  enableSni?: boolean;
  /** The SNI name to send when {@link enableSni} is set (genhash `-I` uses the virtualhost; this overrides it). */
  sniName?: string;
  /**
   * Verify the server's certificate chain and name (not a keepalived keyword: keepalived does not verify).
   * Default false. When true, the name checked is the SNI name or `host`.
   */
  tlsVerify?: boolean;
  /** keepalived global `SSL { ca }`: trusted CA certificates (PEM text or file path). Default: Node's CA store. */
  ca?: PemSource;
  /** keepalived global `SSL { certificate }`: client certificate (PEM text or file path). */
  certificate?: PemSource;
  /** keepalived global `SSL { key }`: client private key (PEM text or file path). */
  key?: PemSource;
  /** keepalived global `SSL { password }`: passphrase of {@link key}. */
  password?: string;
}

function pem(src: PemSource | undefined, option: string): Buffer | string | undefined {
  if (src === undefined || Buffer.isBuffer(src)) return src;
  if (src.includes('-----BEGIN')) return src;
  try {
    return readFileSync(src);
  } catch (e) {
    throw new CheckerConfigError(option, `cannot read ${src}: ${errMessage(e)}`);
  }
}

function tlsOutcome(err: unknown): Outcome {
  const c = errCode(err);
  return fail('tls', `TLS handshake: ${c !== undefined ? `${c}: ` : ''}${errMessage(err)}`);
}

/**
 * keepalived's `SSL_GET`: {@link createHttpGetCheck} over TLS. A failed handshake (not TLS, bad
 * certificate with `tlsVerify`, reset) fails with code `tls`.
 */
export function createSslGetCheck(opts: SslGetOptions): Probe {
  const ca = pem(opts.ca, 'ca');
  const cert = pem(opts.certificate, 'certificate');
  const key = pem(opts.key, 'key');
  const verify = opts.tlsVerify === true;
  return createHttpProbe(opts, 'SSL_GET', (socket, ctx, url) => {
    ctx.phase('TLS handshake');
    let servername = opts.sniName ?? url.virtualhost ?? (isIP(opts.host) === 0 ? opts.host : undefined);
    if (servername !== undefined && isIP(servername) !== 0) servername = undefined;
    return new Promise<Connected>((resolve) => {
      const t = tlsConnect({
        socket,
        host: opts.host,
        ...(opts.enableSni === true && servername !== undefined ? { servername } : {}),
        rejectUnauthorized: verify,
        ...(ca !== undefined ? { ca } : {}),
        ...(cert !== undefined ? { cert } : {}),
        ...(key !== undefined ? { key } : {}),
        ...(opts.password !== undefined ? { passphrase: opts.password } : {}),
      });
      const destroy = (): void => {
        t.destroy();
      };
      ctx.signal.addEventListener('abort', destroy, { once: true });
      t.once('close', () => ctx.signal.removeEventListener('abort', destroy));
      const onError = (e: Error): void => {
        t.destroy();
        resolve({ outcome: tlsOutcome(e) });
      };
      t.once('error', onError);
      t.once('secureConnect', () => {
        t.removeListener('error', onError);
        t.on('error', () => {});
        resolve({ socket: t });
      });
    });
  });
}
