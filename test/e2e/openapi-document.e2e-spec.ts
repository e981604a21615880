import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { composeReport, type ReportFigures, type ReportInputs } from '@ol/outcomes';
import request from 'supertest';
import {
  Q1,
  Q2,
  inputsOf,
  outcome,
  proxyVersion,
  quarter,
} from '../../libs/outcomes/src/report/scenarios/fixtures';
import {
  expectValid,
  strictValidator,
  undescribedSchemas,
  type OpenApiDocument,
} from '../setup/openapi-schema';
import { createTestApp } from '../setup/test-app';

/**
 * The OpenAPI document the API serves describes its JSON in full: no object without its fields,
 * and report figures composed by libs/outcomes match the document's ReportFigures exactly (every
 * object closed: a field the document does not describe fails).
 */

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const Q4 = { label: '2025-26 Q4', start: '2026-01-01', end: '2026-03-31' };
const ids = {
  mission: id(1),
  jobs: id(2),
  ae: id(3),
  aeRising: id(4),
  well: id(5),
  wellUp: id(6),
  stock: id(7),
  missing: id(8),
  satisfaction: id(9),
};
const provider = { id: id(100), name: 'Acorn Trust' };

/** Every kind of outcome and line a report has: the document must describe each of them. */
function richInputs(): ReportInputs {
  const jobsProxy = proxyVersion(id(50), '10000.0000', {
    code: 'EMP',
    deadweight: '0.2000',
    attribution: '0.1000',
    displacement: '0.0500',
    dropOff: '0.1000',
    durationYears: 3,
  });
  const aeProxy = proxyVersion(id(51), '177.4600', { code: 'AE-ATT', durationYears: 1 });
  const quarterTarget = (n: number, value: string, q = Q1) => ({
    id: id(200 + n),
    periodKind: 'quarter' as const,
    periodStart: q.start,
    periodEnd: q.end,
    value,
  });
  const outcomes = [
    outcome({
      id: ids.mission,
      code: 'MISSION',
      title: 'Good work for all',
      delivery: [quarter(), quarter(), quarter()],
    }),
    outcome({
      id: ids.jobs,
      code: 'JOBS',
      parentId: ids.mission,
      valuation: { basis: 'achieved', countOutcomeId: null, proxies: [jobsProxy, jobsProxy] },
      targets: [quarterTarget(1, '10'), quarterTarget(2, '12', Q2)],
      delivery: [
        quarter({ verified: ['4', 4] }),
        quarter({ verified: ['6', 6], claimed: ['3', 3], disputed: ['1', 1] }),
        quarter({ verified: ['7', 7], claimed: ['2', 2] }),
      ],
      providers: [
        {
          ...provider,
          window: [
            { verified: '6', claimed: '3' },
            { verified: '7', claimed: '2' },
          ],
        },
      ],
      expectedProviders: [provider],
    }),
    outcome({
      id: ids.ae,
      code: 'AE',
      title: 'A&E attendances',
      theme: 'Health',
      unit: 'attendances',
      direction: 'decrease',
      baseline: '400',
      valuation: { basis: 'avoided', countOutcomeId: null, proxies: [aeProxy, aeProxy] },
      targets: [quarterTarget(3, '360')],
      delivery: [
        quarter(),
        quarter({ verified: ['300', 300], claimed: ['29', 29], disputed: ['12', 12] }),
        quarter({ verified: ['350', 350] }),
      ],
    }),
    outcome({
      id: ids.aeRising,
      code: 'AE-NORTH',
      title: 'A&E attendances (north)',
      theme: 'Health',
      unit: 'attendances',
      direction: 'decrease',
      baseline: '100',
      valueDisbenefits: false,
      valuation: { basis: 'avoided', countOutcomeId: null, proxies: [aeProxy, aeProxy] },
      delivery: [
        quarter(),
        quarter({ verified: ['130', 130] }),
        quarter({ verified: ['140', 140] }),
      ],
    }),
    outcome({
      id: ids.well,
      code: 'WELL',
      title: 'Wellbeing score',
      theme: 'Health',
      unit: 'points',
      aggregation: 'mean',
      valuation: {
        basis: 'count_outcome',
        countOutcomeId: ids.wellUp,
        proxies: [
          proxyVersion(id(52), '500.0000', { code: 'WELLBEING', deadweight: '0.3000' }),
          null,
        ],
      },
      targets: [quarterTarget(4, '7.5')],
      delivery: [
        quarter(),
        quarter({ verified: ['177019.2', 24586, '7', '2026-06-30:1'] }),
        quarter({ claimed: ['700', 100, '7', '2026-09-30:1'] }),
      ],
    }),
    outcome({
      id: ids.wellUp,
      code: 'WELL-UP',
      title: 'Residents whose score improved by at least 2 points',
      theme: 'Health',
      delivery: [quarter(), quarter({ verified: ['1850', 1850] }), quarter()],
    }),
    outcome({
      id: ids.stock,
      code: 'HOMES',
      title: 'Empty homes brought back into use',
      theme: 'Housing',
      unit: 'homes',
      aggregation: 'latest',
      baseline: '40',
      valuation: {
        basis: 'change_in_stock',
        countOutcomeId: null,
        proxies: [proxyVersion(id(53), '2500.0000', { code: 'HOME', durationYears: 2 }), null],
      },
      delivery: [
        quarter({ verified: ['40', 1, '40', '2026-03-31'] }),
        quarter({ verified: ['52', 1, '52', '2026-06-30'] }),
        quarter({ verified: ['47', 1, '47', '2026-09-30'] }),
      ],
    }),
    outcome({
      id: ids.satisfaction,
      code: 'SAT',
      title: 'Satisfaction',
      theme: 'Community',
      unit: 'score',
      aggregation: 'mean',
      targets: [quarterTarget(5, '8')],
      delivery: [quarter(), quarter({ verified: ['16', 2] }), quarter()],
    }),
    outcome({
      id: ids.missing,
      code: 'VOL',
      title: 'Volunteer hours',
      theme: 'Community',
      unit: 'hours',
      targets: [quarterTarget(6, '500')],
      delivery: [quarter({ verified: ['450', 9] }), quarter(), quarter()],
      expectedProviders: [provider],
    }),
  ];
  return inputsOf(outcomes, {
    status: 'provisional',
    partnership: {
      ...inputsOf([]).partnership,
      id: id(900),
      discountRate: '0.0350',
      discountConvention: 'end_of_year',
    },
    window: { scope: 'year_to_date', label: Q2.label, start: Q1.start, end: Q2.end },
    quarters: [Q1, Q2],
    trend: [Q4],
    book: { cost: '40000.00', returns: 2 },
  });
}

/** The rich report, and the cases that make figures take their other shapes. */
function reportsToCheck(): [string, ReportFigures][] {
  const rich = richInputs();
  const oneQuarter: ReportInputs = {
    ...rich,
    status: 'final',
    window: { scope: 'quarter', label: Q1.label, start: Q1.start, end: Q1.end },
    quarters: [Q1],
    outcomes: rich.outcomes.map((o) => ({
      ...o,
      delivery: o.delivery.slice(0, 2),
      valuation: o.valuation && { ...o.valuation, proxies: o.valuation.proxies.slice(0, 1) },
    })),
  };
  const firstValued = rich.outcomes.findIndex((o) => o.valuation !== null);
  return [
    ['a year to date of every kind of outcome', composeReport(rich)],
    [
      'one quarter with discounting mid-year',
      composeReport({
        ...oneQuarter,
        partnership: { ...oneQuarter.partnership, discountConvention: 'mid_year' },
      }),
    ],
    ['no investment (no ratio)', composeReport({ ...rich, book: { cost: '0', returns: 0 } })],
    [
      'a large investment (no payback, break-even out of reach)',
      composeReport({
        ...rich,
        book: { cost: '900000000.00', returns: 1 },
      }),
    ],
    [
      'nothing monetised (no sensitivity)',
      composeReport({
        ...rich,
        outcomes: rich.outcomes.map((o) => ({ ...o, valuation: null })),
      }),
    ],
    [
      'stakeholders, price years (one line not uprated), custom cases and a grid',
      composeReport({
        ...rich,
        outcomes: rich.outcomes.map((o, i) => ({
          ...o,
          stakeholder: i % 2 ? 'Residents' : null,
          valuation: o.valuation && {
            ...o.valuation,
            proxies: o.valuation.proxies.map(
              (v) => v && { ...v, priceYear: i === firstValued ? 2019 : 2025 },
            ),
          },
        })),
        partnership: { ...rich.partnership, reportPriceYear: 2026 },
        priceIndex: {
          series: { id: id(901), code: 'DEFL', name: 'Deflator' },
          values: [
            { year: 2025, value: '104.8' },
            { year: 2026, value: '112.3' },
          ],
        },
        sensitivity: {
          cases: [
            { parameter: 'investment', change: '-0.25' },
            { parameter: 'deadweight', change: '0.05' },
          ],
          grid: {
            rows: { parameter: 'proxyValue', changes: ['-0.2', '0', '0.2'] },
            columns: { parameter: 'duration', changes: ['-1', '0'] },
          },
        },
      }),
    ],
    [
      'verified delivery only, contract value pro rata',
      composeReport({
        ...rich,
        partnership: { ...rich.partnership, countUnverified: false, contractValue: '1000000.00' },
        book: { cost: '0', returns: 0 },
      }),
    ],
  ];
}

describe('the OpenAPI document', () => {
  let app: NestFastifyApplication;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    app = await createTestApp();
    doc = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await app.close();
  });

  it('describes every object it has by its fields (free-form only where documented as such)', () => {
    const found = undescribedSchemas(doc);
    expect(found.filter((f) => f.kind === 'bare')).toEqual([]);
    // Objects whose fields depend on what they record, each documented as any object.
    expect(found.filter((f) => f.kind === 'free-form').map((f) => f.at)).toEqual([
      'components.schemas.AuditEventResponse.details',
      'components.schemas.PlatformAuditEventResponse.details',
      'components.schemas.NotificationResponse.data',
      // The in-app notification's event data: the webhook event's, by event type.
      'components.schemas.MyNotificationResponse.data',
      'components.schemas.FailedJobResponse.data',
    ]);
  });

  describe('ReportFigures', () => {
    let validate: ReturnType<typeof strictValidator>;
    beforeAll(() => {
      validate = strictValidator(doc, 'ReportFigures');
    });

    it.each(reportsToCheck())('matches composed figures exactly: %s', (_, figures) => {
      // JSON, as stored and served.
      expectValid(validate, JSON.parse(JSON.stringify(figures)), 'the figures');
    });

    it('covers every shape of figure in the reports checked', () => {
      const all = reportsToCheck().map(([, f]) => f);
      const lines = all.flatMap((f) => f.valuationLines);
      const breakEvens = all.flatMap((f) => f.sensitivity?.results ?? []).map((r) => r.breakEven);
      const outcomes = all.flatMap((f) => f.outcomes);
      expect(new Set(lines.map((l) => l.monetised))).toEqual(new Set([true, false]));
      expect(new Set(breakEvens.map((b) => b.reachable))).toEqual(new Set([true, false]));
      expect(new Set(outcomes.map((o) => o.rag))).toEqual(
        new Set(['green', 'amber', 'red', 'no_data', null]),
      );
      expect(new Set(outcomes.map((o) => o.valuationBasis))).toEqual(
        new Set(['achieved', 'avoided', 'count_outcome', 'change_in_stock', null]),
      );
      expect(all.some((f) => f.sensitivity === null)).toBe(true);
      expect(all.some((f) => f.missingData.some((m) => m.expectedFrom.length > 0))).toBe(true);
      expect(all.some((f) => f.totals.sroiRatio === null)).toBe(true);
      expect(all.some((f) => f.totals.paybackMonths === null)).toBe(true);
      expect(all.some((f) => f.totals.paybackMonths !== null)).toBe(true);
      expect(all.some((f) => f.sensitivity?.grid)).toBe(true);
      expect(all.some((f) => f.warnings.length > 0 && f.prices.indexSeries !== null)).toBe(true);
      expect(all.some((f) => f.byStakeholder.some((g) => g.stakeholder !== null))).toBe(true);
      expect(all.some((f) => f.byProvider.some((g) => g.provider !== null))).toBe(true);
      expect(all.some((f) => f.byProvider.some((g) => g.provider === null))).toBe(true);
      expect(all.some((f) => f.outcomes.some((o) => o.rollUp !== null))).toBe(true);
      expect(all.some((f) => f.sensitivity?.results.some((r) => r.source === 'partnership'))).toBe(
        true,
      );
    });

    it('fails figures with an undocumented field, a missing one, or a figure off its scale', () => {
      const figures = JSON.parse(JSON.stringify(composeReport(richInputs()))) as Record<
        string,
        unknown
      > & { totals: Record<string, unknown>; valuationLines: Record<string, unknown>[] };
      const variants: [string, unknown][] = [
        ['an extra top-level field', { ...figures, extra: 1 }],
        ['an extra nested field', { ...figures, totals: { ...figures.totals, bonus: '1.00' } }],
        [
          'an extra field on a line',
          {
            ...figures,
            valuationLines: [
              { ...figures.valuationLines[0], note: 'x' },
              ...figures.valuationLines,
            ],
          },
        ],
        ['a missing field', { ...figures, totals: { ...figures.totals, investment: undefined } }],
        ['money at 1 place', { ...figures, totals: { ...figures.totals, investment: '40000.0' } }],
        ['money as a number', { ...figures, totals: { ...figures.totals, investment: 40000 } }],
        ['a status it does not have', { ...figures, status: 'draft' }],
      ];
      for (const [what, value] of variants) {
        expect([what, validate(JSON.parse(JSON.stringify(value)))]).toEqual([what, false]);
      }
    });
  });
});
