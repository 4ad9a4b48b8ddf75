import { describe, expect, it, vi } from 'vitest';

describe('README example', () => {
  it('runs: lb1 elected, nginx failure moves the VIP to lb2, lb2 crash moves it back', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    // The example asserts every step itself (node:assert); importing it runs it.
    await import('../examples/readme-example.js');
    const timeline = String(log.mock.calls[0]?.[0]);
    log.mockRestore();
    expect(timeline).toContain('lb2/VI_1  Backup -> Master  (master down interval expired)');
    expect(timeline).toMatch(/17672\.\d+ ms {2}lb1\/VI_1 {2}Backup -> Master/);
  });
});
