import type { Decimal } from 'decimal.js';

import { ZERO } from '../money/decimal';
import type { OutcomeLineInput } from '../sroi/outcome-line';
import { baselineFor, claimedShare, counted, valueOf } from './delivery';
import type {
  QuarterDelivery,
  ReportOutcomeInput,
  ReportProxyVersion,
  ValuationBasis,
} from './inputs';
import { uprate, type NotUprated, type PriceContext, type Uprated } from './prices';

/** A valuation line with what the report shows beside it. */
export interface BasedLine {
  readonly line: OutcomeLineInput;
  readonly basis: ValuationBasis | null;
  /** The share of the line's value resting on claimed, not yet verified, delivery. */
  readonly claimedShare: Decimal;
  /** A valued line's value per unit brought to the report's price year. */
  readonly uprating?: Uprated;
  /** A line not valued because its value per unit could not be brought to the report's prices. */
  readonly notUprated?: NotUprated & { readonly proxyCode: string };
  /**
   * For a count achieved (its own, or a score's companion count): the outcome whose delivery the
   * quantity is and the window quarters (indexes) it covers, so its value can be attributed to the
   * providers who delivered it. Absent for a change against a baseline (units avoided, change in
   * stock): the whole partnership's, not one provider's.
   */
  readonly deliveredBy?: { readonly outcomeId: string; readonly quarters: readonly number[] };
}

/** What the report knows when it values one outcome. */
export interface LineContext {
  readonly outcome: ReportOutcomeInput;
  /** The outcome's window quarters' delivery, in order. */
  readonly window: readonly QuarterDelivery[];
  /** For `count_outcome`: the companion outcome and its window delivery. */
  readonly companion?: {
    readonly outcome: ReportOutcomeInput;
    readonly window: readonly QuarterDelivery[];
  };
  readonly countUnverified: boolean;
  /** The report's price year and the index that uprates to it. */
  readonly prices: PriceContext;
}

interface Group {
  readonly version: ReportProxyVersion | null;
  readonly quarters: QuarterDelivery[];
  /** The quarters' indexes in the window. */
  readonly indexes: number[];
}

const amount = (n: Decimal, unit: string): string => `${n.toString()} ${unit}`;

/**
 * Quarters valued together: those with the same proxy version in force at their end, and (unless
 * `all`) with delivery that counts: a quarter without data claims nothing.
 */
function groupsOf(
  proxies: readonly (ReportProxyVersion | null)[],
  window: readonly QuarterDelivery[],
  countUnverified: boolean,
  all: boolean,
): Group[] {
  const byVersion = new Map<string, Group>();
  window.forEach((quarter, index) => {
    if (!all && counted(quarter, countUnverified).count === 0) return;
    const version = proxies[index] ?? null;
    const key = version?.versionId ?? 'none';
    const group = byVersion.get(key) ?? { version, quarters: [], indexes: [] };
    group.quarters.push(quarter);
    group.indexes.push(index);
    byVersion.set(key, group);
  });
  return [...byVersion.values()];
}

/** The proxy with its value per unit in the report's prices. */
function proxyOf(v: ReportProxyVersion, uprated: Uprated): OutcomeLineInput['proxy'] {
  return {
    code: v.code,
    valuePerUnit: uprated.uprated,
    deadweight: v.deadweight,
    attribution: v.attribution,
    displacement: v.displacement,
    dropOff: v.dropOff,
    durationYears: v.durationYears,
  };
}

const identity = (o: ReportOutcomeInput) => ({
  outcomeId: o.id,
  title: o.title,
  theme: o.theme,
  unit: o.unit,
});

/** A line in the outcome's own units, not valued, saying why. */
function unvalued(
  o: ReportOutcomeInput,
  quantity: Decimal,
  basis: ValuationBasis | null,
  reason: string,
  basisText?: string,
): BasedLine {
  return {
    line: {
      ...identity(o),
      quantity,
      isCorrection: quantity.isNegative(),
      proxy: null,
      notValuedReason: reason,
      basisText,
    },
    basis,
    claimedShare: ZERO,
  };
}

/**
 * A valued line (a negative quantity is a disbenefit, allowed as a correction line is), its value
 * per unit uprated to the report's price year; shown and not valued when it cannot be.
 */
function valued(
  ctx: LineContext,
  group: Group,
  quantity: Decimal,
  basis: ValuationBasis,
  basisText: string,
  share: Decimal,
  /** The quantity's unit when it is not the outcome's (a score valued through its count). */
  unit: string = ctx.outcome.unit,
): BasedLine {
  const o = { ...ctx.outcome, unit };
  const version = group.version;
  if (!version) {
    return unvalued(
      o,
      quantity,
      basis,
      'no version of its proxy in force for these quarters: not valued',
      basisText,
    );
  }
  const uprating = uprate(version.valuePerUnit, version.priceYear, ctx.prices);
  if (!uprating.ok) {
    const reason = `proxy ${version.code}: ${uprating.reason}`;
    return {
      ...unvalued(o, quantity, basis, reason, basisText),
      notUprated: { ...uprating, reason, proxyCode: version.code },
    };
  }
  return {
    line: {
      ...identity(o),
      quantity,
      isCorrection: quantity.isNegative(),
      proxy: proxyOf(version, uprating),
      basisText,
    },
    basis,
    claimedShare: share,
    uprating,
  };
}

/** Counts achieved, per proxy version: the counted delivery (a score: its companion count's). */
function achieved(ctx: LineContext, basis: 'achieved' | 'count_outcome'): BasedLine[] {
  const o = ctx.outcome;
  const source = basis === 'count_outcome' ? ctx.companion : { outcome: o, window: ctx.window };
  if (!source) {
    return [unvalued(o, ZERO, basis, 'its count outcome is not in the report: not valued')];
  }
  const via =
    basis === 'count_outcome'
      ? ` counted by ${source.outcome.code} (${source.outcome.title}); the score itself is not valued`
      : ' achieved';
  return groupsOf(o.valuation!.proxies, source.window, ctx.countUnverified, false).map((g) => {
    const quantity = valueOf(
      g.quarters.map((q) => counted(q, ctx.countUnverified)),
      'sum',
    )!;
    const line = valued(
      ctx,
      g,
      quantity,
      basis,
      `${amount(quantity, source.outcome.unit)}${via}.`,
      claimedShare(g.quarters, ctx.countUnverified),
      source.outcome.unit,
    );
    return { ...line, deliveredBy: { outcomeId: source.outcome.id, quarters: g.indexes } };
  });
}

/**
 * What changed against the baseline, valued when it is a gain. A loss (a decrease outcome above its
 * baseline, a stock below it) is a disbenefit: a negative line, or shown and not valued when the
 * outcome does not value disbenefits.
 */
function change(
  ctx: LineContext,
  group: Group,
  basis: 'avoided' | 'change_in_stock',
  quantity: Decimal,
  working: string,
): BasedLine {
  const o = ctx.outcome;
  if (!quantity.isNegative()) {
    const what = basis === 'avoided' ? 'avoided' : 'gained';
    return valued(
      ctx,
      group,
      quantity,
      basis,
      `${amount(quantity, o.unit)} ${what}: ${working}.`,
      ZERO,
    );
  }
  const loss = quantity.negated();
  const text = `${amount(loss, o.unit)} ${basis === 'avoided' ? 'above' : 'short of'} the baseline, a disbenefit: ${working}.`;
  if (!o.valueDisbenefits) {
    return unvalued(
      o,
      quantity,
      basis,
      'a disbenefit this outcome does not value: shown, not valued',
      text,
    );
  }
  return valued(ctx, group, quantity, basis, text, ZERO);
}

/** Units avoided per proxy version: the quarters' baseline minus their actual. */
function avoided(ctx: LineContext): BasedLine[] {
  const o = ctx.outcome;
  return groupsOf(o.valuation!.proxies, ctx.window, ctx.countUnverified, false).map((g) => {
    const baseline = baselineFor(o, g.quarters.length)!;
    const actual = valueOf(
      g.quarters.map((q) => counted(q, ctx.countUnverified)),
      'sum',
    )!;
    const quarters = `${g.quarters.length} quarter${g.quarters.length === 1 ? '' : 's'}`;
    return change(
      ctx,
      g,
      'avoided',
      baseline.minus(actual),
      `baseline ${baseline.toString()} (${quarters}) − actual ${actual.toString()}`,
    );
  });
}

/**
 * A stock level's change: its latest level in the window (the report's actual: a rolled-up parent
 * adds its children's) against the baseline, valued once.
 */
function stockChange(ctx: LineContext, level: Decimal | null): BasedLine[] {
  const o = ctx.outcome;
  if (level === null) return [];
  const baseline = baselineFor(o, 1)!;
  const proxies = o.valuation!.proxies;
  const last: Group = {
    version: proxies[proxies.length - 1] ?? null,
    quarters: [...ctx.window],
    indexes: ctx.window.map((_, i) => i),
  };
  const gain = o.direction === 'increase' ? level.minus(baseline) : baseline.minus(level);
  const working =
    o.direction === 'increase'
      ? `latest level ${level.toString()} − baseline ${baseline.toString()}`
      : `baseline ${baseline.toString()} − latest level ${level.toString()}`;
  return [change(ctx, last, 'change_in_stock', gain, working)];
}

/**
 * The basis an outcome's kind implies, for a link stored without one: a count achieved (an
 * increasing count), units avoided (a decreasing count), the change in a stock level; none for a
 * score, which is valued only through a count outcome it names.
 */
export function impliedBasis(
  o: Pick<ReportOutcomeInput, 'aggregation' | 'direction'>,
): ValuationBasis | null {
  if (o.aggregation === 'sum') return o.direction === 'increase' ? 'achieved' : 'avoided';
  return o.aggregation === 'latest' ? 'change_in_stock' : null;
}

/**
 * The valuation lines of one outcome by what its proxy values. An outcome without a proxy is one
 * line in its own units; a score with a proxy but no count basis, or a change without a baseline,
 * is shown and not valued, saying why.
 */
export function linesFor(ctx: LineContext, actual: Decimal | null): BasedLine[] {
  const o = ctx.outcome;
  const basis = o.valuation ? (o.valuation.basis ?? impliedBasis(o)) : null;
  if (!o.valuation) {
    return actual === null
      ? []
      : [unvalued(o, actual, null, 'no financial proxy: reported in its own units, not valued')];
  }
  switch (basis) {
    case null:
      return actual === null
        ? []
        : [
            unvalued(
              o,
              actual,
              null,
              'a score is not a quantity: not valued until its proxy link names a count outcome (e.g. people whose score improved by at least N)',
            ),
          ];
    case 'achieved':
    case 'count_outcome':
      return achieved(ctx, basis);
    case 'avoided':
    case 'change_in_stock':
      if (o.baseline === null) {
        return actual === null
          ? []
          : [
              unvalued(
                o,
                actual,
                basis,
                `no baseline: what changed against it cannot be counted, so it is not valued`,
              ),
            ];
      }
      return basis === 'avoided' ? avoided(ctx) : stockChange(ctx, actual);
  }
}
