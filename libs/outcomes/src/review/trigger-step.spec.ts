import { triggerStep, type TriggerWorkflowState } from './trigger-step';

const ANA = 'ana';
const BEN = 'ben';
const open: TriggerWorkflowState = { status: 'open', acknowledgedBy: null };
const acknowledged: TriggerWorkflowState = { status: 'acknowledged', acknowledgedBy: ANA };
const settled: TriggerWorkflowState = { status: 'settled', acknowledgedBy: ANA };

describe(triggerStep.name, () => {
  it('acknowledges an open trigger, then lets another user settle it', () => {
    expect(triggerStep(open, 'acknowledge', ANA, true)).toEqual({
      allowed: true,
      status: 'acknowledged',
    });
    expect(triggerStep(acknowledged, 'settle', BEN, true)).toEqual({
      allowed: true,
      status: 'settled',
    });
  });

  it('refuses the acknowledger settling (separation), unless the partnership turned it off', () => {
    expect(triggerStep(acknowledged, 'settle', ANA, true)).toMatchObject({
      allowed: false,
      refusal: 'separation',
    });
    expect(triggerStep(acknowledged, 'settle', ANA, false)).toEqual({
      allowed: true,
      status: 'settled',
    });
  });

  it.each<[TriggerWorkflowState, 'acknowledge' | 'settle', string]>([
    [open, 'settle', 'the trigger is open: it is acknowledged before it is settled'],
    [acknowledged, 'acknowledge', 'the trigger is already acknowledged'],
    [settled, 'acknowledge', 'the trigger is already settled'],
    [settled, 'settle', 'the trigger is already settled'],
  ])('refuses %o → %s: %s (the state, whoever asks)', (state, action, reason) => {
    for (const separation of [true, false]) {
      for (const actor of [ANA, BEN]) {
        expect(triggerStep(state, action, actor, separation)).toEqual({
          allowed: false,
          refusal: 'state',
          reason,
        });
      }
    }
  });
});
