import { parseQuarterLabel } from '../periods/financial-periods';
import { deliveryLookback, quarterObligations, type ObligationsInput } from './obligations';
import { DEFAULT_CALENDAR_SETTINGS, quarterCalendar } from './quarter-calendar';

describe(deliveryLookback.name, () => {
  it.each([
    ['2026-27 Q1', 4, '2025-04-01', '2026-06-30'],
    ['2026-27 Q3', 4, '2025-10-01', '2026-12-31'],
    ['2026 Q1', 1, '2025-01-01', '2026-03-31'],
  ])('for %s (start month %i) runs %s to %s', (label, start, from, to) => {
    expect(deliveryLookback(parseQuarterLabel(label, start))).toEqual({ start: from, end: to });
  });
});

describe(quarterObligations.name, () => {
  // 2026-27 Q1: delivery data due 2026-07-14, returns 2026-07-28 (the defaults).
  const calendar = quarterCalendar(parseQuarterLabel('2026-27 Q1'), DEFAULT_CALENDAR_SETTINGS);
  const outcomes = [
    { id: 'jobs', hasChildren: false },
    { id: 'health', hasChildren: true },
    { id: 'gp-visits', hasChildren: false },
  ];
  const all = ['2026-04', '2026-05', '2026-06'];
  const input = (over: Partial<ObligationsInput>): ObligationsInput => ({
    calendar,
    asOf: '2026-08-01',
    providers: ['acme', 'brio'],
    outcomes,
    deliveries: [],
    returns: [],
    ...over,
  });

  it('owes what a provider delivered recently, judged month by month', () => {
    const [acme] = quarterObligations(
      input({
        providers: ['acme'],
        deliveries: [
          { providerId: 'acme', outcomeId: 'jobs', monthsWithData: all, reportedBefore: true },
          {
            providerId: 'acme',
            outcomeId: 'health',
            monthsWithData: ['2026-04'],
            reportedBefore: false,
          },
          // Logged before, nothing this quarter: still owed.
          { providerId: 'acme', outcomeId: 'gp-visits', monthsWithData: [], reportedBefore: true },
        ],
        returns: [{ providerId: 'acme', revisions: 2 }],
      }),
    );
    expect(acme.deliveries.map((d) => [d.outcomeId, d.because, d.arrival, d.status])).toEqual([
      ['jobs', 'recent_delivery', 'complete', 'complete'],
      ['health', 'recent_delivery', 'partial', 'overdue'],
      ['gp-visits', 'recent_delivery', 'none', 'overdue'],
    ]);
    expect(acme.deliveries[1]).toMatchObject({
      dueBy: '2026-07-14',
      monthsWithData: ['2026-04'],
      monthsMissing: ['2026-05', '2026-06'],
    });
    expect(acme.financialReturn).toEqual({
      dueBy: '2026-07-28',
      arrival: 'complete',
      revisions: 2,
      status: 'complete',
    });
    expect(acme).toMatchObject({ overdue: 2, late: true });
  });

  it('owes every leaf outcome from a provider with no recent delivery', () => {
    const [, brio] = quarterObligations(
      input({
        deliveries: [
          { providerId: 'acme', outcomeId: 'jobs', monthsWithData: all, reportedBefore: true },
        ],
      }),
    );
    expect(brio.deliveries.map((d) => [d.outcomeId, d.because, d.status])).toEqual([
      ['jobs', 'no_delivery_history', 'overdue'],
      ['gp-visits', 'no_delivery_history', 'overdue'],
    ]);
    expect(brio.financialReturn).toMatchObject({
      arrival: 'none',
      revisions: 0,
      status: 'overdue',
    });
    expect(brio).toMatchObject({ overdue: 3, late: true });
  });

  it('ignores history of outcomes no longer active', () => {
    const [acme] = quarterObligations(
      input({
        providers: ['acme'],
        deliveries: [
          { providerId: 'acme', outcomeId: 'archived', monthsWithData: all, reportedBefore: true },
        ],
      }),
    );
    expect(acme.deliveries.map((d) => d.because)).toEqual([
      'no_delivery_history',
      'no_delivery_history',
    ]);
  });

  it('is pending, not late, on the deadline day and before', () => {
    const onTheDay = quarterObligations(input({ asOf: '2026-07-14' }));
    expect(onTheDay.every((p) => !p.late && p.overdue === 0)).toBe(true);
    expect(onTheDay[0].deliveries[0].status).toBe('pending');
    const dayAfter = quarterObligations(input({ asOf: '2026-07-15' }));
    expect(dayAfter[0].deliveries.map((d) => d.status)).toEqual(['overdue', 'overdue']);
    expect(dayAfter[0].financialReturn.status).toBe('pending');
  });

  it('is on time when everything has arrived', () => {
    const [acme] = quarterObligations(
      input({
        providers: ['acme'],
        deliveries: [
          { providerId: 'acme', outcomeId: 'jobs', monthsWithData: all, reportedBefore: false },
        ],
        returns: [{ providerId: 'acme', revisions: 1 }],
      }),
    );
    expect(acme).toMatchObject({ overdue: 0, late: false });
  });

  it('lists no one when there are no providers', () => {
    expect(quarterObligations(input({ providers: [] }))).toEqual([]);
  });
});
