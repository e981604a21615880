import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { step, type ExplanationStep } from '../explanation/steps';
import { ZERO, isList, sum, toDecimal, type DecimalInput } from '../money/decimal';
import { toMoneyString } from '../money/money';
import { parseIsoDate, type IsoDate } from '../periods/calendar-date';
import type { ContractEvaluation } from './evaluation';

/** A party's entitlement under the CURRENT evaluation (signed money, whole pence). */
export interface LedgerEntitlement {
  readonly partyId: string;
  /** Positive: due to the party; negative: the party owes (it bears a pain). */
  readonly amount: DecimalInput;
}

/** Money that has moved for a party (signed, whole pence; negative for a clawback paid back). */
export interface LedgerSettlement {
  readonly partyId: string;
  readonly amount: DecimalInput;
  /** When it was paid (kept for the record; the maths needs only the amount). */
  readonly date?: IsoDate;
  /** Payment reference. */
  readonly reference?: string;
  /** Who recorded it. */
  readonly settledBy?: string;
}

/** An adjustment raised earlier for a party (signed, whole pence), e.g. on a trigger. */
export interface RaisedAdjustment {
  readonly partyId: string;
  readonly amount: DecimalInput;
}

/** Everything recorded for one rule and one financial year. */
export interface LedgerInput {
  /** Each party's entitlement under the current evaluation; one line per party at most. */
  readonly entitlements: readonly LedgerEntitlement[];
  /** Every settlement recorded. */
  readonly settlements: readonly LedgerSettlement[];
  /** Every adjustment raised before this evaluation. */
  readonly raised: readonly RaisedAdjustment[];
}

/** One party's line of the ledger. */
export interface LedgerLine {
  readonly partyId: string;
  /** Current entitlement (0 for a party no longer in the evaluation). */
  readonly entitlement: Decimal;
  /** Σ settlements. */
  readonly settled: Decimal;
  /** entitlement − settled: still to pay (negative: overpaid, a clawback is due). */
  readonly outstanding: Decimal;
  /** Σ adjustments raised before. */
  readonly raisedBefore: Decimal;
  /** entitlement − raised before: the adjustment to raise now (0: nothing; negative: a clawback). */
  readonly adjustment: Decimal;
}

/** The ledger of one rule and financial year. */
export interface Ledger {
  /** One line per party: entitlements' order first, then parties known only from the records. */
  readonly lines: readonly LedgerLine[];
  /** Column totals. */
  readonly totals: Omit<LedgerLine, 'partyId'>;
  readonly steps: readonly ExplanationStep[];
}

function pence(value: DecimalInput, path: string): Decimal {
  const amount = toDecimal(value, path);
  if (amount.decimalPlaces() > 2) {
    throw new ValidationError(path, value, 'must be whole pence (at most 2 decimal places)');
  }
  return amount;
}

function partyIdOf(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(path, value, 'must be a non-empty string');
  }
  return value;
}

function amountsByParty(
  rows: readonly { readonly partyId: string; readonly amount: DecimalInput }[],
  path: string,
  order: string[],
  onRow?: (row: LedgerSettlement, at: string) => void,
): Map<string, Decimal> {
  if (!isList(rows)) throw new ValidationError(path, rows, 'must be a list');
  const totals = new Map<string, Decimal>();
  rows.forEach((row, index) => {
    const at = `${path}[${index}]`;
    if (typeof row !== 'object' || row === null) {
      throw new ValidationError(at, row, 'must be an object with partyId and amount');
    }
    const partyId = partyIdOf(row.partyId, `${at}.partyId`);
    onRow?.(row, at);
    if (!totals.has(partyId) && !order.includes(partyId)) order.push(partyId);
    totals.set(partyId, (totals.get(partyId) ?? ZERO).plus(pence(row.amount, `${at}.amount`)));
  });
  return totals;
}

function checkSettlement(row: LedgerSettlement, at: string): void {
  if (row.date !== undefined) parseIsoDate(row.date, `${at}.date`);
}

/**
 * The settlement ledger of one rule and financial year, per party:
 *
 * - settled = Σ settlements; outstanding = entitlement − settled (negative when more was paid than
 *   is now due: a clawback);
 * - adjustment = entitlement − Σ adjustments raised before: what to raise now, ONLY the difference
 *   (a later crossing raises the increase, a restatement that lowers the position a negative
 *   adjustment), never the gross again. After raising it, Σ raised = entitlement.
 *
 * Exact in pence: every amount must have at most 2 decimal places (entitlements from
 * {@link entitlementsOf} are rounded with allocateRounded), so settled + outstanding = entitlement
 * and raised before + adjustment = entitlement to the penny.
 *
 * @throws {@link ValidationError} naming the row (`settlements[2].amount`) for a malformed amount,
 * an empty party id, a bad date or a party with two entitlements
 */
export function ledger(input: LedgerInput): Ledger {
  const order: string[] = [];
  const entitlements = amountsByParty(input.entitlements, 'entitlements', order);
  if (entitlements.size !== input.entitlements.length) {
    const index = input.entitlements.findIndex(
      (row, at) => input.entitlements.findIndex((other) => other.partyId === row.partyId) !== at,
    );
    throw new ValidationError(
      `entitlements[${index}].partyId`,
      input.entitlements[index].partyId,
      'appears more than once (one entitlement per party)',
    );
  }
  const settled = amountsByParty(input.settlements, 'settlements', order, checkSettlement);
  const raised = amountsByParty(input.raised, 'raised', order);
  const lines = order.map((partyId): LedgerLine => {
    const entitlement = entitlements.get(partyId) ?? ZERO;
    const paid = settled.get(partyId) ?? ZERO;
    const raisedBefore = raised.get(partyId) ?? ZERO;
    return {
      partyId,
      entitlement,
      settled: paid,
      outstanding: entitlement.minus(paid),
      raisedBefore,
      adjustment: entitlement.minus(raisedBefore),
    };
  });
  const column = (pick: (line: LedgerLine) => Decimal) => sum(lines.map(pick));
  const totals = {
    entitlement: column((line) => line.entitlement),
    settled: column((line) => line.settled),
    outstanding: column((line) => line.outstanding),
    raisedBefore: column((line) => line.raisedBefore),
    adjustment: column((line) => line.adjustment),
  };
  const steps = lines.map((line) =>
    step(
      `ledger.${line.partyId}`,
      `${line.partyId}: entitlement ${toMoneyString(line.entitlement)} − raised before ${toMoneyString(line.raisedBefore)} = adjustment ${toMoneyString(line.adjustment)}; settled ${toMoneyString(line.settled)}, outstanding ${toMoneyString(line.outstanding)}.`,
      { ...line },
    ),
  );
  return { lines, totals, steps };
}

/**
 * Each party's entitlement under an evaluation: its rounded net position (what it receives of a
 * gain minus what it bears of a pain), in party order, ready for {@link ledger}.
 */
export function entitlementsOf(evaluation: ContractEvaluation): LedgerEntitlement[] {
  return evaluation.positions.map((position) => ({
    partyId: position.partyId,
    amount: position.net,
  }));
}

/**
 * Whether a party's settlement moves no money because the party holds it already: under a
 * reasonable-surplus rule the provider holds the surplus (it keeps its share of an excess and
 * absorbs its share of an overrun); under a target-cost contract a commissioner's share is its
 * side of the price it pays the provider (it pays less, or more), not a separate payment. Every
 * other party is paid, or pays.
 */
export function isRetained(kind: ContractEvaluation['kind'], role: string): boolean {
  return kind === 'reasonable_surplus' ? role === 'provider' : role === 'commissioner';
}
