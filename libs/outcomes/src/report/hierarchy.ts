import type { Decimal } from 'decimal.js';

import { ZERO, toDecimal } from '../money/decimal';
import { NO_ENTRIES, mergeStatuses, valueOf } from './delivery';
import type { QuarterDelivery, ReportOutcomeInput, StatusTotals } from './inputs';

/** An outcome's place in the hierarchy and whether a proxy values it. */
export interface HierarchyNode {
  readonly id: string;
  readonly parentId: string | null;
  readonly valued: boolean;
}

/** Two valued outcomes on one branch: `upper` is an ancestor of `lower`. */
export interface ValuedLevelConflict {
  readonly upper: string;
  readonly lower: string;
}

/**
 * The first pair of valued outcomes where one is an ancestor of the other, or null. Value is
 * counted at one level of a branch: a parent that rolls its children up would value their
 * delivery again. Nodes whose parent is not listed are roots; a cycle is not followed twice.
 */
export function valuedLevelConflict(nodes: readonly HierarchyNode[]): ValuedLevelConflict | null {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const node of nodes) {
    if (!node.valued) continue;
    const seen = new Set([node.id]);
    let parentId = node.parentId;
    while (parentId !== null && !seen.has(parentId)) {
      const parent = byId.get(parentId);
      if (!parent) break;
      if (parent.valued) return { upper: parent.id, lower: node.id };
      seen.add(parentId);
      parentId = parent.parentId;
    }
  }
  return null;
}

/** How a parent's figures were arrived at from its children. */
export interface RollUp {
  /** The children rolled up, in report order. */
  readonly from: readonly ReportOutcomeInput[];
  /** Children left out, and why (a different aggregation or unit cannot be combined). */
  readonly excluded: readonly { readonly outcome: ReportOutcomeInput; readonly reason: string }[];
}

/** An outcome with the delivery its figures use: its own, or its children's rolled up. */
export interface EffectiveOutcome {
  readonly outcome: ReportOutcomeInput;
  /** Every quarter's delivery (trend quarters, then the window's). */
  readonly delivery: readonly QuarterDelivery[];
  /** Null when the outcome uses its own data. */
  readonly rollUp: RollUp | null;
}

const STATUSES = ['verified', 'claimed', 'disputed'] as const;

const hasEntries = (quarters: readonly QuarterDelivery[]): boolean =>
  quarters.some((q) => STATUSES.some((s) => q[s].count > 0));

/**
 * Children's totals as one: entries and sums add (a sum or a response-weighted mean follows), and
 * for a stock level the latest of each child is summed (their levels add up to the parent's).
 */
function combine(totals: readonly StatusTotals[], aggregation: string): StatusTotals {
  const present = totals.filter((t) => t.count > 0);
  if (present.length === 0) return NO_ENTRIES;
  const merged = present.reduce(mergeStatuses);
  if (aggregation !== 'latest') return merged;
  const latest = present.reduce((s, t) => s.plus(toDecimal(t.latest!, 'latest')), ZERO);
  return { ...merged, latest };
}

function combineQuarters(
  children: readonly EffectiveOutcome[],
  index: number,
  aggregation: string,
): QuarterDelivery {
  const by = (status: (typeof STATUSES)[number]) =>
    combine(
      children.map((c) => c.delivery[index][status]),
      aggregation,
    );
  return { verified: by('verified'), claimed: by('claimed'), disputed: by('disputed') };
}

/**
 * Each outcome's effective delivery: a parent with no data of its own in the window (no records in
 * force of any status) rolls up its children that share its aggregation and unit — recursively,
 * so a grandparent rolls up rolled-up parents. Sums add, means are weighted by their responses
 * (entries), stock levels add each child's latest. Others keep their own delivery.
 *
 * `windowFrom` is the index of the window's first quarter in each outcome's delivery.
 */
export function rollUpHierarchy(
  outcomes: readonly ReportOutcomeInput[],
  windowFrom: number,
): EffectiveOutcome[] {
  const ids = new Set(outcomes.map((o) => o.id));
  const children = new Map<string, ReportOutcomeInput[]>();
  for (const o of outcomes) {
    if (o.parentId === null || !ids.has(o.parentId) || o.parentId === o.id) continue;
    children.set(o.parentId, [...(children.get(o.parentId) ?? []), o]);
  }
  const done = new Map<string, EffectiveOutcome>();
  const visiting = new Set<string>();
  const effective = (o: ReportOutcomeInput): EffectiveOutcome => {
    const known = done.get(o.id);
    if (known) return known;
    visiting.add(o.id);
    const own: EffectiveOutcome = { outcome: o, delivery: o.delivery, rollUp: null };
    const kids = (children.get(o.id) ?? []).filter((c) => !visiting.has(c.id));
    let result = own;
    if (kids.length > 0 && !hasEntries(o.delivery.slice(windowFrom))) {
      const from = kids.filter((c) => c.aggregation === o.aggregation && c.unit === o.unit);
      const excluded = kids
        .filter((c) => !from.includes(c))
        .map((c) => ({
          outcome: c,
          reason:
            c.aggregation !== o.aggregation
              ? `aggregated by ${c.aggregation}, not ${o.aggregation}`
              : `counted in ${c.unit}, not ${o.unit}`,
        }));
      if (from.length > 0) {
        const rolled = from.map(effective);
        result = {
          outcome: o,
          delivery: o.delivery.map((_, i) => combineQuarters(rolled, i, o.aggregation)),
          rollUp: { from, excluded },
        };
      }
    }
    visiting.delete(o.id);
    done.set(o.id, result);
    return result;
  };
  return outcomes.map(effective);
}

/**
 * For each outcome whose delivery a valued ancestor's roll-up already counts: that ancestor.
 * Such an outcome is not valued again (value is counted once per branch).
 */
export function valuedAbove(effective: readonly EffectiveOutcome[]): Map<string, EffectiveOutcome> {
  const byId = new Map(effective.map((e) => [e.outcome.id, e]));
  const result = new Map<string, EffectiveOutcome>();
  const mark = (e: EffectiveOutcome, by: EffectiveOutcome, seen: Set<string>): void => {
    for (const child of e.rollUp?.from ?? []) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      result.set(child.id, by);
      const ce = byId.get(child.id);
      if (ce) mark(ce, by, seen);
    }
  };
  for (const e of effective) {
    if (e.outcome.valuation !== null && e.rollUp && !result.has(e.outcome.id)) {
      mark(e, e, new Set([e.outcome.id]));
    }
  }
  return result;
}

/**
 * A stock level's latest value over quarters [from, to) of the delivery for one pick of it (what
 * counts, or one review status): its own latest entry, or for a rolled-up parent the sum of each
 * child's (a child that last reported in an earlier quarter of the range still counts). Null
 * without data.
 */
export function latestOver(
  e: EffectiveOutcome,
  byId: ReadonlyMap<string, EffectiveOutcome>,
  range: readonly [from: number, to: number],
  pick: (q: QuarterDelivery) => StatusTotals,
): Decimal | null {
  if (!e.rollUp) return valueOf(e.delivery.slice(range[0], range[1]).map(pick), 'latest');
  const levels = e.rollUp.from
    .map((c) => latestOver(byId.get(c.id)!, byId, range, pick))
    .filter((v): v is Decimal => v !== null);
  return levels.length === 0 ? null : levels.reduce((s, v) => s.plus(v));
}
