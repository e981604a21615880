import { ValidationError } from '../errors';
import type { SurplusShareEvaluation, SurplusState } from './surplus-share';

/** Anything with a state: a surplus-share or contract evaluation. */
type StateOf = Pick<SurplusShareEvaluation, 'state'>;

/** States that raise a trigger when entered. */
export type TriggerLevel = 'warning' | 'above' | 'pain_share';

/** Comparison of a new evaluation's state with the previous one. */
export interface StateCrossing {
  /** Previous state (`below` when there was no previous evaluation). */
  readonly from: SurplusState;
  /** New state. */
  readonly to: SurplusState;
  /** True when the state changed. */
  readonly changed: boolean;
  /** `up` towards `above`, `down` towards `below`/`pain_share`, `none` when unchanged. */
  readonly direction: 'up' | 'down' | 'none';
  /** True when this crossing should raise a trigger (once per crossing). */
  readonly raisesTrigger: boolean;
  /** The level entered when a trigger is raised, else null. */
  readonly trigger: TriggerLevel | null;
}

const RANK: Record<SurplusState, number> = { pain_share: -1, below: 0, warning: 1, above: 2 };

function readState(value: SurplusState | StateOf, field: string): SurplusState {
  const state = typeof value === 'string' ? value : value.state;
  if (typeof state !== 'string' || !Object.hasOwn(RANK, state)) {
    throw new ValidationError(field, state, 'must be below, warning, above or pain_share');
  }
  return state;
}

/**
 * Tells whether a new evaluation crosses into a new state compared with the previous one, so a
 * trigger is raised once per crossing rather than on every evaluation:
 *
 * - entering `warning` or `above` from a lower level raises a trigger (jumping from `below`
 *   straight to `above` raises one trigger, for `above`);
 * - entering `pain_share` from any other state raises a trigger;
 * - staying in the same state, or falling back (e.g. `above` → `warning`), raises none; a later
 *   rise crosses again and raises a new trigger.
 *
 * @param previous - the last stored state (or evaluation), or null for the first evaluation
 * (treated as `below`)
 * @param current - the new state or evaluation
 */
export function detectStateCrossing(
  previous: SurplusState | StateOf | null,
  current: SurplusState | StateOf,
): StateCrossing {
  const from = previous === null ? 'below' : readState(previous, 'previous');
  const to = readState(current, 'current');
  const changed = from !== to;
  const direction = RANK[to] > RANK[from] ? 'up' : RANK[to] < RANK[from] ? 'down' : 'none';
  const raisesTrigger = to === 'pain_share' ? changed : direction === 'up' && to !== 'below';
  return {
    from,
    to,
    changed,
    direction,
    raisesTrigger,
    trigger: raisesTrigger ? (to as TriggerLevel) : null,
  };
}
