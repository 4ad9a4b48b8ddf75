import { describe, expect, it } from 'vitest';
import { advertIntervalMs, masterDownIntervalMs, skewTimeMs } from '../src/fsm/index.js';

describe('VRRP timer arithmetic (exact)', () => {
  it('v2, priority 100, 1 s: Skew 609.375 ms, Master_Down_Interval exactly 3609.375 ms', () => {
    expect(skewTimeMs(2, 100, 100)).toBe(609.375);
    expect(masterDownIntervalMs(2, 100, 100)).toBe(3609.375);
  });
  it('v2, priority 150, 1 s: 3414.0625 ms (the lab start-up / preemption delay)', () => {
    expect(masterDownIntervalMs(2, 150, 100)).toBe(3414.0625);
  });
  it('v2 skew does not depend on the interval; v3 skew scales with Master_Adver_Interval', () => {
    expect(skewTimeMs(2, 100, 200)).toBe(609.375);
    expect(masterDownIntervalMs(2, 100, 200)).toBe(6609.375);
    expect(skewTimeMs(3, 100, 200)).toBe(1218.75);
  });
  it('v3, priority 100, 0.1 s: Skew 60.9375 ms, MDI 360.9375 ms', () => {
    expect(skewTimeMs(3, 100, 10)).toBe(60.9375);
    expect(masterDownIntervalMs(3, 100, 10)).toBe(360.9375);
  });
  it('v3, priority 254, 10 ms: MDI 30.078125 ms; priority 253 waits 39.0625 µs longer', () => {
    expect(masterDownIntervalMs(3, 254, 1)).toBe(30.078125);
    expect(masterDownIntervalMs(3, 253, 1) - masterDownIntervalMs(3, 254, 1)).toBe(0.0390625);
  });
  it('down_timer_adverts changes the multiplier', () => {
    expect(masterDownIntervalMs(2, 100, 100, 1)).toBe(1609.375);
  });
  it('centiseconds to ms', () => {
    expect(advertIntervalMs(4095)).toBe(40950);
  });
});
