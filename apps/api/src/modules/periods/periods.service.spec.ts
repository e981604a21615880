import { quarterFromPath } from './periods.service';

describe(quarterFromPath.name, () => {
  it.each([
    ['2026-27 Q1', '2026-27 Q1'],
    ['2026-27-Q1', '2026-27 Q1'],
    ['2026-27_q4', '2026-27 Q4'],
    ['2026-Q3', '2026 Q3'],
    [' 2026-27 Q2 ', '2026-27 Q2'],
  ])('reads %p as %p', (segment, label) => {
    expect(quarterFromPath(segment)).toBe(label);
  });

  it('leaves what is not a quarter for the parser to refuse', () => {
    expect(quarterFromPath('2026-27-Q5')).toBe('2026-27-Q5');
    expect(quarterFromPath('Q1 of 2026')).toBe('Q1 of 2026');
  });
});
