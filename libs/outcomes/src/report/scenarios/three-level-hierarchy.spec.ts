import { composeReport } from '../compose';
import type { MonetisedLineFigures } from '../figures';
import { Q1, inputsOf, outcome, proxyVersion, quarter } from './fixtures';

/**
 * A three-level hierarchy: a mission outcome (MISSION, "people into sustained work") with no data
 * of its own, two place outcomes (NORTH, SOUTH) and, under NORTH, two neighbourhoods (N-EAST,
 * N-WEST) that providers report. SOUTH is reported directly. One proxy (£1,000 a job start, no
 * deductions, one year, no discounting) values NORTH, the place level.
 *
 * 2026-27 Q1, verified:  N-EAST 30, N-WEST 20, SOUTH 25 (no data on NORTH or MISSION themselves).
 *   NORTH rolls up its neighbourhoods: 30 + 20 = 50 against its target 40 → 125%, green.
 *   MISSION rolls up its places: NORTH 50 + SOUTH 25 = 75 against its target 100 → 75%, red.
 *   Value is counted once per branch: NORTH is valued on the 50 = £50,000. The neighbourhoods
 *   are not valued again (their value is inside NORTH's), and MISSION carries no value of its own.
 *   SOUTH has no proxy: 25 job starts in their own units. Total present value £50,000, not the
 *   £100,000 that valuing NORTH and its neighbourhoods would make.
 *
 * Wellbeing (a response-weighted mean): WB-A averages 6 over 100 responses, WB-B 8 over 300.
 *   Their parent WB (no data of its own) is (6×100 + 8×300) ÷ 400 = 7.5, not the 7 of a plain
 *   average of the two means.
 * Homes (a stock level, latest): HOMES-A's latest level is 12, HOMES-B's 30; HOMES is 42.
 */
const jobs = proxyVersion('v-jobs', '1000.0000', { code: 'JOB-START' });
const q1Target = (value: string) => [
  {
    id: `t-${value}`,
    periodKind: 'quarter' as const,
    periodStart: Q1.start,
    periodEnd: Q1.end,
    value,
  },
];
const verified = (n: string) => [quarter({ verified: [n, Number(n)] })];

const tree = () => [
  outcome({ id: 'mission', code: 'MISSION', targets: q1Target('100'), delivery: [quarter()] }),
  outcome({
    id: 'north',
    code: 'NORTH',
    parentId: 'mission',
    targets: q1Target('40'),
    delivery: [quarter()],
    valuation: { basis: 'achieved', countOutcomeId: null, proxies: [jobs] },
  }),
  outcome({ id: 'south', code: 'SOUTH', parentId: 'mission', delivery: verified('25') }),
  outcome({ id: 'n-east', code: 'N-EAST', parentId: 'north', delivery: verified('30') }),
  outcome({ id: 'n-west', code: 'N-WEST', parentId: 'north', delivery: verified('20') }),
];

describe('scenario: a three-level hierarchy rolls up and values each branch once', () => {
  const f = composeReport(inputsOf(tree()));
  const byCode = new Map(f.outcomes.map((o) => [o.code, o]));

  it('rolls the neighbourhoods up into the place and the places into the mission', () => {
    expect(byCode.get('NORTH')).toMatchObject({
      actual: '50',
      entries: 50,
      progress: '1.2500',
      rag: 'green',
      met: true,
      rollUp: { from: ['N-EAST', 'N-WEST'], excluded: [] },
      monetised: true,
      presentValue: '50000.00',
    });
    expect(byCode.get('MISSION')).toMatchObject({
      actual: '75',
      progress: '0.7500',
      rag: 'red',
      met: false,
      rollUp: { from: ['NORTH', 'SOUTH'] },
      monetised: false,
      presentValue: null,
    });
    expect(byCode.get('MISSION')!.explanation[0].text).toBe(
      'MISSION has no data of its own in this period: its figures roll up NORTH, SOUTH (their totals added).',
    );
  });

  it('values NORTH once: its neighbourhoods are inside its value, not valued again', () => {
    const monetised = f.valuationLines.filter((l): l is MonetisedLineFigures => l.monetised);
    expect(monetised.map((l) => [l.outcomeId, l.quantity, l.presentValue])).toEqual([
      ['north', '50', '50000.00'],
    ]);
    for (const code of ['N-EAST', 'N-WEST']) {
      expect(byCode.get(code)).toMatchObject({
        monetised: false,
        valuedIn: 'NORTH',
        notMonetisedNote: 'valued in NORTH, which rolls it up: value is counted once per branch',
      });
    }
    expect(f.totals.presentValue).toBe('50000.00');
    // SOUTH, unvalued, is shown in its own units once; MISSION's roll-up adds no line of its own.
    expect(f.notMonetised.map((n) => [n.outcomeId, n.quantity])).toEqual([['south', '25']]);
  });

  it('a neighbourhood valued as well (stored before the rule) is still counted once', () => {
    const [mission, north, south, east, west] = tree();
    const doubled = composeReport(
      inputsOf([
        mission,
        north,
        south,
        { ...east, valuation: { basis: 'achieved', countOutcomeId: null, proxies: [jobs] } },
        west,
      ]),
    );
    expect(doubled.totals.presentValue).toBe('50000.00');
    expect(doubled.outcomes.find((o) => o.code === 'N-EAST')).toMatchObject({
      monetised: false,
      valuedIn: 'NORTH',
    });
  });

  it('a place with data of its own reports it, and its neighbourhoods keep their own lines', () => {
    const [mission, north, ...rest] = tree();
    const own = composeReport(inputsOf([mission, { ...north, delivery: verified('44') }, ...rest]));
    expect(own.outcomes.find((o) => o.code === 'NORTH')).toMatchObject({
      actual: '44',
      rollUp: null,
      presentValue: '44000.00',
    });
    expect(own.outcomes.find((o) => o.code === 'MISSION')!.actual).toBe('69');
  });

  it('weights a parent score by responses and adds stock levels', () => {
    const wb = composeReport(
      inputsOf([
        outcome({
          id: 'wb',
          code: 'WB',
          unit: 'score',
          aggregation: 'mean',
          delivery: [quarter()],
        }),
        outcome({
          id: 'wb-a',
          code: 'WB-A',
          unit: 'score',
          aggregation: 'mean',
          parentId: 'wb',
          delivery: [quarter({ verified: ['600', 100] })],
        }),
        outcome({
          id: 'wb-b',
          code: 'WB-B',
          unit: 'score',
          aggregation: 'mean',
          parentId: 'wb',
          delivery: [quarter({ verified: ['2400', 300] })],
        }),
        outcome({
          id: 'homes',
          code: 'HOMES',
          unit: 'homes',
          aggregation: 'latest',
          delivery: [quarter()],
        }),
        outcome({
          id: 'homes-a',
          code: 'HOMES-A',
          unit: 'homes',
          aggregation: 'latest',
          parentId: 'homes',
          delivery: [quarter({ verified: ['22', 2, '12', '2026-05-01'] })],
        }),
        outcome({
          id: 'homes-b',
          code: 'HOMES-B',
          unit: 'homes',
          aggregation: 'latest',
          parentId: 'homes',
          delivery: [quarter({ verified: ['30', 1, '30', '2026-04-10'] })],
        }),
        outcome({
          id: 'homes-c',
          code: 'HOMES-C',
          unit: 'people',
          aggregation: 'latest',
          parentId: 'homes',
          delivery: [quarter({ verified: ['5', 1, '5', '2026-04-10'] })],
        }),
      ]),
    );
    const o = new Map(wb.outcomes.map((x) => [x.code, x]));
    expect(o.get('WB')).toMatchObject({ actual: '7.5', entries: 400 });
    expect(o.get('HOMES')).toMatchObject({
      actual: '42',
      rollUp: {
        from: ['HOMES-A', 'HOMES-B'],
        excluded: [{ code: 'HOMES-C', reason: 'counted in people, not homes' }],
      },
      verification: { verified: { quantity: '42' } },
      trend: [{ period: Q1.label, actual: '42' }],
    });
  });
});
