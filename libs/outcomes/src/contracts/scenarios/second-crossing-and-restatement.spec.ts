/**
 * Worked example — the settlement ledger over one financial year: a first crossing settled, a
 * later rise raising only the increase, and a restatement raising a clawback.
 *
 * The four-party alliance of `four-party-alliance.spec.ts`: 8% on cost; the first £20,000 of excess
 * Northside 50% / Council 25% / ICB 25%; beyond, Council 40% / ICB 40% / Community Fund 20%.
 *
 * 1. Q1 (revenue 105,000, cost 100,000): surplus 5,000 < warning 6,400: below, nothing due.
 * 2. Q2 (revenue 140,500, cost 100,000): year to date revenue 245,500, cost 200,000,
 *    surplus 45,500, reasonable surplus 16,000, excess 29,500 → FIRST CROSSING
 *      band 1 20,000 → Northside 10,000, Council 5,000, ICB 5,000
 *      band 2  9,500 → Council 3,800, ICB 3,800, Fund 1,900
 *    entitlements: Northside 10,000, Council 8,800, ICB 8,800, Fund 1,900; nothing raised before,
 *    so the adjustments are the entitlements. The buyers' side is settled: 8,800 + 8,800 + 1,900
 *    = £19,500 paid; Northside's 10,000 is recorded as retained.
 * 3. Q3 (revenue 110,050, cost 100,000): year to date revenue 355,550, cost 300,000,
 *    surplus 55,550, reasonable surplus 24,000, excess 31,550 (band 2 now 11,550)
 *    entitlements: Northside 10,000, Council 9,620, ICB 9,620, Fund 2,310
 *    adjustments = entitlement − raised before: 0, +820, +820, +410 = £2,050 (the increase only,
 *    NOT the gross 31,550 again); outstanding before paying them: 0, 820, 820, 410.
 * 4. Q2 restated (revenue 130,500): year to date revenue 345,550, surplus 45,550, excess 21,550
 *    (band 2 1,550): entitlements Northside 10,000, Council 5,620, ICB 5,620, Fund 310
 *    adjustments: 0, −4,000, −4,000, −2,000 (a clawback of £10,000); with the £2,050 paid,
 *    outstanding = 5,620 − 9,620 = −4,000 (Council), −4,000 (ICB), 310 − 2,310 = −2,000 (Fund).
 */
import type { Decimal } from 'decimal.js';

import { toMoneyString } from '../../money/money';
import { evaluateContract } from '../evaluate';
import type { FinancialReturnEntry } from '../../surplus-share/surplus-share';
import {
  entitlementsOf,
  ledger,
  type Ledger,
  type LedgerSettlement,
  type RaisedAdjustment,
} from '../ledger';
import type { ReasonableSurplusRule } from '../rule';
import { ALLIANCE, YEAR_2025_26, quarter } from './fixtures';

const rule: ReasonableSurplusRule = {
  kind: 'reasonable_surplus',
  parties: ALLIANCE,
  reasonableSurplus: { basis: 'cost', rate: '0.08' },
  bands: [
    { upTo: '20000', shares: { northside: '0.5', council: '0.25', icb: '0.25' } },
    { shares: { council: '0.4', icb: '0.4', fund: '0.2' } },
  ],
};

function column(book: Ledger, pick: (line: Ledger['lines'][number]) => Decimal) {
  return Object.fromEntries(book.lines.map((line) => [line.partyId, toMoneyString(pick(line))]));
}

describe('worked example: a second crossing and a restatement in one year', () => {
  const raised: RaisedAdjustment[] = [];
  const settlements: LedgerSettlement[] = [];

  function evaluateAndRaise(returns: FinancialReturnEntry[]) {
    const evaluation = evaluateContract(rule, returns, YEAR_2025_26);
    const book = ledger({ entitlements: entitlementsOf(evaluation), settlements, raised });
    for (const line of book.lines) {
      if (!line.adjustment.isZero())
        raised.push({ partyId: line.partyId, amount: line.adjustment });
    }
    return { evaluation, book };
  }

  function settleAdjustments(book: Ledger, date: string, reference: string) {
    for (const line of book.lines) {
      if (line.adjustment.isZero()) continue;
      settlements.push({
        partyId: line.partyId,
        amount: line.adjustment,
        date,
        reference: line.partyId === 'northside' ? 'retained by provider' : reference,
        settledBy: 'finance@council',
      });
    }
  }

  const q1 = quarter(1, '105000', '100000');
  const q2 = quarter(2, '140500', '100000');
  const q3 = quarter(3, '110050', '100000');

  it('1. raises nothing while below', () => {
    const { evaluation, book } = evaluateAndRaise([q1]);
    expect(evaluation.state).toBe('below');
    expect(column(book, (line) => line.adjustment)).toEqual({
      northside: '0.00',
      council: '0.00',
      icb: '0.00',
      fund: '0.00',
    });
    expect(raised).toEqual([]);
  });

  it('2. raises the entitlements on the first crossing, and they are settled', () => {
    const { evaluation, book } = evaluateAndRaise([q1, q2]);
    expect([evaluation.state, toMoneyString(evaluation.variation)]).toEqual(['above', '29500.00']);
    expect(column(book, (line) => line.adjustment)).toEqual({
      northside: '10000.00',
      council: '8800.00',
      icb: '8800.00',
      fund: '1900.00',
    });
    settleAdjustments(book, '2025-10-20', 'BACS-0001');
    const buyersPaid = settlements
      .filter((row) => row.partyId !== 'northside')
      .reduce((total, row) => total.plus(row.amount), book.totals.settled.times(0));
    expect(toMoneyString(buyersPaid)).toBe('19500.00');
  });

  it('3. raises only the increase on the second rise in the year', () => {
    const { evaluation, book } = evaluateAndRaise([q1, q2, q3]);
    expect(toMoneyString(evaluation.variation)).toBe('31550.00');
    expect(column(book, (line) => line.entitlement)).toEqual({
      northside: '10000.00',
      council: '9620.00',
      icb: '9620.00',
      fund: '2310.00',
    });
    expect(column(book, (line) => line.adjustment)).toEqual({
      northside: '0.00',
      council: '820.00',
      icb: '820.00',
      fund: '410.00',
    });
    expect(toMoneyString(book.totals.adjustment)).toBe('2050.00');
    expect(column(book, (line) => line.outstanding)).toEqual({
      northside: '0.00',
      council: '820.00',
      icb: '820.00',
      fund: '410.00',
    });
    settleAdjustments(book, '2026-01-22', 'BACS-0002');
  });

  it('4. raises a clawback when a restatement lowers the position', () => {
    const restatedQ2 = quarter(2, '130500', '100000');
    const { evaluation, book } = evaluateAndRaise([q1, restatedQ2, q3]);
    expect(toMoneyString(evaluation.variation)).toBe('21550.00');
    expect(column(book, (line) => line.adjustment)).toEqual({
      northside: '0.00',
      council: '-4000.00',
      icb: '-4000.00',
      fund: '-2000.00',
    });
    expect(column(book, (line) => line.outstanding)).toEqual({
      northside: '0.00',
      council: '-4000.00',
      icb: '-4000.00',
      fund: '-2000.00',
    });
    for (const line of book.lines) {
      expect(line.settled.plus(line.outstanding).eq(line.entitlement)).toBe(true);
      expect(line.raisedBefore.plus(line.adjustment).eq(line.entitlement)).toBe(true);
    }
    const afterwards = ledger({ entitlements: entitlementsOf(evaluation), settlements, raised });
    expect(column(afterwards, (line) => line.adjustment)).toEqual({
      northside: '0.00',
      council: '0.00',
      icb: '0.00',
      fund: '0.00',
    });
  });
});
