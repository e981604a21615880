import fc from 'fast-check';

import { decimalString } from '../../test-support/arbitraries';
import { toMoneyString } from '../money/money';
import {
  evaluateSurplusShare,
  type FinancialReturnEntry,
  type SurplusShareRule,
} from '../surplus-share/surplus-share';
import { evaluateContract } from './evaluate';
import { canonicalContractRule } from './canonical-rule';
import { checkContractRule, type ReasonableSurplusRule } from './rule';
import { ROLE_PARTY_IDS, partyOrganisation, ruleFromShorthand } from './shorthand';
import { YEAR_2025_26, quarter } from './scenarios/fixtures';

const SHORTHAND: SurplusShareRule = {
  basis: 'cost',
  reasonableSurplusRate: '0.05',
  bands: [
    { upTo: '0.05', provider: '0.5', commissioner: '0.5' },
    { provider: '0', commissioner: '0.8', communityFund: '0.2' },
  ],
  painShare: { providerShare: '0.4', providerCap: '1000' },
};

function partsOf(rule: SurplusShareRule, entries: FinancialReturnEntry[], fund?: string) {
  const evaluation = evaluateContract(ruleFromShorthand(rule, fund), entries, YEAR_2025_26);
  const gain = Object.fromEntries(
    evaluation.gain.parties.map((part) => [part.partyId, toMoneyString(part.rounded)]),
  );
  const pain = evaluation.pain
    ? Object.fromEntries(
        evaluation.pain.parties.map((part) => [part.partyId, toMoneyString(part.rounded)]),
      )
    : null;
  return { evaluation, gain, pain };
}

describe('ruleFromShorthand', () => {
  it('turns margin-point bands into money edges of the basis amount (worked example)', () => {
    // cost 40,000, revenue 60,000: surplus 20,000, reasonable surplus 5% × 40,000 = 2,000,
    // excess 18,000; band 1 = 5 points × 40,000 = the first 2,000 of excess, 50/50;
    // the remaining 16,000: commissioner 80% 12,800, community fund 20% 3,200.
    const { evaluation, gain } = partsOf(SHORTHAND, [quarter(1, '60000', '40000', '50000')]);
    expect(toMoneyString(evaluation.gain.roundedTotal)).toBe('18000.00');
    expect(gain).toEqual({
      provider: '1000.00',
      commissioner: '13800.00',
      community_fund: '3200.00',
    });
    expect(evaluation.steps.find((s) => s.code === 'band.1')!.text).toContain('0.00 to 2000.00');
  });

  it('puts the community dividend on the organisation that receives it', () => {
    const { gain } = partsOf(SHORTHAND, [quarter(1, '60000', '40000', '50000')], 'org-fund');
    expect(gain['org-fund']).toBe('3200.00');
  });

  it('leaves the community fund out when no band gives it a share and no one receives it', () => {
    const rule = ruleFromShorthand({
      basis: 'revenue',
      reasonableSurplusRate: '0.1',
      bands: [{ provider: '0.5', commissioner: '0.5' }],
    });
    expect(rule.parties.map((p) => p.id)).toEqual([
      ROLE_PARTY_IDS.provider,
      ROLE_PARTY_IDS.commissioner,
    ]);
    expect(() => checkContractRule(rule)).not.toThrow();
  });

  it('has the commissioner bear what the provider does not, and beyond the provider cap', () => {
    // cost 55,000 against a target of 50,000: overrun 5,000; provider 40% = 2,000, capped at 1,000.
    const { pain, evaluation } = partsOf(SHORTHAND, [quarter(1, '50000', '55000', '50000')]);
    expect(evaluation.state).toBe('pain_share');
    expect(pain).toEqual({ provider: '1000.00', commissioner: '4000.00', community_fund: '0.00' });
  });

  it('shares the excess exactly as the three-party evaluation does (property)', () => {
    const arb = (max: number, decimals: number, min = 0) =>
      fc.integer({ min, max }).map((units) => decimalString(units, decimals));
    const fraction = arb(100, 2);
    fc.assert(
      fc.property(
        fc.constantFrom<'cost' | 'revenue'>('cost', 'revenue'),
        arb(300, 3),
        arb(200, 3, 1),
        fraction,
        fraction,
        arb(50_000_000, 2),
        arb(50_000_000, 2, 100),
        arb(50_000_000, 2),
        (basis, rate, edge, p1, p2, revenue, cost, target) => {
          const rest = (p: string) => decimalString(100 - Math.round(Number(p) * 100), 2);
          const rule: SurplusShareRule = {
            basis,
            reasonableSurplusRate: rate,
            bands: [
              { upTo: edge, provider: p1, commissioner: rest(p1) },
              { provider: p2, commissioner: '0', communityFund: rest(p2) },
            ],
            painShare: { providerShare: p1 },
          };
          const entries = [quarter(2, revenue, cost, target)];
          const legacy = evaluateSurplusShare(rule, entries, YEAR_2025_26);
          const { evaluation, gain, pain } = partsOf(rule, entries);
          expect(evaluation.state).toBe(legacy.state);
          expect({ community_fund: '0.00', ...gain }).toEqual({
            provider: toMoneyString(legacy.roundedShares.provider),
            commissioner: toMoneyString(legacy.roundedShares.commissioner),
            community_fund: toMoneyString(legacy.roundedShares.communityFund),
          });
          expect(pain!.provider).toBe(toMoneyString(legacy.painShare!.rounded.provider));
          expect(pain!.commissioner).toBe(toMoneyString(legacy.painShare!.rounded.commissioner));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('band edges in margin points', () => {
  const base = ruleFromShorthand(SHORTHAND);

  it('needs a rate basis', () => {
    expect(() =>
      checkContractRule(
        { ...base, reasonableSurplus: { basis: 'amount', amount: '1000' } },
        'terms',
      ),
    ).toThrow(/terms\.bandEdges must be money when the reasonable surplus is an amount/);
  });

  it('is money or margin_points', () => {
    expect(() => checkContractRule({ ...base, bandEdges: 'points' as unknown as 'money' })).toThrow(
      /bandEdges must be money or margin_points/,
    );
  });
});

describe('partyOrganisation', () => {
  it('resolves the provider role to the provider evaluated and other roles to none', () => {
    expect(partyOrganisation('provider', 'org-p')).toBe('org-p');
    expect(partyOrganisation('commissioner', 'org-p')).toBeNull();
    expect(partyOrganisation('community_fund', 'org-p')).toBeNull();
    expect(partyOrganisation('org-council', 'org-p')).toBe('org-council');
  });
});

describe('a provider bearing all of an overrun up to its cap', () => {
  it('leaves what is beyond the cap to the commissioner, as the three-party rule did', () => {
    const rule: SurplusShareRule = {
      basis: 'cost',
      reasonableSurplusRate: '0.05',
      bands: [{ provider: '0.5', commissioner: '0.5' }],
      painShare: { providerShare: '1', providerCap: '1000' },
    };
    const entries = [quarter(1, '50000', '55000', '50000')];
    const legacy = evaluateSurplusShare(rule, entries, YEAR_2025_26);
    const { pain } = partsOf(rule, entries);
    expect(pain).toEqual({ provider: '1000.00', commissioner: '4000.00' });
    expect(toMoneyString(legacy.painShare!.rounded.commissioner)).toBe('4000.00');
  });
});

describe('malformed terms', () => {
  const base = ruleFromShorthand(SHORTHAND);
  it('reads null optional fields as absent and refuses a painShare or caps that is not an object', () => {
    const nulls = {
      ...base,
      earlyWarningLevel: null,
      bandEdges: null,
      painShare: null,
    } as unknown as ReasonableSurplusRule;
    expect(canonicalContractRule(nulls)).not.toHaveProperty('painShare');
    expect(() => canonicalContractRule({ ...base, painShare: 'half' })).toThrow(
      /painShare must be an object with shares/,
    );
    expect(() =>
      canonicalContractRule({
        ...base,
        painShare: { shares: { provider: '1' }, caps: 'all' },
      }),
    ).toThrow(/painShare\.caps must map party ids to amounts/);
  });

  it('refuses too many parties or bands, and amounts too large to store', () => {
    const many = Array.from({ length: 51 }, (_, i) => ({
      id: `p${i}`,
      name: `P${i}`,
      role: 'other' as const,
    }));
    expect(() => checkContractRule({ ...base, parties: many })).toThrow(/at most 50 parties/);
    const bands = Array.from({ length: 21 }, (_, i) => ({
      ...(i < 20 ? { upTo: String(i + 1) } : {}),
      shares: { provider: '1' },
    }));
    expect(() => checkContractRule({ ...base, bandEdges: 'money', bands })).toThrow(
      /at most 20 bands/,
    );
    expect(() =>
      checkContractRule({
        kind: 'target_cost',
        parties: base.parties,
        targetCost: '1000000000000000000',
        gainTiers: [{ shares: { provider: '1' } }],
        painTiers: [{ shares: { provider: '1' } }],
      }),
    ).toThrow(/targetCost must be below 1000000000000000/);
  });
});
