import { DomainError, ValidationError } from '../errors';
import {
  OutsideTermError,
  activityDateRefusal,
  checkWithinTerm,
  latestActivityDate,
  overlapsTerm,
  termProblem,
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

const TERM = { start: '2026-04-01', end: '2031-03-31' };

describe('overlapsTerm', () => {
  it.each([
    ['2026-03-31', false],
    ['2026-04-01', true],
    ['2028-07-15', true],
    ['2031-03-31', true],
    ['2031-04-01', false],
  ])('a date %s → %s (both ends inclusive)', (date, expected) => {
    expect(overlapsTerm(TERM, date)).toBe(expected);
  });

  it.each([
    [{ start: '2026-01-01', end: '2026-03-31' }, false],
    [{ start: '2026-01-01', end: '2026-04-01' }, true],
    [{ start: '2031-03-31', end: '2031-06-30' }, true],
    [{ start: '2031-04-01', end: '2031-06-30' }, false],
    [{ start: '2020-01-01', end: '2040-12-31' }, true],
  ])('a period %o → %s (one shared day is enough)', (period, expected) => {
    expect(overlapsTerm(TERM, period)).toBe(expected);
  });
});

describe('termProblem', () => {
  it('names the field, the label and the term when the period is outside', () => {
    expect(
      termProblem(TERM, { start: '2040-04-01', end: '2040-06-30' }, 'quarter', '2040-41 Q1'),
    ).toEqual({
      field: 'quarter',
      value: '2040-41 Q1',
      reason: "is outside the partnership's dates (2026-04-01 to 2031-03-31)",
    });
  });

  it('is null for a period that overlaps the term', () => {
    expect(termProblem(TERM, { start: '2026-04-01', end: '2026-06-30' }, 'q', 'x')).toBeNull();
  });
});

describe('activityDateRefusal', () => {
  it.each([
    ['2026-03-31', '2026-12-04', 'must be within the partnership (2026-04-01 to 2031-03-31)'],
    ['2031-04-01', '2036-01-01', 'must be within the partnership (2026-04-01 to 2031-03-31)'],
    ['2026-12-04', '2026-12-04', null],
    [
      '2026-12-05',
      '2026-12-04',
      'must not be after today (2026-12-04): delivery cannot be dated in the future',
    ],
  ])('%s with latest %s → %p', (date, latest, expected) => {
    expect(activityDateRefusal(date, TERM, latest)).toBe(expected);
  });

  it('has no latest limit when none is given', () => {
    expect(activityDateRefusal('2031-03-31', TERM)).toBeNull();
  });
});

describe('checkWithinTerm', () => {
  it('throws an OutsideTermError naming the field for a period outside the term', () => {
    const period = { start: '2040-04-01', end: '2040-06-30' };
    const subject = { field: 'targets', value: '2040-41 Q1', what: 'A target period' };
    expect(() => checkWithinTerm(TERM, period, subject)).toThrow(OutsideTermError);
    try {
      checkWithinTerm(TERM, period, subject);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      const e = error as OutsideTermError;
      expect(e.code).toBe('outside_partnership_term');
      expect(e.message).toBe('A target period lies outside the partnership.');
      expect(e.errors).toEqual([
        {
          field: 'targets',
          value: '2040-41 Q1',
          reason: "is outside the partnership's dates (2026-04-01 to 2031-03-31)",
        },
      ]);
    }
  });

  it('accepts a period that overlaps the term', () => {
    expect(() =>
      checkWithinTerm(
        TERM,
        { start: '2031-01-01', end: '2031-12-31' },
        {
          field: 'f',
          value: 'v',
          what: 'It',
        },
      ),
    ).not.toThrow();
  });
});
