import { composeReport } from '../compose';
import type { MonetisedLineFigures, UnmonetisedLineFigures } from '../figures';
import type { ReportInputs } from '../inputs';
import { inputsOf, outcome, proxyVersion, quarter } from './fixtures';

/**
 * Price years: two proxies priced in different years, a report in 2026 prices (2026-27 Q1,
 * the partnership's report price year set to 2026). No discounting, to keep the arithmetic visible.
 * The index series is an illustrative GDP deflator: 2023 = 104.8, 2026 = 112.3.
 *
 * JOBS: 10 people into work, proxy EMP £14,000 per person in 2023 prices, deadweight 20%.
 *   uprating factor = index 2026 ÷ index 2023 = 112.3 ÷ 104.8 = 1.0715648… → 1.071565 (6 places,
 *   half-up; the factor as stated is the one used)
 *   value per unit in 2026 prices = 14,000 × 1.071565 = £15,001.91
 *   gross = 10 × 15,001.91 = £150,019.10; after deadweight × 0.8 = £120,015.28
 * HOMES: 4 tenancies sustained, proxy TEN £2,500 per tenancy in 2026 prices: factor 1 (no index
 *   needed), gross = impact = 4 × 2,500 = £10,000.00
 * Total present value = 120,015.28 + 10,000.00 = £130,015.28 (without uprating it would have added
 *   £112,000 of 2023 pounds to £10,000 of 2026 pounds: £122,000 in no year's prices).
 *
 * Missing index: VOL, 6 volunteers, proxy VOLP £300 in 2019 prices; the deflator has no 2019 value,
 *   so VOL is shown in its own units, not valued, and left out of the totals (still £130,015.28),
 *   and the report carries a warning naming it.
 */
const GDPD = { id: 's1', code: 'GDPD', name: 'GDP deflator (illustrative)' };
const index = (values: Record<number, string>): ReportInputs['priceIndex'] => ({
  series: GDPD,
  values: Object.entries(values).map(([year, value]) => ({ year: Number(year), value })),
});
const valued = (id: string, code: string, unit: string, proxy: ReturnType<typeof proxyVersion>) =>
  outcome({
    id,
    code,
    unit,
    valuation: { basis: 'achieved', countOutcomeId: null, proxies: [proxy] },
    delivery: [quarter({ verified: [id === 'jobs' ? '10' : id === 'homes' ? '4' : '6', 1] })],
  });
const jobs = valued(
  'jobs',
  'JOBS',
  'people',
  proxyVersion('v-emp', '14000.0000', { code: 'EMP', priceYear: 2023, deadweight: '0.2000' }),
);
const homes = valued(
  'homes',
  'HOMES',
  'tenancies',
  proxyVersion('v-ten', '2500.0000', { code: 'TEN', priceYear: 2026 }),
);
const vol = valued(
  'vol',
  'VOL',
  'volunteers',
  proxyVersion('v-vol', '300.0000', { code: 'VOLP', priceYear: 2019 }),
);

function report(
  outcomes = [jobs, homes],
  priceIndex = index({ 2023: '104.8', 2026: '112.3' }),
  reportPriceYear: number | null = 2026,
) {
  const base = inputsOf(outcomes);
  return composeReport({
    ...base,
    partnership: { ...base.partnership, reportPriceYear },
    priceIndex,
  });
}
const monetised = (l: unknown) => l as MonetisedLineFigures;
const unmonetised = (l: unknown) => l as UnmonetisedLineFigures;

describe('scenario: price-year uprating (2023 £ and 2026 £ in a 2026 £ report)', () => {
  it('uprates the 2023 proxy by 112.3 ÷ 104.8 and leaves the 2026 proxy at factor 1', () => {
    const f = report();
    const [emp, ten] = f.valuationLines.map(monetised);
    expect(emp).toMatchObject({
      proxyCode: 'EMP',
      priceYear: 2023,
      reportPriceYear: 2026,
      upratingFactor: '1.071565',
      valuePerUnitAtPriceYear: '14000.0000',
      valuePerUnit: '15001.91',
      gross: '150019.10',
      impact: '120015.28',
      presentValue: '120015.28',
    });
    expect(ten).toMatchObject({
      proxyCode: 'TEN',
      priceYear: 2026,
      reportPriceYear: 2026,
      upratingFactor: '1.000000',
      valuePerUnitAtPriceYear: '2500.0000',
      valuePerUnit: '2500',
      presentValue: '10000.00',
    });
    expect(f.totals.presentValue).toBe('130015.28');
    expect(f.warnings).toEqual([]);
  });

  it('states the uprating in words after the basis, with every figure used', () => {
    const [emp, ten] = report().valuationLines.map(monetised);
    expect(emp.explanation[1]).toEqual({
      code: 'uprating',
      text: "Price year: 14000 per unit in 2023 prices uprated to the report's 2026 prices with GDPD (GDP deflator (illustrative)): factor = 2026 index 112.3 ÷ 2023 index 104.8 = 1.071565 (to 6 places); 14000 × 1.071565 = 15001.91 per unit.",
      values: {
        priceYear: '2023',
        reportPriceYear: '2026',
        indexAtPriceYear: '104.8',
        indexAtReportYear: '112.3',
        factor: '1.071565',
        valuePerUnit: '14000',
        upratedValuePerUnit: '15001.91',
      },
    });
    expect(ten.explanation[1].text).toBe(
      "Price year: 2500 per unit is in 2026 prices, the report's price year: uprating factor 1.",
    );
  });

  it('says which price year the report is in and where it comes from', () => {
    expect(report().prices).toEqual({
      reportPriceYear: 2026,
      source: 'setting',
      indexSeries: GDPD,
      statement:
        "Values are in 2026 prices (the partnership's report price year); proxies in other price years are uprated with GDPD (GDP deflator (illustrative)), factor = index[2026] ÷ index[price year] to 6 places.",
      notUprated: [],
    });
    // The default: the calendar year in which the window ends (2026-06-30).
    expect(report(undefined, undefined, null).prices).toMatchObject({
      reportPriceYear: 2026,
      source: 'window_end',
    });
  });

  it('shows a proxy whose price year has no index value unvalued, outside the totals, with a warning', () => {
    const f = report([jobs, homes, vol]);
    const line = unmonetised(f.valuationLines[2]);
    expect(line).toMatchObject({
      outcomeId: 'vol',
      monetised: false,
      quantity: '6',
      reason:
        "proxy VOLP: its value per unit is in 2019 prices and the index series GDPD (GDP deflator (illustrative)) has no value for 2019: it cannot be uprated to the report's 2026 prices, so it is not valued (pounds of different price years are never added)",
    });
    expect(f.totals.presentValue).toBe('130015.28');
    expect(f.notMonetised).toEqual([
      { outcomeId: 'vol', title: 'VOL', unit: 'volunteers', quantity: '6' },
    ]);
    expect(f.prices.notUprated).toEqual([
      {
        outcomeId: 'vol',
        code: 'VOL',
        proxyCode: 'VOLP',
        priceYear: 2019,
        missingYears: [2019],
        reason: line.reason,
      },
    ]);
    expect(f.warnings).toEqual([
      {
        code: 'price_year_not_uprated',
        text: "1 valuation line(s) not valued because their proxy's value could not be uprated to 2026 prices; they are shown in their own units and left out of the totals: VOL (proxy VOLP, 2019 prices; no index for 2019).",
        outcomeIds: ['vol'],
      },
    ]);
  });

  it('values nothing in another year when the report year itself has no index value', () => {
    const f = report([jobs, homes], index({ 2023: '104.8', 2026: '112.3' }), 2027);
    expect(f.valuationLines.every((l) => !l.monetised)).toBe(true);
    expect(f.prices.notUprated.map((n) => [n.code, n.missingYears])).toEqual([
      ['JOBS', [2027]],
      ['HOMES', [2027]],
    ]);
    expect(f.totals.presentValue).toBe('0.00');
    expect(f.totals.sroiRatio).toBeNull();
  });

  it('without a named series values only what is already in the report year', () => {
    const f = report([jobs, homes], { series: null, values: [] });
    expect(f.valuationLines.map((l) => l.monetised)).toEqual([false, true]);
    expect(unmonetised(f.valuationLines[0]).reason).toBe(
      "proxy EMP: its value per unit is in 2023 prices and the partnership names no price index series to uprate it to the report's 2026 prices, so it is not valued (pounds of different price years are never added)",
    );
    expect(f.prices.indexSeries).toBeNull();
    expect(f.prices.statement).toContain('with no index series: none is named');
    expect(f.warnings[0].text).toContain('JOBS (proxy EMP, 2023 prices; no index series)');
    expect(f.totals.presentValue).toBe('10000.00');
  });

  it('changes the figures, not silently: a revised index value gives a different line', () => {
    const revised = report(undefined, index({ 2023: '100', 2026: '112.3' }));
    expect(monetised(revised.valuationLines[0]).upratingFactor).toBe('1.123000');
    expect(monetised(revised.valuationLines[0]).valuePerUnit).toBe('15722');
  });
});
