/**
 * vrrp_script hysteresis (rise / fall / timeout, execFile), notify scripts in order, and the
 * signal-handler helper. Real processes (`/bin/sh`), no privileges needed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Notifier } from '../src/router/notify.js';
import { ScriptTracker } from '../src/router/script-tracker.js';
import { installSignalHandlers } from '../src/router/signals.js';

const dirs: string[] = [];
const trackers: ScriptTracker[] = [];
afterEach(() => {
  for (const t of trackers.splice(0)) t.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'hav-trk-'));
  dirs.push(d);
  return d;
}
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timeout');
    await sleep(10);
  }
}

describe('ScriptTracker', () => {
  it('applies fall and rise', async () => {
    const flag = join(tmp(), 'ok');
    writeFileSync(flag, '');
    const changes: boolean[] = [];
    let runs = 0;
    const t = new ScriptTracker(
      { name: 'chk', command: ['/bin/sh', '-c', `test -e ${flag}`], intervalMs: 20, fall: 3, rise: 2 },
      (_n, ok) => changes.push(ok),
    );
    trackers.push(t);
    t.start();
    expect(t.ok).toBe(true);
    await sleep(150);
    expect(changes).toEqual([]);
    rmSync(flag);
    await until(() => changes.length === 1);
    expect(changes).toEqual([false]);
    expect(t.ok).toBe(false);
    writeFileSync(flag, '');
    await until(() => changes.length === 2);
    expect(changes).toEqual([false, true]);
    runs = changes.length;
    expect(runs).toBe(2);
  });

  it('a script that outlives its timeout fails; init_fail starts failing', async () => {
    const changes: boolean[] = [];
    const t = new ScriptTracker(
      { name: 'slow', command: ['/bin/sleep', '5'], intervalMs: 50, timeoutMs: 50 },
      (_n, ok) => changes.push(ok),
    );
    trackers.push(t);
    t.start();
    await until(() => changes.length === 1);
    expect(changes).toEqual([false]);
    const u = new ScriptTracker({ name: 'x', command: ['/bin/true'], initFail: true }, () => undefined);
    expect(u.ok).toBe(false);
  });
});

describe('Notifier', () => {
  it('runs the specific and the generic script, one at a time, in order', async () => {
    const log = join(tmp(), 'log');
    const errors: Error[] = [];
    const n = new Notifier(
      {
        master: ['/bin/sh', '-c', `sleep 0.05; echo master >> ${log}`],
        backup: ['/bin/sh', '-c', `echo backup >> ${log}`],
        generic: ['/bin/sh', '-c', `echo "$*" >> ${log}`, 'notify'],
      },
      (e) => errors.push(e),
    );
    n.notify('VI_1', 'Backup', 100);
    n.notify('VI_1', 'Master', 150);
    n.notify('VI_1', 'Fault', 150);
    n.notify('VI_1', 'Initialize', 150);
    await n.drain();
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'backup',
      'INSTANCE VI_1 BACKUP 100',
      'master',
      'INSTANCE VI_1 MASTER 150',
      'INSTANCE VI_1 FAULT 150',
      'INSTANCE VI_1 STOP 150',
    ]);
    expect(errors).toEqual([]);
  });

  it('reports a failing script and carries on', async () => {
    const errors: Error[] = [];
    const n = new Notifier({ master: ['/bin/false'], backup: ['/nonexistent/x'] }, (e) => errors.push(e));
    n.notify('VI_1', 'Master', 1);
    n.notify('VI_1', 'Backup', 1);
    await n.drain();
    expect(errors).toHaveLength(2);
  });
});

describe('installSignalHandlers', () => {
  it('closes every router on the signal and can be removed', async () => {
    let closed = 0;
    const r = { close: async (): Promise<void> => void closed++ };
    const remove = installSignalHandlers([r, r], { signals: ['SIGUSR2'], exit: false });
    process.emit('SIGUSR2', 'SIGUSR2');
    await sleep(10);
    expect(closed).toBe(2);
    remove();
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });
});
