/** A profit-share trigger's workflow status. */
export type TriggerStatus = 'open' | 'acknowledged' | 'settled';

/** What finance asks of a trigger. */
export type TriggerAction = 'acknowledge' | 'settle';

/** Where a trigger stands, and who acknowledged it. */
export interface TriggerWorkflowState {
  readonly status: TriggerStatus;
  readonly acknowledgedBy: string | null;
}

/**
 * The outcome of asking for a step: the status after it, or why not. `state`: the trigger's
 * status does not allow it (409); `separation`: the same person may not acknowledge and settle (403).
 */
export type TriggerStep =
  | { readonly allowed: true; readonly status: TriggerStatus }
  | { readonly allowed: false; readonly refusal: 'state' | 'separation'; readonly reason: string };

/**
 * The trigger workflow with separation of duties: an open trigger is acknowledged; an
 * acknowledged one is settled, by someone other than its acknowledger unless the partnership
 * turned separation off (`separation: false`). A settled trigger is final.
 */
export function triggerStep(
  trigger: TriggerWorkflowState,
  action: TriggerAction,
  actorId: string,
  separation: boolean,
): TriggerStep {
  if (trigger.status === 'settled')
    return { allowed: false, refusal: 'state', reason: 'the trigger is already settled' };
  if (action === 'acknowledge') {
    return trigger.status === 'open'
      ? { allowed: true, status: 'acknowledged' }
      : { allowed: false, refusal: 'state', reason: 'the trigger is already acknowledged' };
  }
  if (trigger.status === 'open') {
    return {
      allowed: false,
      refusal: 'state',
      reason: 'the trigger is open: it is acknowledged before it is settled',
    };
  }
  if (separation && trigger.acknowledgedBy === actorId) {
    return {
      allowed: false,
      refusal: 'separation',
      reason:
        'you acknowledged this trigger: another finance user settles it (the partnership requires separation of duties)',
    };
  }
  return { allowed: true, status: 'settled' };
}
