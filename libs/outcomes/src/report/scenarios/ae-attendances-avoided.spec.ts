import { composeReport } from '../compose';
import type { MonetisedLineFigures, UnmonetisedLineFigures } from '../figures';
import { Q1, Q2, inputsOf, outcome, proxyVersion, quarter } from './fixtures';

/**
 * A&E attendances, an outcome that should go DOWN. Before the programme a typical quarter saw 400
 * attendances (the baseline, per quarter); the proxy values one attendance avoided at £177.46
 * (illustrative). No deductions, no discounting, to keep the arithmetic visible.
 *
 * 2026-27 Q1: 329 attendances happened (300 verified, 29 claimed) and 12 more are disputed.
 *   Disputed records never count: the actual is 329.
 *   Value is put on what was avoided, never on what happened:
 *     avoided = baseline 400 − actual 329 = 71; 71 × £177.46 = £12,599.66
 *   (valuing the 329 that happened, £58,384.34, would make more attendances more "social value").
 *   Target 360: progress from the baseline = (329 − 400) ÷ (360 − 400) = 177.5%: green, met.
 * 2026-27 Q2: 430 happened, 30 ABOVE the baseline: a disbenefit, −30 × £177.46 = −£5,323.80, or
 *   shown and not valued when the outcome does not value disbenefits.
 * Year to date (Q1 + Q2): the baseline is per quarter, so 800; actual 759; avoided 41 = £7,275.86.
 */
const proxies = [proxyVersion('v1', '177.4600', { code: 'AE-ATT' })];
const ae = (
  delivery = [quarter({ verified: ['300', 300], claimed: ['29', 29], disputed: ['12', 12] })],
  more = {},
) =>
  outcome({
    id: 'ae',
    code: 'AE',
    title: 'A&E attendances',
    theme: 'Health',
    unit: 'attendances',
    direction: 'decrease',
    baseline: '400',
    valuation: { basis: 'avoided', countOutcomeId: null, proxies },
    targets: [
      { id: 't1', periodKind: 'quarter', periodStart: Q1.start, periodEnd: Q1.end, value: '360' },
      { id: 't2', periodKind: 'quarter', periodStart: Q2.start, periodEnd: Q2.end, value: '360' },
    ],
    delivery,
    ...more,
  });
const monetised = (l: unknown) => l as MonetisedLineFigures;

describe('scenario: A&E attendances avoided (a decrease outcome with a baseline)', () => {
  it('values the 71 attendances avoided, not the 329 that happened', () => {
    const f = composeReport(inputsOf([ae()]));
    expect(f.outcomes[0]).toMatchObject({
      actual: '329',
      windowBaseline: '400',
      target: '360',
      progress: '1.7750',
      rag: 'green',
      met: true,
      valuationBasis: 'avoided',
      verification: {
        verified: { entries: 300, quantity: '300' },
        claimed: { entries: 29, quantity: '29' },
        disputed: { entries: 12, quantity: '12' },
      },
    });
    const line = monetised(f.valuationLines[0]);
    expect(line).toMatchObject({
      basis: 'avoided',
      quantity: '71',
      basisText: '71 attendances avoided: baseline 400 (1 quarter) − actual 329.',
      presentValue: '12599.66',
      // A claimed attendance makes fewer avoided, so no value rests on unverified claims.
      presentValueFromClaims: '0.00',
    });
    expect(line.explanation[0]).toEqual({ code: 'basis', text: line.basisText, values: {} });
    expect(f.totals.presentValue).toBe('12599.66');
  });

  it('values a rise above the baseline as a disbenefit, or shows it unvalued', () => {
    const q2 = {
      ...inputsOf([]),
      window: { scope: 'quarter' as const, label: Q2.label, start: Q2.start, end: Q2.end },
      quarters: [Q2],
    };
    const rising = composeReport({ ...q2, outcomes: [ae([quarter({ verified: ['430', 430] })])] });
    expect(monetised(rising.valuationLines[0])).toMatchObject({
      quantity: '-30',
      basisText:
        '30 attendances above the baseline, a disbenefit: baseline 400 (1 quarter) − actual 430.',
      presentValue: '-5323.80',
    });
    expect(rising.outcomes[0]).toMatchObject({ rag: 'red', met: false });

    const shownOnly = composeReport({
      ...q2,
      outcomes: [ae([quarter({ verified: ['430', 430] })], { valueDisbenefits: false })],
    });
    expect(shownOnly.valuationLines[0] as UnmonetisedLineFigures).toMatchObject({
      monetised: false,
      quantity: '-30',
      reason: 'a disbenefit this outcome does not value: shown, not valued',
    });
    expect(shownOnly.totals.presentValue).toBe('0.00');
  });

  it('measures a year to date against the baseline of its quarters', () => {
    const f = composeReport({
      ...inputsOf([
        ae([quarter({ verified: ['329', 329] }), quarter({ verified: ['430', 430] })], {
          valuation: { basis: 'avoided', countOutcomeId: null, proxies: [...proxies, ...proxies] },
        }),
      ]),
      window: { scope: 'year_to_date', label: '2026-27 to Q2', start: Q1.start, end: Q2.end },
      quarters: [Q1, Q2],
    });
    expect(f.outcomes[0]).toMatchObject({ actual: '759', windowBaseline: '800', target: '720' });
    expect(monetised(f.valuationLines[0])).toMatchObject({
      quantity: '41',
      basisText: '41 attendances avoided: baseline 800 (2 quarters) − actual 759.',
      presentValue: '7275.86',
    });
  });

  it('claims nothing for a quarter without data (it used to read as 400 avoided, 666.7%, green)', () => {
    const f = composeReport(inputsOf([ae([quarter({ disputed: ['350', 350] })])]));
    expect(f.outcomes[0]).toMatchObject({
      actual: '0',
      entries: 0,
      progress: null,
      rag: 'no_data',
      met: false,
      progressNote: 'no data: nothing counts in this period',
    });
    expect(f.valuationLines).toEqual([]);
    expect(f.totals.presentValue).toBe('0.00');
    expect(f.missingData).toEqual([
      { outcomeId: 'ae', code: 'AE', title: 'A&E attendances', expectedFrom: [] },
    ]);
  });

  it('says a decrease outcome without a baseline cannot be valued', () => {
    const f = composeReport(inputsOf([ae(undefined, { baseline: null, targets: [] })]));
    expect(f.valuationLines[0] as UnmonetisedLineFigures).toMatchObject({
      monetised: false,
      basis: 'avoided',
      quantity: '329',
      reason: 'no baseline: what changed against it cannot be counted, so it is not valued',
    });
  });
});
