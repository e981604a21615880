import { composeReport } from '../compose';
import type { MonetisedLineFigures, UnmonetisedLineFigures } from '../figures';
import { inputsOf, outcome, proxyVersion, quarter } from './fixtures';

/**
 * A wellbeing survey: 24,586 responses in 2026-27 Q1 averaging 7.2 on a 0–10 scale (WELL, a mean).
 * A score is not a quantity: 7.2 × £500 would be a score multiplied by money. What the proxy
 * (illustrative: £500 per person whose wellbeing improved, deadweight 30%) values is the companion
 * count WELL-UP, "residents whose score improved by at least 2 points": 1,850 people.
 *
 *   1,850 × £500 = £925,000 gross; × (1 − 0.3) = £647,500 (no discounting here).
 *
 * WELL carries the valuation (basis `count_outcome`, naming WELL-UP); WELL-UP is not valued itself,
 * so the value is counted once. WELL is reported as a score with its number of responses.
 */
const proxies = [proxyVersion('v1', '500.0000', { code: 'WELLBEING', deadweight: '0.3000' })];
const score = outcome({
  id: 'well',
  code: 'WELL',
  title: 'Wellbeing score',
  theme: 'Health',
  unit: 'points',
  aggregation: 'mean',
  valuation: { basis: 'count_outcome', countOutcomeId: 'well-up', proxies },
  delivery: [quarter({ verified: ['177019.2', 24586, '7', '2026-06-30:1'] })],
});
const improved = outcome({
  id: 'well-up',
  code: 'WELL-UP',
  title: 'Residents whose score improved by at least 2 points',
  theme: 'Health',
  unit: 'people',
  delivery: [quarter({ verified: ['1850', 1850] })],
});

describe('scenario: a survey score valued through its count basis', () => {
  const f = composeReport(inputsOf([score, improved]));

  it('reports the score as a score, with its number of responses', () => {
    expect(f.outcomes[0]).toMatchObject({
      code: 'WELL',
      actual: '7.2',
      entries: 24586,
      valuationBasis: 'count_outcome',
    });
    expect(f.outcomes[1]).toMatchObject({ code: 'WELL-UP', actual: '1850', monetised: false });
  });

  it('values the people counted, never the score', () => {
    const valued = f.valuationLines.filter((l): l is MonetisedLineFigures => l.monetised);
    expect(valued).toHaveLength(1);
    expect(valued[0]).toMatchObject({
      outcomeId: 'well',
      basis: 'count_outcome',
      quantity: '1850',
      basisText:
        '1850 people counted by WELL-UP (Residents whose score improved by at least 2 points); the score itself is not valued.',
      gross: '925000.00',
      presentValue: '647500.00',
    });
    // The working counts people, in the count's unit, never the score's points.
    const working = valued[0].explanation.map((s) => s.text).join('\n');
    expect(working).toContain('1850 people');
    expect(working).not.toContain('points ×');
    expect(working).not.toMatch(/1850 points/);
    // Counted once: the companion appears in its own units only.
    expect(f.totals.presentValue).toBe('647500.00');
    expect(f.notMonetised.map((n) => [n.outcomeId, n.quantity])).toEqual([['well-up', '1850']]);
  });

  it('does not value a score linked without a count basis, and says why', () => {
    const unbased = composeReport(
      inputsOf([{ ...score, valuation: { basis: null, countOutcomeId: null, proxies } }]),
    );
    expect(unbased.valuationLines[0] as UnmonetisedLineFigures).toMatchObject({
      monetised: false,
      quantity: '7.2',
      reason:
        'a score is not a quantity: not valued until its proxy link names a count outcome (e.g. people whose score improved by at least N)',
    });
    expect(unbased.totals.presentValue).toBe('0.00');
  });

  it("says so when the count outcome is not among the report's outcomes", () => {
    const alone = composeReport(inputsOf([score]));
    expect(alone.valuationLines[0] as UnmonetisedLineFigures).toMatchObject({
      monetised: false,
      reason: 'its count outcome is not in the report: not valued',
    });
  });
});
