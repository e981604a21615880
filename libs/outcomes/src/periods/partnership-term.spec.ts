import { ValidationError } from '../errors';
import {
  latestActivityDate,
  checkPartnershipTerm,
  isSupportedDate,
  MAX_TERM_YEARS,
  SUPPORTED_DATES,
} from './partnership-term';

describe('isSupportedDate', () => {
  it.each([
    ['1899-12-31', false],
    [SUPPORTED_DATES.first, true],
    ['2026-04-01', true],
    [SUPPORTED_DATES.last, true],
    ['2200-01-01', false],
    ['0000-01-01', false],
    ['9999-12-31', false],
  ])('%s → %s', (date, expected) => {
    expect(isSupportedDate(date)).toBe(expected);
  });
});

describe('checkPartnershipTerm', () => {
  const refusal = (start: string, end: string): { field: string; reason: string } | null => {
    try {
      checkPartnershipTerm(start, end);
      return null;
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return { field: e.field, reason: e.reason };
    }
  };

  it('accepts an ordinary term, one day long and exactly the longest', () => {
    expect(refusal('2026-04-01', '2031-03-31')).toBeNull();
    expect(refusal('2026-04-01', '2026-04-02')).toBeNull();
    expect(refusal('2026-04-01', `${2026 + MAX_TERM_YEARS}-04-01`)).toBeNull();
  });

  it('refuses a term a day longer than the longest', () => {
    expect(refusal('2026-04-01', `${2026 + MAX_TERM_YEARS}-04-02`)).toEqual({
      field: 'endDate',
      reason: `must be at most ${MAX_TERM_YEARS} years after startDate (2026-04-01)`,
    });
  });

  it('measures from 29 February by its calendar position', () => {
    expect(refusal('2028-02-29', '2078-02-28')).toBeNull();
    expect(refusal('2028-02-29', '2078-03-01')?.field).toBe('endDate');
  });

  it('refuses an end on or before the start', () => {
    expect(refusal('2026-04-01', '2026-04-01')?.reason).toBe(
      'must be after startDate (2026-04-01)',
    );
    expect(refusal('2026-04-01', '2025-04-01')?.field).toBe('endDate');
  });

  it.each([
    ['0001-01-01', '2030-01-01', 'startDate'],
    ['1899-12-31', '1920-01-01', 'startDate'],
    ['2190-01-01', '9999-12-31', 'endDate'],
    ['2190-01-01', '2200-01-01', 'endDate'],
  ])('refuses dates outside the supported range (%s to %s)', (start, end, field) => {
    expect(refusal(start, end)).toEqual({
      field,
      reason: `must be from ${SUPPORTED_DATES.first} to ${SUPPORTED_DATES.last}`,
    });
  });

  it('refuses a string that is not a date', () => {
    expect(refusal('2026-02-30', '2027-01-01')?.field).toBe('startDate');
  });
});

describe('latestActivityDate', () => {
  it('is the day after the UTC date (today somewhere on Earth), across month and year ends', () => {
    expect(latestActivityDate('2026-05-31')).toBe('2026-06-01');
    expect(latestActivityDate('2026-12-31')).toBe('2027-01-01');
  });
});
