import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpCheck, DEFAULT_HELO_NAME } from '../../src/checkers/index.js';
import type { TestServer } from './helpers.js';
import { closedPort, expectNoLeaks, never, snapshot, tcpServer } from './helpers.js';

describe('SMTP_CHECK', () => {
  let smtp: SMTPServer | undefined;
  let raw: TestServer | undefined;
  let before: Map<string, number>;
  beforeEach(() => {
    before = snapshot();
  });
  afterEach(async () => {
    if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
    await raw?.close();
    smtp = undefined;
    raw = undefined;
    await expectNoLeaks(before);
  });

  async function startSmtp(): Promise<{ port: number; helos: string[] }> {
    const helos: string[] = [];
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onClose(session) {
        helos.push(session.hostNameAppearsAs);
      },
    });
    smtp.on('error', () => {});
    const s = smtp;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const port = (s.server.address() as AddressInfo).port;
    return { port, helos };
  }

  it('passes against a real SMTP server (smtp-server), sending HELO with the configured name', async () => {
    const { port, helos } = await startSmtp();
    const r = await createSmtpCheck({
      host: '127.0.0.1',
      port,
      connectTimeoutMs: 1000,
      heloName: 'probe.test',
    })(never);
    expect(r).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(helos).toEqual(['probe.test']);
  });

  it('sends HELO <default name>, then QUIT', async () => {
    raw = await tcpServer((s, got) => {
      s.write('220-mx.test ESMTP\r\n220 ready\r\n');
      s.on('data', () => {
        if (got().endsWith('QUIT\r\n')) s.end('221 bye\r\n');
        else if (got().endsWith('\r\n') && !got().includes('QUIT')) s.write('250 mx.test\r\n');
      });
    });
    const r = await createSmtpCheck({ host: '127.0.0.1', port: raw.port, connectTimeoutMs: 500 })(never);
    expect(r).toMatchObject({ ok: true });
    expect(raw.received[0]).toBe(`HELO ${DEFAULT_HELO_NAME}\r\nQUIT\r\n`);
  });

  it('fails with code status on 5xx to HELO, and on a 554 banner', async () => {
    raw = await tcpServer((s) => {
      s.write('220 ready\r\n');
      s.on('data', () => s.write('554 go away\r\n'));
    });
    const r = await createSmtpCheck({ host: '127.0.0.1', port: raw.port, connectTimeoutMs: 500 })(never);
    expect(r).toMatchObject({ ok: false, code: 'status', reason: 'HELO answered 554 go away' });
    await raw.close();
    raw = await tcpServer((s) => s.end('554 no service\r\n'));
    const r2 = await createSmtpCheck({ host: '127.0.0.1', port: raw.port, connectTimeoutMs: 500 })(never);
    expect(r2).toMatchObject({ ok: false, code: 'status', reason: 'banner 554 no service' });
  });

  it('fails with code protocol on a garbage banner', async () => {
    raw = await tcpServer((s) => s.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const r = await createSmtpCheck({ host: '127.0.0.1', port: raw.port, connectTimeoutMs: 500 })(never);
    expect(r).toMatchObject({ ok: false, code: 'protocol' });
    expect(r.reason).toContain('not an SMTP reply');
  });

  it('times out against a server that never answers; refused on a closed port', async () => {
    raw = await tcpServer(() => {});
    const r = await createSmtpCheck({ host: '127.0.0.1', port: raw.port, connectTimeoutMs: 200 })(never);
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(r.reason).toContain('banner');
    const port = await closedPort();
    expect(await createSmtpCheck({ host: '127.0.0.1', port })(never)).toMatchObject({
      ok: false,
      code: 'refused',
    });
  });

  it('rejects a multi-line helo name', () => {
    expect(() => createSmtpCheck({ host: '127.0.0.1', port: 25, heloName: 'a\r\nMAIL' })).toThrow(/heloName/);
  });
});
