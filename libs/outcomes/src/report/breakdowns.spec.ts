import { Decimal } from 'decimal.js';

import { composeReport } from './compose';
import { inputsOf, outcome, proxyVersion, quarter } from './scenarios/fixtures';

/**
 * Value by theme and by stakeholder, worked by hand (no deductions, one year, no discounting;
 * investment £10,000 from the open book):
 *   JOBS (Jobs, residents)      30 × £500 = £15,000
 *   AE   (Health, NHS)          avoided 40 − 30 = 10 × £200 = £2,000
 *   CARE (Health, residents)    5 × £600 = £3,000
 *   WELL (Health, no stakeholder named, not monetised)
 * Total £20,000, ratio 2.00:1. Jobs £15,000 = 75% of the total and 1.50:1 of the ratio; Health
 * £5,000 = 25% and 0.50:1. Residents £18,000 (90%, 1.80:1); NHS £2,000 (10%, 0.20:1); not named
 * £0. Each breakdown's ratios add up to the report's ratio.
 */
const valued = (value: string, basis: 'achieved' | 'avoided' = 'achieved') => ({
  basis,
  countOutcomeId: null,
  proxies: [proxyVersion(`v-${value}`, value)],
});
const f = composeReport(
  inputsOf(
    [
      outcome({
        id: 'jobs',
        code: 'JOBS',
        stakeholder: 'Residents',
        valuation: valued('500.0000'),
        delivery: [quarter({ verified: ['30', 30] })],
      }),
      outcome({
        id: 'ae',
        code: 'AE',
        theme: 'Health',
        stakeholder: 'NHS',
        direction: 'decrease',
        baseline: '40',
        valuation: valued('200.0000', 'avoided'),
        delivery: [quarter({ verified: ['30', 30] })],
      }),
      outcome({
        id: 'care',
        code: 'CARE',
        theme: 'Health',
        stakeholder: 'Residents',
        valuation: valued('600.0000'),
        delivery: [quarter({ verified: ['5', 5] })],
      }),
      outcome({
        id: 'well',
        code: 'WELL',
        theme: 'Health',
        unit: 'points',
        aggregation: 'mean',
        delivery: [quarter({ verified: ['14', 2] })],
      }),
    ],
    { book: { cost: '10000.00', returns: 1 } },
  ),
);

describe('breakdowns of the value', () => {
  it('renders the ratio as boards read it', () => {
    expect(f.totals).toMatchObject({
      presentValue: '20000.00',
      sroiRatio: '2.00',
      sroiRatioText: '2.00:1',
      netSroiRatio: '1.00',
      netSroiRatioText: '1.00:1',
    });
  });

  it('gives each theme its value, share of the total and part of the ratio', () => {
    expect(f.byTheme.map(({ notMonetised: _, ...t }) => t)).toEqual([
      {
        theme: 'Jobs',
        presentValue: '15000.00',
        share: '0.7500',
        ratio: '1.50',
        ratioText: '1.50:1',
        outcomes: ['jobs'],
      },
      {
        theme: 'Health',
        presentValue: '5000.00',
        share: '0.2500',
        ratio: '0.50',
        ratioText: '0.50:1',
        outcomes: ['ae', 'care', 'well'],
      },
    ]);
  });

  it('groups value by the stakeholder each outcome names', () => {
    expect(f.byStakeholder).toEqual([
      {
        stakeholder: 'Residents',
        presentValue: '18000.00',
        share: '0.9000',
        ratio: '1.80',
        ratioText: '1.80:1',
        outcomes: ['jobs', 'care'],
      },
      {
        stakeholder: 'NHS',
        presentValue: '2000.00',
        share: '0.1000',
        ratio: '0.20',
        ratioText: '0.20:1',
        outcomes: ['ae'],
      },
      {
        stakeholder: null,
        presentValue: '0.00',
        share: '0.0000',
        ratio: '0.00',
        ratioText: '0.00:1',
        outcomes: ['well'],
      },
    ]);
    const sum = (xs: readonly { ratio: string | null }[]) =>
      xs.reduce((s, x) => s.plus(x.ratio ?? 0), new Decimal(0)).toFixed(2);
    expect(sum(f.byStakeholder)).toBe(f.totals.sroiRatio);
    expect(sum(f.byTheme)).toBe(f.totals.sroiRatio);
    expect(f.outcomes.find((o) => o.code === 'AE')!.stakeholder).toBe('NHS');
  });

  it('has no shares without a positive total, and no ratios without an investment', () => {
    const empty = composeReport(inputsOf([outcome({ id: 'x', code: 'X', delivery: [quarter()] })]));
    expect(empty.byStakeholder).toEqual([
      {
        stakeholder: null,
        presentValue: '0.00',
        share: null,
        ratio: null,
        ratioText: null,
        outcomes: ['x'],
      },
    ]);
    expect(empty.totals.sroiRatioText).toBeNull();
  });
});
