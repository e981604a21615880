import type { DateWindow } from '../periods/financial-periods';
import type { FinancialReturnEntry } from '../surplus-share/surplus-share';
import type { ContractEvaluation } from './evaluation';
import { evaluateReasonableSurplus } from './reasonable-surplus';
import { resolveContractRule, type ContractRule } from './rule';
import { evaluateTargetCost } from './target-cost';

/**
 * Evaluates a contract rule for a window (usually the financial year to date, from `yearToDate`)
 * over the returns that fall wholly inside it (pass the latest restatement of each period):
 * a reasonable-surplus rule shares the excess over the reasonable surplus by bands (and an overrun
 * over a target cost by pain-share); a target-cost rule shares the signed variation against the
 * target cost by gain and pain tiers, up to a ceiling price's point of total assumption.
 *
 * Every party's part is given at full precision and rounded to pence so the parties add up
 * exactly to the rounded total; `positions` nets gain and pain per party (its ledger entitlement);
 * `steps` explain each figure.
 *
 * @throws {@link ValidationError} naming the field of the rule (`bands[1].shares`,
 * `ceilingPrice`), of a return (`entries[2].targetCost`) or of the window
 */
export function evaluateContract(
  rule: ContractRule,
  entries: readonly FinancialReturnEntry[],
  window: DateWindow,
): ContractEvaluation {
  const resolved = resolveContractRule(rule);
  return resolved.kind === 'reasonable_surplus'
    ? evaluateReasonableSurplus(resolved, entries, window)
    : evaluateTargetCost(resolved, entries, window);
}
