import { ValidationError } from '../errors';
import type { ContractParty } from './parties';
import { canonicalContractRule } from './canonical-rule';
import {
  checkContractRule,
  needsReturnTargetCost,
  resolveContractRule,
  type ContractRule,
  type ReasonableSurplusRule,
  type TargetCostRule,
} from './rule';

const parties: ContractParty[] = [
  { id: 'p', name: 'Provider', role: 'provider' },
  { id: 'c', name: 'Commissioner', role: 'commissioner' },
  { id: 'f', name: 'Fund', role: 'community_fund' },
];

const surplusRule: ReasonableSurplusRule = {
  kind: 'reasonable_surplus',
  parties,
  reasonableSurplus: { basis: 'cost', rate: '0.08' },
  bands: [{ upTo: '10000', shares: { p: '0.5', c: '0.5' } }, { shares: { c: '0.8', f: '0.2' } }],
  painShare: { shares: { p: '0.5', c: '0.5' }, caps: { p: '5000' } },
};

const targetRule: TargetCostRule = {
  kind: 'target_cost',
  parties,
  targetCost: '100000',
  targetProfit: '10000',
  ceilingPrice: '120000',
  gainTiers: [{ shares: { p: '0.5', c: '0.5' } }],
  painTiers: [{ upTo: '5000', shares: { p: '0.5', c: '0.5' } }, { shares: { p: '1' } }],
};

type Mutation = (rule: Record<string, unknown>) => unknown;

function failure(rule: unknown, prefix?: string): ValidationError {
  try {
    checkContractRule(rule as ContractRule, prefix);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe(checkContractRule.name, () => {
  it('accepts both rule shapes', () => {
    expect(() => checkContractRule(surplusRule)).not.toThrow();
    expect(() => checkContractRule(targetRule)).not.toThrow();
    expect(resolveContractRule(targetRule)).toMatchObject({
      kind: 'target_cost',
      providerPosition: 0,
    });
  });

  it.each<[string, ContractRule, Mutation, string, string]>([
    ['no parties', surplusRule, (r) => ({ ...r, parties: [] }), 'parties', 'at least one party'],
    [
      'a party that is not an object',
      surplusRule,
      (r) => ({ ...r, parties: [null] }),
      'parties[0]',
      'must be a party',
    ],
    [
      'an empty party id',
      surplusRule,
      (r) => ({ ...r, parties: [{ ...parties[0], id: ' ' }] }),
      'parties[0].id',
      'non-empty',
    ],
    [
      'a repeated party id',
      surplusRule,
      (r) => ({ ...r, parties: [parties[0], parties[0]] }),
      'parties[1].id',
      'more than once',
    ],
    [
      'an unnamed party',
      surplusRule,
      (r) => ({ ...r, parties: [{ ...parties[0], name: '' }] }),
      'parties[0].name',
      'non-empty',
    ],
    [
      'an unknown role',
      surplusRule,
      (r) => ({ ...r, parties: [{ ...parties[0], role: 'boss' }] }),
      'parties[0].role',
      'must be one of',
    ],
    ['no bands', surplusRule, (r) => ({ ...r, bands: [] }), 'bands', 'at least one band'],
    [
      'a band that is not an object',
      surplusRule,
      (r) => ({ ...r, bands: ['x'] }),
      'bands[0]',
      'must be a band',
    ],
    [
      'a missing upper edge',
      surplusRule,
      (r) => ({ ...r, bands: [{ shares: { c: '1' } }, { shares: { c: '1' } }] }),
      'bands[0].upTo',
      'every band but the last',
    ],
    [
      'an edge on the last band',
      surplusRule,
      (r) => ({ ...r, bands: [{ upTo: '5', shares: { c: '1' } }] }),
      'bands[0].upTo',
      'omitted on the last band',
    ],
    [
      'bands out of order',
      surplusRule,
      (r) => ({
        ...r,
        bands: [
          { upTo: '10', shares: { c: '1' } },
          { upTo: '10', shares: { c: '1' } },
          { shares: { c: '1' } },
        ],
      }),
      'bands[1].upTo',
      'do not overlap',
    ],
    [
      'a zero first edge',
      surplusRule,
      (r) => ({ ...r, bands: [{ upTo: '0', shares: { c: '1' } }, { shares: { c: '1' } }] }),
      'bands[0].upTo',
      'above the previous',
    ],
    [
      'shares not an object',
      surplusRule,
      (r) => ({ ...r, bands: [{ shares: ['1'] }] }),
      'bands[0].shares',
      'map party ids',
    ],
    [
      'shares adding to 0.9',
      surplusRule,
      (r) => ({
        ...r,
        bands: [{ upTo: '1', shares: { c: '1' } }, { shares: { p: '0.5', c: '0.4' } }],
      }),
      'bands[1].shares',
      'add up to exactly 1',
    ],
    [
      'an unknown party in the shares',
      surplusRule,
      (r) => ({ ...r, bands: [{ shares: { p: '0.5', x: '0.5' } }] }),
      'bands[0].shares.x',
      "not one of the rule's parties",
    ],
    [
      'a share above 1',
      surplusRule,
      (r) => ({ ...r, bands: [{ shares: { p: '1.5', c: '-0.5' } }] }),
      'bands[0].shares.p',
      'fraction',
    ],
    [
      'a number for a share',
      surplusRule,
      (r) => ({ ...r, bands: [{ shares: { p: 1 } }] }),
      'bands[0].shares.p',
      'not a JavaScript number',
    ],
    [
      'no reasonable surplus',
      surplusRule,
      (r) => ({ ...r, reasonableSurplus: null }),
      'reasonableSurplus',
      'basis',
    ],
    [
      'an unknown basis',
      surplusRule,
      (r) => ({ ...r, reasonableSurplus: { basis: 'profit' } }),
      'reasonableSurplus.basis',
      'cost, revenue or amount',
    ],
    [
      'a negative rate',
      surplusRule,
      (r) => ({ ...r, reasonableSurplus: { basis: 'revenue', rate: '-0.1' } }),
      'reasonableSurplus.rate',
      'negative',
    ],
    [
      'a negative target profit',
      surplusRule,
      (r) => ({ ...r, reasonableSurplus: { basis: 'amount', amount: '-1' } }),
      'reasonableSurplus.amount',
      'negative',
    ],
    [
      'an early warning above 1',
      surplusRule,
      (r) => ({ ...r, earlyWarningLevel: '1.2' }),
      'earlyWarningLevel',
      'fraction',
    ],
    [
      'pain shares not adding up',
      surplusRule,
      (r) => ({ ...r, painShare: { shares: { p: '0.5' } } }),
      'painShare.shares',
      'add up to exactly 1',
    ],
    [
      'a cap for an unknown party',
      surplusRule,
      (r) => ({ ...r, painShare: { shares: { p: '1' }, caps: { x: '1' } } }),
      'painShare.caps.x',
      "not one of the rule's parties",
    ],
    [
      'a negative cap',
      surplusRule,
      (r) => ({ ...r, painShare: { shares: { p: '1' }, caps: { c: '-1' } } }),
      'painShare.caps.c',
      'negative',
    ],
    [
      'every sharing party capped',
      surplusRule,
      (r) => ({ ...r, painShare: { shares: { p: '0.5', c: '0.5' }, caps: { p: '1', c: '1' } } }),
      'painShare.caps',
      'uncapped',
    ],
    [
      'a negative pain target',
      surplusRule,
      (r) => ({ ...r, painShare: { shares: { p: '1' }, targetCost: '-5' } }),
      'painShare.targetCost',
      'negative',
    ],
    [
      'a negative target cost',
      targetRule,
      (r) => ({ ...r, targetCost: '-1' }),
      'targetCost',
      'negative',
    ],
    [
      'a negative target profit',
      targetRule,
      (r) => ({ ...r, targetProfit: '-1' }),
      'targetProfit',
      'negative',
    ],
    [
      'a negative minimum adjustment',
      targetRule,
      (r) => ({ ...r, minimumAdjustment: '-1' }),
      'minimumAdjustment',
      'negative',
    ],
    [
      'no gain tiers',
      targetRule,
      (r) => ({ ...r, gainTiers: [] }),
      'gainTiers',
      'at least one band',
    ],
    [
      'pain tiers out of order',
      targetRule,
      (r) => ({
        ...r,
        painTiers: [
          { upTo: '5000', shares: { p: '1' } },
          { upTo: '4000', shares: { p: '1' } },
          { shares: { p: '1' } },
        ],
      }),
      'painTiers[1].upTo',
      'above the previous',
    ],
    [
      'a ceiling below the target price',
      targetRule,
      (r) => ({ ...r, ceilingPrice: '109999.99' }),
      'ceilingPrice',
      'not be below the target price',
    ],
    [
      'a ceiling without a fixed target',
      targetRule,
      (r) => ({ ...r, targetCost: undefined }),
      'ceilingPrice',
      'needs a targetCost',
    ],
    [
      'a ceiling with two providers',
      targetRule,
      (r) => ({ ...r, parties: [...parties, { id: 'q', name: 'Q', role: 'provider' }] }),
      'parties',
      'exactly one party with role provider',
    ],
    [
      'a ceiling with no provider',
      targetRule,
      (r) => ({ ...r, parties: parties.map((party) => ({ ...party, role: 'other' })) }),
      'parties',
      'exactly one',
    ],
    [
      'an unknown kind',
      targetRule,
      (r) => ({ ...r, kind: 'cost_plus' }),
      'kind',
      'reasonable_surplus, target_cost',
    ],
  ])('refuses %s', (_, rule, mutate, field, reason) => {
    const error = failure(mutate(rule as unknown as Record<string, unknown>));
    expect(error.field).toBe(field);
    expect(error.reason).toContain(reason);
  });

  it('refuses something that is not a rule, and prefixes field paths', () => {
    expect(failure(null).field).toBe('rule');
    expect(failure(null, 'terms').field).toBe('terms');
    expect(failure({ ...surplusRule, bands: [] }, 'terms').field).toBe('terms.bands');
  });

  it('accepts a ceiling exactly at the target price', () => {
    expect(() => checkContractRule({ ...targetRule, ceilingPrice: '110000' })).not.toThrow();
  });
});

describe(needsReturnTargetCost.name, () => {
  it.each<[string, ContractRule, boolean]>([
    ['a rule without pain-share', { ...surplusRule, painShare: undefined }, false],
    ['pain-share against the returns', surplusRule, true],
    [
      'pain-share against a fixed target',
      { ...surplusRule, painShare: { shares: { p: '1' }, targetCost: '1' } },
      false,
    ],
    [
      'a target cost from the returns',
      { ...targetRule, targetCost: undefined, ceilingPrice: undefined },
      true,
    ],
    ['a fixed target cost', targetRule, false],
  ])('says whether returns need a target cost: %s', (_, rule, needed) => {
    expect(needsReturnTargetCost(rule)).toBe(needed);
  });
});

describe('canonicalContractRule', () => {
  it('keeps only the fields the library reads, as strings, and refuses what checkContractRule refuses', () => {
    const input = {
      kind: 'target_cost',
      parties: [
        { id: 'p', name: 'Provider', role: 'provider', colour: 'red' },
        { id: 'c', name: 'Council', role: 'commissioner' },
      ],
      targetCost: '100000',
      gainTiers: [{ shares: { p: '0.5', c: '0.5' }, note: 'x' }],
      painTiers: [{ shares: { p: '0.5', c: '0.5' } }],
      ceilingPrice: '110000',
      extra: { anything: true },
    };
    expect(canonicalContractRule(input)).toEqual({
      kind: 'target_cost',
      parties: [
        { id: 'p', name: 'Provider', role: 'provider' },
        { id: 'c', name: 'Council', role: 'commissioner' },
      ],
      targetCost: '100000',
      gainTiers: [{ shares: { p: '0.5', c: '0.5' } }],
      painTiers: [{ shares: { p: '0.5', c: '0.5' } }],
      ceilingPrice: '110000',
    });
    expect(() => canonicalContractRule({ ...input, ceilingPrice: '90000' }, 'terms')).toThrow(
      /terms\.ceilingPrice must not be below the target price/,
    );
  });

  it('keeps a reasonable-surplus rule with pain-share caps and margin-point bands', () => {
    const rule = {
      kind: 'reasonable_surplus' as const,
      parties: [
        { id: 'p', name: 'Provider', role: 'provider' as const },
        { id: 'c', name: 'Council', role: 'commissioner' as const },
      ],
      reasonableSurplus: { basis: 'cost' as const, rate: '0.05' },
      bandEdges: 'margin_points' as const,
      bands: [{ upTo: '0.05', shares: { p: '0.5', c: '0.5' } }, { shares: { c: '1' } }],
      painShare: { shares: { p: '0.4', c: '0.6' }, caps: { p: '1000' } },
    };
    expect(canonicalContractRule(rule)).toEqual(rule);
  });
});
