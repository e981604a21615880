import { warmUpReports } from './warm-up';

describe(warmUpReports.name, () => {
  it('composes sample reports until the budget of the caller’s clock is spent', () => {
    let now = 0;
    const clock = () => now;
    let calls = 0;
    const result = warmUpReports(100, () => {
      calls += 1;
      now += 10; // every look at the clock: 10 ms later
      return clock();
    });
    // start, one look per loop test (the tenth stops it: 100 ms passed), one for the elapsed time.
    expect(result.calls).toBe(9);
    expect(result.elapsedMs).toBe(110);
    expect(calls).toBe(12);
  });

  it('stops at maxCalls, and does nothing with a budget of 0', () => {
    let now = 0;
    expect(warmUpReports(1_000, () => now++, 3).calls).toBe(3);
    expect(warmUpReports(0, () => now++)).toEqual({ calls: 0, elapsedMs: 0 });
  });
});
