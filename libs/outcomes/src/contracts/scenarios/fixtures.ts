/**
 * Shared fixtures of the contract scenarios (not part of the library).
 * @internal
 */
import type { Decimal } from 'decimal.js';

import type { FinancialReturnEntry } from '../../surplus-share/surplus-share';
import type { ContractParty } from '../parties';
import type { ContractEvaluation } from '../evaluation';
import { toMoneyString } from '../../money/money';

/** The financial year 2025-26 (April start). */
export const YEAR_2025_26 = { start: '2025-04-01', end: '2026-03-31' } as const;

const QUARTERS = [
  ['2025-26 Q1', '2025-04-01', '2025-06-30'],
  ['2025-26 Q2', '2025-07-01', '2025-09-30'],
  ['2025-26 Q3', '2025-10-01', '2025-12-31'],
  ['2025-26 Q4', '2026-01-01', '2026-03-31'],
] as const;

/** A quarter's return of 2025-26 (quarter 1–4) with one direct cost line. */
export function quarter(
  number: 1 | 2 | 3 | 4,
  revenue: string,
  cost: string,
  targetCost?: string,
): FinancialReturnEntry {
  const [label, periodStart, periodEnd] = QUARTERS[number - 1];
  return {
    label,
    periodStart,
    periodEnd,
    revenue,
    costs: [{ category: 'direct', amount: cost }],
    ...(targetCost === undefined ? {} : { targetCost }),
  };
}

/** Each party's rounded part as a money string, keyed by party id. */
export function byParty(
  parts: readonly { partyId: string; rounded: Decimal }[],
): Record<string, string> {
  return Object.fromEntries(parts.map((part) => [part.partyId, toMoneyString(part.rounded)]));
}

/** Each party's net position as a money string, keyed by party id. */
export function netByParty(evaluation: ContractEvaluation): Record<string, string> {
  return Object.fromEntries(
    evaluation.positions.map((position) => [position.partyId, toMoneyString(position.net)]),
  );
}

/** The alliance of the reasonable-surplus scenarios: a provider, two commissioners, a fund. */
export const ALLIANCE: readonly ContractParty[] = [
  { id: 'northside', name: 'Northside Care CIC', role: 'provider' },
  { id: 'council', name: 'City Council', role: 'commissioner' },
  { id: 'icb', name: 'Integrated Care Board', role: 'commissioner' },
  { id: 'fund', name: 'Community Fund', role: 'community_fund' },
];
