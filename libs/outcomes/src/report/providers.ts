import type { Decimal } from 'decimal.js';

import { ZERO, divide, toDecimal } from '../money/decimal';
import { allocateRounded } from '../money/money';
import type { EffectiveOutcome } from './hierarchy';
import type { BasedLine } from './lines';

/** A group of value by provider: a provider, or (null) what no one provider delivered. */
export interface ProviderValue {
  readonly provider: { readonly id: string; readonly name: string } | null;
  readonly presentValue: Decimal;
  readonly outcomes: readonly string[];
  readonly basis: string;
}

/** A valued line with its present value (null: not monetised). */
export interface ValuedLine {
  readonly based: BasedLine;
  readonly presentValue: Decimal | null;
}

const NOT_ATTRIBUTABLE =
  'not attributable to one provider: units avoided and changes in a stock level are measured against the partnership’s baseline, not delivered by one provider (and any counted quantity no provider’s records explain)';

/**
 * Each provider's counted quantity (verified, and claimed when it counts) of an outcome over some
 * window quarters: its own records, or for a rolled-up parent its children's, recursively.
 */
function quantitiesOf(
  e: EffectiveOutcome,
  byId: ReadonlyMap<string, EffectiveOutcome>,
  quarters: readonly number[],
  countUnverified: boolean,
  into: Map<string, { name: string; quantity: Decimal }>,
  seen: Set<string>,
): void {
  if (seen.has(e.outcome.id)) return;
  seen.add(e.outcome.id);
  if (e.rollUp) {
    for (const child of e.rollUp.from) {
      const ce = byId.get(child.id);
      if (ce) quantitiesOf(ce, byId, quarters, countUnverified, into, seen);
    }
    return;
  }
  for (const p of e.outcome.providers) {
    let quantity = into.get(p.id)?.quantity ?? ZERO;
    for (const i of quarters) {
      const q = p.window[i];
      if (!q) continue;
      quantity = quantity.plus(toDecimal(q.verified, `providers[${p.id}].verified`));
      if (countUnverified) {
        quantity = quantity.plus(toDecimal(q.claimed, `providers[${p.id}].claimed`));
      }
    }
    into.set(p.id, { name: p.name, quantity });
  }
}

/**
 * Present value by the provider who delivered it. A count achieved (an outcome's own, or the
 * companion count that values a score) is shared among the providers whose records make up its
 * quantity, each by its share of the counted quantity in the line's quarters; a change against a
 * baseline (units avoided, change in stock) is the partnership's and goes to the `null` group, as
 * does any part of a quantity that no provider's records explain. The groups' values are exact
 * until they are rounded together (largest remainder), so that they add up to the report's total
 * to the penny. Providers in order of name, then id; the `null` group last, when it holds any line.
 */
export function valueByProvider(
  lines: readonly ValuedLine[],
  byId: ReadonlyMap<string, EffectiveOutcome>,
  countUnverified: boolean,
): ProviderValue[] {
  const groups = new Map<
    string | null,
    { name: string; presentValue: Decimal; outcomes: Set<string> }
  >();
  const add = (key: string | null, name: string, pv: Decimal, outcomeId: string) => {
    const g = groups.get(key) ?? { name, presentValue: ZERO, outcomes: new Set<string>() };
    g.presentValue = g.presentValue.plus(pv);
    g.outcomes.add(outcomeId);
    groups.set(key, g);
  };
  for (const { based, presentValue } of lines) {
    if (presentValue === null) continue;
    const outcomeId = based.line.outcomeId;
    const source = based.deliveredBy && byId.get(based.deliveredBy.outcomeId);
    const quantity = toDecimal(based.line.quantity, 'quantity');
    if (!based.deliveredBy || !source || quantity.isZero()) {
      add(null, '', presentValue, outcomeId);
      continue;
    }
    const quantities = new Map<string, { name: string; quantity: Decimal }>();
    quantitiesOf(source, byId, based.deliveredBy.quarters, countUnverified, quantities, new Set());
    let explained = ZERO;
    for (const [id, q] of quantities) {
      if (q.quantity.isZero()) continue;
      explained = explained.plus(q.quantity);
      add(id, q.name, divide(presentValue.times(q.quantity), quantity), outcomeId);
    }
    if (!quantity.equals(explained)) {
      add(null, '', divide(presentValue.times(quantity.minus(explained)), quantity), outcomeId);
    }
  }
  // The groups' exact values rounded together, so that they add up to the rounded total.
  const keys = [...groups.keys()];
  const rounded = allocateRounded(keys.map((k) => groups.get(k)!.presentValue));
  keys.forEach((k, i) => (groups.get(k)!.presentValue = rounded[i]));
  const named = [...groups]
    .filter((entry): entry is [string, (typeof entry)[1]] => entry[0] !== null)
    .sort(([ia, a], [ib, b]) => (a.name < b.name ? -1 : a.name > b.name ? 1 : ia < ib ? -1 : 1))
    .map(([id, g]) => ({
      provider: { id, name: g.name },
      presentValue: g.presentValue,
      outcomes: [...g.outcomes],
      basis: `its share of the counted quantity of each count it delivered, line by line (${countUnverified ? 'verified and claimed' : 'verified only'})`,
    }));
  const rest = groups.get(null);
  return rest
    ? [
        ...named,
        {
          provider: null,
          presentValue: rest.presentValue,
          outcomes: [...rest.outcomes],
          basis: NOT_ATTRIBUTABLE,
        },
      ]
    : named;
}
