/**
 * Worked example — a reasonable-surplus rule with FOUR parties: an alliance where Northside Care
 * CIC (provider) delivers for the City Council and the Integrated Care Board (two commissioners),
 * with a Community Fund taking a community dividend.
 *
 * Terms: reasonable surplus 8% on allowable cost, early warning at 80% of it. Excess bands, edges
 * in money ABOVE the reasonable surplus:
 *   band 1, the first £20,000 of excess: Northside 50%, Council 25%, ICB 25%
 *   band 2, beyond £20,000:              Council 40%, ICB 40%, Community Fund 20%
 * Pain-share of any overrun over the returns' target costs: Northside 50% (capped at £10,000),
 * Council 30%, ICB 20%.
 *
 * Year to date at 31 December 2025 (Q1–Q3 of 2025-26), by hand:
 *   revenue            = 100,000 + 110,000 + 120,000   = 330,000.00
 *   allowable cost     =  90,000 +  95,000 + 100,000   = 285,000.00  (target cost 300,000: no overrun)
 *   surplus            = 330,000 − 285,000              =  45,000.00  (margin 15.79% on cost)
 *   reasonable surplus = 8% × 285,000                   =  22,800.00  (warning at 18,240.00)
 *   variation          = 45,000 − 22,800                =  22,200.00  = the excess
 *   band 1             = 20,000.00 → Northside 10,000.00, Council 5,000.00, ICB 5,000.00
 *   band 2             =  2,200.00 → Council 880.00, ICB 880.00, Community Fund 440.00
 *   parties            = Northside 10,000.00 + Council 5,880.00 + ICB 5,880.00 + Fund 440.00
 *                      = 22,200.00
 *
 * A bad year instead (revenue 280,000, allowable cost 285,000, target cost 250,000):
 *   surplus −5,000.00; variation −5,000 − 22,800 = −27,800.00 (signed: short of the threshold)
 *   overrun = 285,000 − 250,000 = 35,000.00; Northside 50% = 17,500 capped at 10,000.00;
 *   the other 25,000.00 is borne 30:20 → Council 15,000.00, ICB 10,000.00
 */
import { explain } from '../../explanation/steps';
import { toMoneyString } from '../../money/money';
import { evaluateContract } from '../evaluate';
import type { ReasonableSurplusEvaluation } from '../evaluation';
import type { ReasonableSurplusRule } from '../rule';
import { ALLIANCE, YEAR_2025_26, byParty, netByParty, quarter } from './fixtures';

const rule: ReasonableSurplusRule = {
  kind: 'reasonable_surplus',
  parties: ALLIANCE,
  reasonableSurplus: { basis: 'cost', rate: '0.08' },
  earlyWarningLevel: '0.8',
  bands: [
    { upTo: '20000', shares: { northside: '0.5', council: '0.25', icb: '0.25' } },
    { shares: { council: '0.4', icb: '0.4', fund: '0.2' } },
  ],
  painShare: {
    shares: { northside: '0.5', council: '0.3', icb: '0.2' },
    caps: { northside: '10000' },
  },
};

function evaluate(entries: Parameters<typeof evaluateContract>[1]) {
  return evaluateContract(rule, entries, YEAR_2025_26) as ReasonableSurplusEvaluation;
}

describe('worked example: a reasonable-surplus alliance of four parties', () => {
  const result = evaluate([
    quarter(1, '100000', '90000', '100000'),
    quarter(2, '110000', '95000', '100000'),
    quarter(3, '120000', '100000', '100000'),
  ]);

  it('works out the surplus, the threshold and the signed variation', () => {
    expect(result.periods).toEqual(['2025-26 Q1', '2025-26 Q2', '2025-26 Q3']);
    expect(toMoneyString(result.surplus)).toBe('45000.00');
    expect(toMoneyString(result.reasonableSurplus)).toBe('22800.00');
    expect(toMoneyString(result.warningAmount)).toBe('18240.00');
    expect(result.margin!.toFixed(4)).toBe('0.1579');
    expect(toMoneyString(result.variation)).toBe('22200.00');
    expect(toMoneyString(result.excess)).toBe('22200.00');
    expect(result.state).toBe('above');
  });

  it('splits the excess by bands between the four parties', () => {
    expect(result.gain.tiers.map((tier) => toMoneyString(tier.amount))).toEqual([
      '20000.00',
      '2200.00',
    ]);
    expect(byParty(result.gain.parties)).toEqual({
      northside: '10000.00',
      council: '5880.00',
      icb: '5880.00',
      fund: '440.00',
    });
    expect(toMoneyString(result.gain.roundedTotal)).toBe('22200.00');
  });

  it('bears no pain when the cost is within the target, and nets each party', () => {
    expect(toMoneyString(result.overrun!)).toBe('0.00');
    expect(byParty(result.pain!.parties)).toEqual({
      northside: '0.00',
      council: '0.00',
      icb: '0.00',
      fund: '0.00',
    });
    expect(netByParty(result)).toEqual({
      northside: '10000.00',
      council: '5880.00',
      icb: '5880.00',
      fund: '440.00',
    });
    expect(explain(result)).toContain(
      'Excess band 2 (beyond 20000.00): 2200.00 → City Council 880.00, Integrated Care Board 880.00, Community Fund 440.00.',
    );
  });

  it('shares an overrun with the provider capped, the variation signed', () => {
    const bad = evaluate([quarter(1, '280000', '285000', '250000')]);
    expect(toMoneyString(bad.variation)).toBe('-27800.00');
    expect(toMoneyString(bad.excess)).toBe('0.00');
    expect(toMoneyString(bad.overrun!)).toBe('35000.00');
    expect(byParty(bad.pain!.parties)).toEqual({
      northside: '10000.00',
      council: '15000.00',
      icb: '10000.00',
      fund: '0.00',
    });
    const northside = bad.pain!.parties[0];
    expect([northside.capped, toMoneyString(northside.uncapped)]).toEqual([true, '17500.00']);
    expect(bad.state).toBe('pain_share');
    expect(netByParty(bad)).toEqual({
      northside: '-10000.00',
      council: '-15000.00',
      icb: '-10000.00',
      fund: '0.00',
    });
  });
});
