import { describe, expect, it } from 'vitest';
import { failoverExample } from '../examples/sim-example.js';

describe('examples/sim-example.ts', () => {
  it('runs and its assertions hold', () => {
    const timeline = failoverExample();
    expect(timeline).toContain('lb2/VI_1  Backup -> Master  (master down interval expired)');
    expect(timeline.split('\n').length).toBeGreaterThan(8);
  });
});
