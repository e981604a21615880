import { ValidationError } from '../errors';
import { explain } from '../explanation/steps';
import { toDecimal } from '../money/decimal';
import {
  evaluateOutcomePeriod,
  evaluateTargetProgress,
  procurementRatingFor,
  ragFor,
  resolveThresholds,
  type Direction,
  type RagThresholds,
} from './progress';

const defaults = resolveThresholds();

describe(resolveThresholds.name, () => {
  it('defaults to green 100%, amber 90%, inadequate 80%', () => {
    expect([defaults.green, defaults.amber, defaults.inadequate].map(String)).toEqual([
      '1',
      '0.9',
      '0.8',
    ]);
  });

  it('derives the inadequate threshold one amber band below amber, not below zero', () => {
    expect(resolveThresholds({ amber: '0.75' }).inadequate.toString()).toBe('0.5');
    expect(resolveThresholds({ amber: '0.4' }).inadequate.toString()).toBe('0');
    expect(resolveThresholds({ inadequate: '0.5' }).inadequate.toString()).toBe('0.5');
  });

  it.each([
    [{ amber: '-0.1' }, 'thresholds.amber'],
    [{ amber: '1.1' }, 'thresholds.amber'],
    [{ green: '0.8' }, 'thresholds.amber'],
    [{ inadequate: '0.95' }, 'thresholds.inadequate'],
    [{ inadequate: '-0.1' }, 'thresholds.inadequate'],
    [{ green: 1 as unknown as string }, 'thresholds.green'],
  ] as [RagThresholds, string][])('rejects %j naming %s', (thresholds, field) => {
    expect.assertions(2);
    try {
      resolveThresholds(thresholds);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe('ragFor and procurementRatingFor', () => {
  it.each([
    ['1.2', 'green', 'good'],
    ['1', 'green', 'good'],
    ['0.9999', 'amber', 'approaching-target'],
    ['0.9', 'amber', 'approaching-target'],
    ['0.8999', 'red', 'requires-improvement'],
    ['0.8', 'red', 'requires-improvement'],
    ['0.7999', 'red', 'inadequate'],
    ['-0.5', 'red', 'inadequate'],
  ])('progress %s is %s and "%s"', (progress, rag, rating) => {
    const value = toDecimal(progress, 'progress');
    expect(ragFor(value, defaults)).toBe(rag);
    expect(procurementRatingFor(value, defaults)).toBe(rating);
  });
});

describe(evaluateTargetProgress.name, () => {
  it.each([
    // increase from a baseline of 100 to 150
    ['increase', '100', '150', '150', '1', 'green'],
    ['increase', '100', '150', '160', '1.2', 'green'],
    ['increase', '100', '150', '145', '0.9', 'amber'],
    ['increase', '100', '150', '144', '0.88', 'red'],
    ['increase', '100', '150', '90', '-0.2', 'red'],
    // decrease from 80 rough sleepers to 40
    ['decrease', '80', '40', '40', '1', 'green'],
    ['decrease', '80', '40', '30', '1.25', 'green'],
    ['decrease', '80', '40', '44', '0.9', 'amber'],
    ['decrease', '80', '40', '60', '0.5', 'red'],
    ['decrease', '80', '40', '90', '-0.25', 'red'],
    // a zero target on a decrease is measured from the baseline
    ['decrease', '50', '0', '5', '0.9', 'amber'],
    ['decrease', '50', '0', '0', '1', 'green'],
  ])(
    '%s from %s to %s with actual %s is %s of target, %s',
    (direction, baseline, target, actual, progress, rag) => {
      const result = evaluateTargetProgress({
        direction: direction as Direction,
        baseline,
        target,
        actual,
      });
      expect(result.basis).toBe('from-baseline');
      expect(result.progress?.toString()).toBe(progress);
      expect(result.rag).toBe(rag);
    },
  );

  it('measures from the baseline, not from zero', () => {
    // 140 of 150 would be 93.3% from zero (amber); from a baseline of 100 it is 80% (red)
    const result = evaluateTargetProgress({
      direction: 'increase',
      baseline: '100',
      target: '150',
      actual: '140',
    });
    expect(result.progress?.toString()).toBe('0.8');
    expect(result.procurementRating).toBe('requires-improvement');
    expect(result.met).toBe(false);
  });

  it('defaults the baseline to zero', () => {
    const result = evaluateTargetProgress({ direction: 'increase', target: '200', actual: '190' });
    expect(result.baseline.toString()).toBe('0');
    expect(result.progress?.toString()).toBe('0.95');
  });

  describe('target equal to baseline (including a zero target)', () => {
    it.each([
      // zero target, zero baseline
      ['increase', '0', '0', '1', true, 'green'],
      ['increase', '0', '0', '-2', false, 'red'],
      ['decrease', '0', '0', '0', true, 'green'],
      ['decrease', '0', '0', '3', false, 'red'],
      // hold the line at 100
      ['increase', '100', '100', '100', true, 'green'],
      ['increase', '100', '100', '95', false, 'amber'],
      ['increase', '100', '100', '0', false, 'red'],
      ['decrease', '100', '100', '98', true, 'green'],
      ['decrease', '100', '100', '105', false, 'amber'],
      ['decrease', '100', '100', '125', false, 'red'],
      ['decrease', '-5', '-5', '1', false, 'red'],
    ])(
      '%s with baseline %s and target %s, actual %s: met %p, %s',
      (direction, baseline, target, actual, met, rag) => {
        const result = evaluateTargetProgress({
          direction: direction as Direction,
          baseline,
          target,
          actual,
        });
        expect(result.basis).toBe('against-target-level');
        expect(result.met).toBe(met);
        expect(result.rag).toBe(rag);
      },
    );

    it('measures closeness to the level when the target is not met', () => {
      const result = evaluateTargetProgress({
        direction: 'decrease',
        baseline: '100',
        target: '100',
        actual: '125',
      });
      expect(result.progress?.toString()).toBe('0.8');
      expect(explain(result)).toContain(
        'Target equals baseline (100): progress against the target level = 80.0%.',
      );
    });
  });

  it('gives no progress, RAG or rating without data', () => {
    const result = evaluateTargetProgress({ direction: 'increase', target: '10', actual: null });
    expect(result).toMatchObject({
      basis: 'no-data',
      progress: null,
      met: null,
      rag: null,
      procurementRating: null,
    });
    expect(explain(result)).toContain('No data for the period');
  });

  it('uses configurable thresholds', () => {
    const result = evaluateTargetProgress({
      direction: 'increase',
      target: '100',
      actual: '85',
      thresholds: { amber: '0.8', green: '0.95' },
    });
    expect(result.rag).toBe('amber');
    expect(result.procurementRating).toBe('approaching-target');
  });

  it('explains the working', () => {
    const result = evaluateTargetProgress({
      direction: 'increase',
      baseline: '100',
      target: '150',
      actual: '145',
    });
    expect(explain(result)).toBe(
      [
        'Target (increase): baseline 100, target 150, actual 145.',
        'Progress = (145 − 100) ÷ (150 − 100) = 90.0%.',
        'RAG amber (green ≥ 100%, amber ≥ 90%); Procurement Act rating "approaching-target" (inadequate below 80%).',
      ].join('\n'),
    );
  });

  it.each([
    [
      { direction: 'increase', baseline: '100', target: '90', actual: '95' },
      'target',
      /at or above the baseline/,
    ],
    [
      { direction: 'decrease', baseline: '10', target: '20', actual: '5' },
      'target',
      /at or below the baseline/,
    ],
    [{ direction: 'sideways', target: '1', actual: '1' }, 'direction', /increase or decrease/],
    [{ direction: 'increase', target: 10, actual: '1' }, 'target', /number/],
    [{ direction: 'increase', target: '10', actual: 'x' }, 'actual', /decimal/],
    [{ direction: 'increase', target: '10', baseline: '', actual: '1' }, 'baseline', /decimal/],
  ])('rejects %j naming %s', (input, field, reason) => {
    expect.assertions(2);
    try {
      evaluateTargetProgress(input as never);
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
      expect((error as ValidationError).reason).toMatch(reason);
    }
  });
});

describe(evaluateOutcomePeriod.name, () => {
  it('aggregates the entries then evaluates the target', () => {
    const result = evaluateOutcomePeriod({
      direction: 'increase',
      aggregation: 'mean',
      baseline: '6',
      target: '8',
      entries: [
        { date: '2025-04-03', value: '7' },
        { date: '2025-05-03', value: '8' },
        { date: '2025-06-03', value: '8.5' },
      ],
    });
    // mean 7.8333…; (7.8333 − 6) / (8 − 6) = 0.91667 → amber
    expect(result.aggregated.value?.toDecimalPlaces(4).toString()).toBe('7.8333');
    expect(result.rag).toBe('amber');
    expect(result.steps[0].text).toBe(
      'Aggregated 3 entries by mean: 7.833333333333333333333333333333333333333.',
    );
  });

  it('reports no data for a mean of no entries and zero delivered for a sum', () => {
    const base = { direction: 'increase' as const, target: '10', entries: [] };
    const mean = evaluateOutcomePeriod({ ...base, aggregation: 'mean' });
    expect(mean.rag).toBeNull();
    expect(mean.steps[0].text).toBe('Aggregated 0 entries by mean: no data.');
    const total = evaluateOutcomePeriod({ ...base, aggregation: 'sum' });
    expect(total.rag).toBe('red');
    expect(total.procurementRating).toBe('inadequate');
  });

  it('uses the latest level for stock outcomes', () => {
    const result = evaluateOutcomePeriod({
      direction: 'decrease',
      aggregation: 'latest',
      baseline: '40',
      target: '20',
      entries: [
        { date: '2025-06-30', value: '20' },
        { date: '2025-04-30', value: '35' },
      ],
    });
    expect(result.actual?.toString()).toBe('20');
    expect(result.rag).toBe('green');
    expect(result.steps[0].text).toBe('Aggregated 2 entries by latest: 20.');
  });

  it('says "entry" for one entry', () => {
    const result = evaluateOutcomePeriod({
      direction: 'increase',
      aggregation: 'sum',
      target: '1',
      entries: [{ date: '2025-06-30', value: '1' }],
    });
    expect(result.steps[0].text).toBe('Aggregated 1 entry by sum: 1.');
  });
});
