import { describe, expect, it, vi } from 'vitest';

describe('README quick start', () => {
  it('lints the LVS-DR example cleanly and reads VRID, priority and advert_int from the model', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await import('../examples/quick-start.js');
    const lines = log.mock.calls.map((c) => c.map(String).join(' '));
    log.mockRestore();
    expect(lines).toEqual(['0 ', 'VI_WEB 51 150 1000']);
  });
});
