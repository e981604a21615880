import { retryDelayMs } from './retry-backoff';

describe(retryDelayMs.name, () => {
  it.each([
    [0, 1_000],
    [1, 2_000],
    [3, 8_000],
  ])('doubles from the base: after %i earlier failures, about %i ms', (attempts, expected) => {
    expect(retryDelayMs(attempts, 1_000, 3_600_000, () => 0.5)).toBe(expected);
  });

  it('jitters by at most 20% either way', () => {
    expect(retryDelayMs(2, 1_000, 3_600_000, () => 0)).toBe(3_200);
    expect(retryDelayMs(2, 1_000, 3_600_000, () => 0.999999)).toBe(4_800);
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(retryDelayMs(500, 1_000, 60_000, () => 1)).toBe(60_000);
  });
});
