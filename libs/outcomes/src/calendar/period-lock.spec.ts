import { ValidationError } from '../errors';
import { parseQuarterLabel } from '../periods/financial-periods';
import { quarterCalendar, DEFAULT_CALENDAR_SETTINGS } from './quarter-calendar';
import {
  autoCloseCandidates,
  autoCloseDate,
  autoCloseDaysProblems,
  closedQuarterOf,
  isDueToAutoClose,
  periodLockStep,
} from './period-lock';

describe('periodLockStep', () => {
  it.each([
    [null, 'close', { allowed: true, state: 'closed' }],
    ['reopened', 'close', { allowed: true, state: 'closed' }],
    ['closed', 'close', { allowed: false, reason: 'it is already closed' }],
    ['closed', 'reopen', { allowed: true, state: 'reopened' }],
    ['reopened', 'reopen', { allowed: false, reason: 'it is not closed' }],
    [null, 'reopen', { allowed: false, reason: 'it has never been closed' }],
  ] as const)('from %s, %s gives %j', (state, action, expected) => {
    expect(periodLockStep(state, action)).toEqual(expected);
  });
});

describe('autoCloseDaysProblems', () => {
  it.each([null, 1, 30, 365])('accepts %s', (days) => {
    expect(autoCloseDaysProblems(days)).toEqual([]);
  });

  it.each([0, -1, 366, 1.5, Number.NaN])('refuses %s naming the field', (days) => {
    const [problem] = autoCloseDaysProblems(days);
    expect(problem).toBeInstanceOf(ValidationError);
    expect(problem.field).toBe('autoCloseDaysAfterDeadline');
  });
});

describe('autoCloseDate', () => {
  it('is the given number of calendar days after the delivery deadline', () => {
    expect(autoCloseDate('2026-07-14', 1)).toBe('2026-07-15');
    expect(autoCloseDate('2026-07-14', 5)).toBe('2026-07-19');
    expect(autoCloseDate('2026-12-31', 365)).toBe('2027-12-31');
  });

  it('refuses days outside 1–365 and a deadline that is not a date', () => {
    expect(() => autoCloseDate('2026-07-14', 0)).toThrow(ValidationError);
    expect(() => autoCloseDate('2026-02-30', 5)).toThrow(ValidationError);
  });
});

describe('isDueToAutoClose', () => {
  // 2026-27 Q1 (April year) ends 2026-06-30; delivery due 2026-07-14 by default; 5 days: 07-19.
  const deadline = quarterCalendar(
    parseQuarterLabel('2026-27 Q1', 4),
    DEFAULT_CALENDAR_SETTINGS,
  ).deliveryDeadline;

  it.each([
    ['2026-07-18', false], // the day before
    ['2026-07-19', true], // exactly on the close date
    ['2026-07-20', true], // after (a worker that was down catches up)
  ])('on %s: %s', (asOf, due) => {
    expect(deadline).toBe('2026-07-14');
    expect(isDueToAutoClose(deadline, 5, asOf, '2026-07-01')).toBe(due);
  });

  it('is not due when the close date came before the setting took effect', () => {
    expect(isDueToAutoClose(deadline, 5, '2026-12-01', '2026-07-20')).toBe(false);
    expect(isDueToAutoClose(deadline, 5, '2026-12-01', '2026-07-19')).toBe(true);
  });
});

describe('autoCloseCandidates', () => {
  const term = { start: '2025-04-01', end: '2030-03-31' };

  it('lists the ended quarters whose close date can fall between from and asOf', () => {
    const labels = autoCloseCandidates(term, 5, '2027-01-20', '2026-12-03', 4).map((q) => q.label);
    // Ended by 2027-01-20, and late enough that a close date can be on or after 2026-12-03.
    expect(labels).toContain('2026-27 Q3');
    expect(labels).toContain('2026-27 Q2');
    expect(labels).not.toContain('2026-27 Q4');
    expect(labels).not.toContain('2025-26 Q1');
  });

  it('stays within the partnership term', () => {
    const labels = autoCloseCandidates(term, 5, '2026-01-01', '2025-01-01', 4).map((q) => q.label);
    expect(labels).toEqual(['2025-26 Q1', '2025-26 Q2', '2025-26 Q3']);
  });

  it('is empty before the term has a quarter ended', () => {
    expect(autoCloseCandidates(term, 5, '2025-05-01', '2025-05-01', 4)).toEqual([]);
  });
});

describe('closedQuarterOf', () => {
  const closed = [
    { start: '2026-04-01', end: '2026-06-30', label: '2026-27 Q1' },
    { start: '2026-10-01', end: '2026-12-31', label: '2026-27 Q3' },
  ];

  it.each([
    ['2026-04-01', '2026-27 Q1'],
    ['2026-06-30', '2026-27 Q1'],
    ['2026-07-01', undefined],
    ['2026-12-31', '2026-27 Q3'],
  ])('%s is in %s', (date, label) => {
    expect(closedQuarterOf(date, closed)?.label).toBe(label);
  });
});
