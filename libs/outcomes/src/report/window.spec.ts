import { getQuarter } from '../periods/financial-periods';
import { reportWindow, windowQuarters } from './window';

describe(reportWindow.name, () => {
  const q3 = getQuarter(2025, 3, 4); // 2025-26 Q3: Oct–Dec 2025

  it.each([
    ['quarter', '2025-26 Q3', '2025-10-01', '2025-12-31'],
    ['year_to_date', '2025-26 to Q3', '2025-04-01', '2025-12-31'],
    ['since_start', 'since start to 2025-26 Q3', '2024-11-15', '2025-12-31'],
  ] as const)('%s window is %s (%s – %s)', (scope, label, start, end) => {
    expect(reportWindow(scope, q3, '2024-11-15')).toEqual({ scope, label, start, end });
  });
});

describe(windowQuarters.name, () => {
  it('lists the window’s quarters and up to four before it, not before the partnership starts', () => {
    const q = getQuarter(2025, 2, 4);
    const { quarters, trend } = windowQuarters(
      reportWindow('quarter', q, '2025-01-01'),
      4,
      '2025-01-01',
    );
    expect(quarters.map((x) => x.label)).toEqual(['2025-26 Q2']);
    expect(trend.map((x) => x.label)).toEqual(['2024-25 Q4', '2025-26 Q1']);
  });

  it('spans a year-to-date window across a calendar year end', () => {
    const q = getQuarter(2025, 4, 4);
    const { quarters, trend } = windowQuarters(
      reportWindow('year_to_date', q, '2020-04-01'),
      4,
      '2020-04-01',
    );
    expect(quarters.map((x) => x.label)).toEqual([
      '2025-26 Q1',
      '2025-26 Q2',
      '2025-26 Q3',
      '2025-26 Q4',
    ]);
    expect(trend).toHaveLength(4);
    expect(quarters[3].end).toBe('2026-03-31');
  });
});
