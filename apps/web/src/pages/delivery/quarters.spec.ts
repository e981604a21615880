/// <reference types="jest" />
import { quarterOf } from '@ol/outcomes';
import { quarterLabel, quartersSoFar } from './quarters';

/**
 * The web app labels quarters itself (libs/outcomes' periods would add ~15 KB gzipped to the
 * bundle for one label): it must name every quarter exactly as the domain does.
 */
describe('quarterLabel', () => {
  it.each([1, 4, 7, 10])(
    'matches libs/outcomes for every month from 2024 to 2031 (year from month %i)',
    (fy) => {
      for (let year = 2024; year <= 2031; year++)
        for (let month = 1; month <= 12; month++)
          for (const day of ['01', '15', '28']) {
            const date = `${year}-${String(month).padStart(2, '0')}-${day}`;
            expect(`${date} ${quarterLabel(date, fy)}`).toBe(
              `${date} ${quarterOf(date, fy).label}`,
            );
          }
    },
  );

  it.each([
    ['2026-03-31', 4, '2025-26 Q4'],
    ['2026-04-01', 4, '2026-27 Q1'],
    ['2026-12-03', 4, '2026-27 Q3'],
    ['2026-12-31', 1, '2026 Q4'],
    ['2099-04-01', 4, '2099-00 Q1'],
  ])('labels %s (year from month %i) %s', (date, fy, label) => {
    expect(quarterLabel(date, fy)).toBe(label);
  });
});

describe('quartersSoFar', () => {
  const term = { startDate: '2026-04-01', endDate: '2027-03-31', fyStartMonth: 4 };

  it('lists the term’s quarters up to today, newest first', () => {
    expect(quartersSoFar(term, '2026-12-03')).toEqual(['2026-27 Q3', '2026-27 Q2', '2026-27 Q1']);
  });

  it('stops at the term’s end, and lists nothing before it starts', () => {
    expect(quartersSoFar(term, '2030-01-01')).toHaveLength(4);
    expect(quartersSoFar(term, '2026-01-01')).toEqual([]);
  });

  it('starts with the quarter of a term that begins mid-quarter', () => {
    expect(quartersSoFar({ ...term, startDate: '2026-05-20' }, '2026-07-01')).toEqual([
      '2026-27 Q2',
      '2026-27 Q1',
    ]);
  });
});
