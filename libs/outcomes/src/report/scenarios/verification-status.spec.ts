import { composeReport } from '../compose';
import type { MonetisedLineFigures } from '../figures';
import { inputsOf, outcome, proxyVersion, quarter } from './fixtures';

/**
 * People into work in 2026-27 Q1: 40 verified by the partnership's verifier, 10 claimed by the
 * provider and not yet verified, 5 disputed. A proxy of £1,000 per person (no deductions, no
 * discounting).
 *
 * - Disputed delivery never counts: it is shown beside the figures (5), not in them.
 * - By default claimed delivery counts, shown apart: actual 50, value £50,000, of which £10,000
 *   (10 of the 50) rests on claims not yet verified.
 * - A partnership that counts verified delivery only: actual 40, value £40,000; the 10 claimed are
 *   still shown.
 * - Only disputed delivery in the quarter: no data (grey), never met.
 */
const jobs = (
  delivery = [quarter({ verified: ['40', 40], claimed: ['10', 10], disputed: ['5', 5] })],
) =>
  outcome({
    id: 'jobs',
    code: 'JOBS',
    valuation: {
      basis: 'achieved',
      countOutcomeId: null,
      proxies: [proxyVersion('v', '1000.0000')],
    },
    targets: [
      {
        id: 't',
        periodKind: 'quarter',
        periodStart: '2026-04-01',
        periodEnd: '2026-06-30',
        value: '44',
      },
    ],
    delivery,
  });

describe('scenario: verified, claimed and disputed delivery', () => {
  it('counts verified and claimed by default, shows claims apart, never counts disputed', () => {
    const f = composeReport(inputsOf([jobs()]));
    expect(f.outcomes[0]).toMatchObject({
      actual: '50',
      rag: 'green',
      verification: {
        counted: 'verified and claimed',
        verified: { entries: 40, quantity: '40' },
        claimed: { entries: 10, quantity: '10' },
        disputed: { entries: 5, quantity: '5' },
      },
    });
    expect(f.valuationLines[0] as MonetisedLineFigures).toMatchObject({
      quantity: '50',
      presentValue: '50000.00',
      presentValueFromClaims: '10000.00',
    });
    expect(f.totals).toMatchObject({
      presentValue: '50000.00',
      presentValueFromClaims: '10000.00',
      countedDelivery: 'verified and claimed',
    });
  });

  it('counts verified delivery only when the partnership says so', () => {
    const f = composeReport(inputsOf([jobs()], { countUnverified: false }));
    expect(f.outcomes[0]).toMatchObject({
      actual: '40',
      rag: 'amber',
      met: false,
      verification: { counted: 'verified only', claimed: { entries: 10, quantity: '10' } },
    });
    expect(f.totals).toMatchObject({
      presentValue: '40000.00',
      presentValueFromClaims: '0.00',
      countedDelivery: 'verified only',
    });
  });

  it('rates a quarter with only disputed delivery as no data, and names who owes it', () => {
    const f = composeReport(
      inputsOf([
        {
          ...jobs([quarter({ disputed: ['5', 5] })]),
          expectedProviders: [{ id: 'org-1', name: 'Acorn Trust' }],
        },
      ]),
    );
    expect(f.outcomes[0]).toMatchObject({
      actual: '0',
      rag: 'no_data',
      met: false,
      progress: null,
    });
    expect(f.missingData).toEqual([
      {
        outcomeId: 'jobs',
        code: 'JOBS',
        title: 'JOBS',
        expectedFrom: [{ id: 'org-1', name: 'Acorn Trust' }],
      },
    ]);
  });
});
