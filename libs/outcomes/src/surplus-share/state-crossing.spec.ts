import { ValidationError } from '../errors';
import { detectStateCrossing } from './state-crossing';
import { evaluateSurplusShare, type SurplusState } from './surplus-share';

describe(detectStateCrossing.name, () => {
  it.each([
    [null, 'below', false, 'none', false, null],
    [null, 'warning', true, 'up', true, 'warning'],
    [null, 'above', true, 'up', true, 'above'],
    ['below', 'below', false, 'none', false, null],
    ['below', 'warning', true, 'up', true, 'warning'],
    ['below', 'above', true, 'up', true, 'above'],
    ['warning', 'warning', false, 'none', false, null],
    ['warning', 'above', true, 'up', true, 'above'],
    ['above', 'above', false, 'none', false, null],
    ['above', 'warning', true, 'down', false, null],
    ['above', 'below', true, 'down', false, null],
    ['warning', 'below', true, 'down', false, null],
    ['below', 'pain_share', true, 'down', true, 'pain_share'],
    ['above', 'pain_share', true, 'down', true, 'pain_share'],
    ['pain_share', 'pain_share', false, 'none', false, null],
    ['pain_share', 'below', true, 'up', false, null],
    ['pain_share', 'warning', true, 'up', true, 'warning'],
  ] as [SurplusState | null, SurplusState, boolean, string, boolean, string | null][])(
    '%s → %s: changed %p, %s, trigger %p (%s)',
    (from, to, changed, direction, raisesTrigger, trigger) => {
      expect(detectStateCrossing(from, to)).toEqual({
        from: from ?? 'below',
        to,
        changed,
        direction,
        raisesTrigger,
        trigger,
      });
    },
  );

  it('raises a trigger once per crossing over a sequence of evaluations', () => {
    const sequence: SurplusState[] = [
      'below',
      'warning',
      'warning',
      'above',
      'above',
      'warning',
      'above',
    ];
    let previous: SurplusState | null = null;
    const triggers: string[] = [];
    for (const state of sequence) {
      const crossing = detectStateCrossing(previous, state);
      if (crossing.trigger) triggers.push(crossing.trigger);
      previous = state;
    }
    expect(triggers).toEqual(['warning', 'above', 'above']);
  });

  it('accepts evaluations as well as states', () => {
    const rule = {
      basis: 'cost' as const,
      reasonableSurplusRate: '0.08',
      bands: [{ provider: '0', commissioner: '1' }],
    };
    const at = (revenue: string) =>
      evaluateSurplusShare(
        rule,
        [
          {
            periodStart: '2025-04-01',
            periodEnd: '2025-06-30',
            revenue,
            costs: [{ category: 'direct', amount: '100' }],
          },
        ],
        { start: '2025-04-01', end: '2025-06-30' },
      );
    expect(detectStateCrossing(at('100'), at('109')).trigger).toBe('above');
  });

  it('rejects an unknown state', () => {
    expect(() => detectStateCrossing('sideways' as SurplusState, 'below')).toThrow(ValidationError);
    expect(() => detectStateCrossing('below', 'toString' as SurplusState)).toThrow(/current/);
  });
});
