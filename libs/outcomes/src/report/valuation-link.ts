import { ValidationError } from '../errors';
import type { Aggregation } from '../targets/aggregation';
import type { Direction } from '../targets/progress';
import type { ValuationBasis } from './inputs';

/** What a link decides about an outcome: its kind, and whether something already values it. */
export interface LinkedOutcome {
  readonly id: string;
  readonly code: string;
  readonly aggregation: Aggregation;
  readonly direction: Direction;
}

/** The bases an outcome of each kind may be valued on. */
const ALLOWED: Readonly<Record<Aggregation, readonly ValuationBasis[]>> = {
  sum: [],
  mean: ['count_outcome'],
  latest: ['change_in_stock'],
};

/**
 * The basis of a proxy link, checked against what the outcome is:
 * - a count (sum) is valued on what changed: the count `achieved` when it should increase, units
 *   `avoided` against its baseline when it should decrease (never the raw count of what happened);
 *   omitted, the basis is implied;
 * - a stock level (latest) only on its `change_in_stock` against the baseline, named explicitly;
 * - a score (mean) is never multiplied by a per-unit proxy: only through a `count_outcome` it names
 *   (people whose score improved by at least N), an increasing count that no proxy values itself.
 *
 * @throws {@link ValidationError} naming the field (`basis` or `countOutcomeId`)
 */
export function checkValuationLink(
  outcome: LinkedOutcome,
  basis: ValuationBasis | undefined,
  count?: LinkedOutcome & {
    readonly valued: boolean;
    /** The outcome whose valuation already counts its people, if any. */
    readonly countedFor?: string | null;
  },
): ValuationBasis {
  const implied = outcome.direction === 'increase' ? 'achieved' : 'avoided';
  if (outcome.aggregation === 'sum') {
    if (basis !== undefined && basis !== implied) {
      throw new ValidationError(
        'basis',
        basis,
        `must be ${implied} for a count that should ${outcome.direction} (${implied === 'avoided' ? 'units avoided against the baseline, never the count of what happened' : 'the count achieved'})`,
      );
    }
    return implied;
  }
  if (basis === undefined || !ALLOWED[outcome.aggregation].includes(basis)) {
    throw new ValidationError(
      'basis',
      basis ?? null,
      outcome.aggregation === 'latest'
        ? 'must be change_in_stock for a stock level: its change against the baseline is valued, never the level'
        : 'must be count_outcome for a score: a score is not a quantity; name the count outcome (e.g. people whose score improved by at least N) whose people the proxy values',
    );
  }
  if (basis === 'count_outcome') checkCountOutcome(outcome, count);
  return basis;
}

function checkCountOutcome(
  outcome: LinkedOutcome,
  count:
    (LinkedOutcome & { readonly valued: boolean; readonly countedFor?: string | null }) | undefined,
): void {
  if (!count) {
    throw new ValidationError('countOutcomeId', null, 'is required for basis count_outcome');
  }
  const reason =
    count.id === outcome.id
      ? 'must be another outcome'
      : count.aggregation !== 'sum' || count.direction !== 'increase'
        ? 'must be a count (sum) outcome that should increase'
        : count.valued
          ? `is valued by its own proxy: its people would be counted twice`
          : count.countedFor && count.countedFor !== outcome.id
            ? 'already counts the people of another score: they would be counted twice'
            : null;
  if (reason) throw new ValidationError('countOutcomeId', count.code, reason);
}
