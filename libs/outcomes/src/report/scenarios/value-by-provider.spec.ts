import fc from 'fast-check';
import { Decimal } from 'decimal.js';

import { composeReport } from '../compose';
import type { ProviderDelivery, ReportOutcomeInput } from '../inputs';
import { inputsOf, outcome, proxyVersion, Q1, Q2, quarter } from './fixtures';

/**
 * Value by provider, worked by hand (no deductions, one year, no discounting, investment £10,000):
 *   JOBS  achieved 30 × £500 = £15,000: Acorn delivered 20 (verified), Birch 10 (claimed)
 *         → Acorn £10,000, Birch £5,000; Cedar's 4 disputed count nowhere;
 *   AE    avoided (baseline 40 − actual 30) 10 × £200 = £2,000: the partnership's, no one provider's;
 *   CARE  achieved 5 × £600 = £3,000, all Birch's.
 * Acorn £10,000 (50%, 1.00:1), Birch £8,000 (40%, 0.80:1), no one provider £2,000 (10%, 0.20:1);
 * they add up to the total £20,000 and the ratio 2.00:1. Counting verified delivery only, JOBS is
 * 20 × £500, all Acorn's, and CARE (claimed) is not valued: Acorn £10,000, the rest £2,000.
 */
const ACORN = { id: 'a-acorn', name: 'Acorn Trust' };
const BIRCH = { id: 'b-birch', name: 'Birch Housing' };
const CEDAR = { id: 'c-cedar', name: 'Cedar Care' };

const valued = (value: string, basis: 'achieved' | 'avoided' = 'achieved', versions = 1) => ({
  basis,
  countOutcomeId: null,
  proxies: Array.from({ length: versions }, () => proxyVersion(`v-${value}`, value)),
});
const by = (
  p: { id: string; name: string },
  ...window: [verified: string, claimed: string][]
): ProviderDelivery => ({
  ...p,
  window: window.map(([verified, claimed]) => ({ verified, claimed })),
});

const outcomes = (): ReportOutcomeInput[] => [
  outcome({
    id: 'jobs',
    code: 'JOBS',
    valuation: valued('500.0000'),
    delivery: [quarter({ verified: ['20', 20], claimed: ['10', 10], disputed: ['4', 4] })],
    providers: [by(ACORN, ['20', '0']), by(BIRCH, ['0', '10'])],
  }),
  outcome({
    id: 'ae',
    code: 'AE',
    theme: 'Health',
    direction: 'decrease',
    baseline: '40',
    valuation: valued('200.0000', 'avoided'),
    delivery: [quarter({ verified: ['30', 30] })],
    providers: [by(CEDAR, ['30', '0'])],
  }),
  outcome({
    id: 'care',
    code: 'CARE',
    theme: 'Health',
    valuation: valued('600.0000'),
    delivery: [quarter({ claimed: ['5', 5] })],
    providers: [by(BIRCH, ['0', '5'])],
  }),
];

const book = { cost: '10000.00', returns: 1 };

describe('value by provider', () => {
  const f = composeReport(inputsOf(outcomes(), { book }));

  it('shares each count achieved by the providers’ counted quantities; a change against a baseline is no one provider’s', () => {
    expect(f.totals.presentValue).toBe('20000.00');
    expect(f.byProvider.map(({ basis: _, ...g }) => g)).toEqual([
      {
        provider: ACORN,
        presentValue: '10000.00',
        share: '0.5000',
        ratio: '1.00',
        ratioText: '1.00:1',
        outcomes: ['jobs'],
      },
      {
        provider: BIRCH,
        presentValue: '8000.00',
        share: '0.4000',
        ratio: '0.80',
        ratioText: '0.80:1',
        outcomes: ['jobs', 'care'],
      },
      {
        provider: null,
        presentValue: '2000.00',
        share: '0.1000',
        ratio: '0.20',
        ratioText: '0.20:1',
        outcomes: ['ae'],
      },
    ]);
    expect(f.byProvider[0].basis).toMatch(/verified and claimed/);
    expect(f.byProvider[2].basis).toMatch(/units avoided.*baseline/);
  });

  it('counts only verified delivery when the partnership says so', () => {
    const v = composeReport(inputsOf(outcomes(), { book, countUnverified: false }));
    expect(v.byProvider.map((g) => [g.provider?.name ?? null, g.presentValue])).toEqual([
      ['Acorn Trust', '10000.00'],
      [null, '2000.00'],
    ]);
    expect(v.byProvider[0].basis).toMatch(/verified only/);
  });

  it('splits a line to the penny, the parts adding up to it', () => {
    const three = composeReport(
      inputsOf([
        outcome({
          id: 'x',
          code: 'X',
          valuation: valued('33.3333'),
          delivery: [quarter({ verified: ['3', 3] })],
          providers: [by(ACORN, ['1', '0']), by(BIRCH, ['1', '0']), by(CEDAR, ['1', '0'])],
        }),
      ]),
    );
    // 3 × £33.3333 = £100.00 (rounded): £33.34 + £33.33 + £33.33.
    expect(three.totals.presentValue).toBe('100.00');
    expect(three.byProvider.map((g) => g.presentValue)).toEqual(['33.34', '33.33', '33.33']);
  });

  it('values a score’s companion count by who delivered the count, and a parent’s roll-up by who delivered its children', () => {
    const r = composeReport(
      inputsOf([
        outcome({
          id: 'well',
          code: 'WELL',
          aggregation: 'mean',
          unit: 'points',
          valuation: {
            basis: 'count_outcome',
            countOutcomeId: 'up',
            proxies: [proxyVersion('w', '100.0000')],
          },
          delivery: [quarter({ verified: ['700', 100] })],
        }),
        outcome({
          id: 'up',
          code: 'WELL-UP',
          delivery: [quarter({ verified: ['4', 4] })],
          providers: [by(ACORN, ['3', '0']), by(CEDAR, ['1', '0'])],
        }),
        outcome({
          id: 'home',
          code: 'HOME',
          valuation: valued('1000.0000'),
          delivery: [quarter()],
        }),
        outcome({
          id: 'home-n',
          code: 'HOME-N',
          parentId: 'home',
          delivery: [quarter({ verified: ['2', 2] })],
          providers: [by(BIRCH, ['2', '0'])],
        }),
        outcome({
          id: 'home-s',
          code: 'HOME-S',
          parentId: 'home',
          delivery: [quarter({ claimed: ['1', 1] })],
          providers: [by(ACORN, ['0', '1'])],
        }),
      ]),
    );
    // WELL: 4 × £100 = £400 (Acorn 3, Cedar 1); HOME: 3 × £1,000 = £3,000 (Birch 2, Acorn 1).
    expect(r.byProvider.map((g) => [g.provider?.name ?? null, g.presentValue, g.outcomes])).toEqual(
      [
        ['Acorn Trust', '1300.00', ['well', 'home']],
        ['Birch Housing', '2000.00', ['home']],
        ['Cedar Care', '100.00', ['well']],
      ],
    );
  });

  it('attributes each proxy version’s quarters by that quarter’s delivery', () => {
    const r = composeReport(
      inputsOf(
        [
          outcome({
            id: 'jobs',
            code: 'JOBS',
            valuation: {
              basis: 'achieved',
              countOutcomeId: null,
              proxies: [proxyVersion('v1', '100.0000'), proxyVersion('v2', '200.0000')],
            },
            delivery: [quarter({ verified: ['10', 10] }), quarter({ verified: ['10', 10] })],
            providers: [by(ACORN, ['10', '0'], ['0', '0']), by(BIRCH, ['0', '0'], ['10', '0'])],
          }),
        ],
        {
          window: { scope: 'year_to_date', label: '2026-27 to Q2', start: Q1.start, end: Q2.end },
          quarters: [Q1, Q2],
        },
      ),
    );
    // Q1 10 × £100 (Acorn), Q2 10 × £200 (Birch).
    expect(r.byProvider.map((g) => [g.provider?.name, g.presentValue])).toEqual([
      ['Acorn Trust', '1000.00'],
      ['Birch Housing', '2000.00'],
    ]);
  });

  it('leaves a quantity no provider’s records explain to no one provider, never to a guess', () => {
    const r = composeReport(
      inputsOf([
        outcome({
          id: 'jobs',
          code: 'JOBS',
          valuation: valued('10.0000'),
          delivery: [quarter({ verified: ['10', 10] })],
          providers: [by(ACORN, ['6', '0'])],
        }),
      ]),
    );
    expect(r.byProvider.map((g) => [g.provider?.name ?? null, g.presentValue])).toEqual([
      ['Acorn Trust', '60.00'],
      [null, '40.00'],
    ]);
  });

  it('adds up to the report’s present value for any split of any lines', () => {
    const people = [ACORN, BIRCH, CEDAR];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            value: fc.integer({ min: 1, max: 99_999_999 }),
            shares: fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 3, maxLength: 3 }),
            claimedToo: fc.boolean(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.boolean(),
        (lines, countUnverified) => {
          const os = lines.map((l, i) => {
            const total = l.shares.reduce((s, n) => s + n, 0);
            const providers = people.map((p, k) =>
              by(p, l.claimedToo ? ['0', String(l.shares[k])] : [String(l.shares[k]), '0']),
            );
            const delivery = quarter(
              l.claimedToo
                ? { claimed: [String(total), total] }
                : { verified: [String(total), total] },
            );
            return outcome({
              id: `o${i}`,
              code: `O${i}`,
              valuation: valued(new Decimal(l.value).div(10_000).toFixed(4)),
              delivery: [delivery],
              providers,
            });
          });
          const r = composeReport(inputsOf(os, { countUnverified }));
          const sum = r.byProvider.reduce((s, g) => s.plus(g.presentValue), new Decimal(0));
          expect(sum.toFixed(2)).toBe(r.totals.presentValue);
          for (const g of r.byProvider) expect(g.provider).not.toBeNull();
        },
      ),
    );
  });
});
