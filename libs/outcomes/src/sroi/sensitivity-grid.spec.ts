import fc from 'fast-check';

import { fractionArb, moneyArb, quantityArb } from '../../test-support/arbitraries';
import { ValidationError } from '../errors';
import type { OutcomeLineInput } from './outcome-line';
import type { SroiReportInput } from './report';
import { analyseSensitivity, type SensitivityParameter } from './sensitivity';
import {
  analyseSensitivityGrid,
  valueWithChanges,
  type SensitivityGridInput,
} from './sensitivity-grid';

const noDiscount = { convention: 'none' as const };

/** 10 × 1000 × (1 − 0.2) = 8000 a year, for two years (no drop-off): 16000. */
const jobs: OutcomeLineInput = {
  outcomeId: 'jobs',
  quantity: '10',
  proxy: { valuePerUnit: '1000', deadweight: '0.2', durationYears: 2 },
};
/** 1 × 1000 a year for four years: 4000. */
const health: OutcomeLineInput = {
  outcomeId: 'health',
  quantity: '1',
  proxy: { valuePerUnit: '1000', durationYears: 4 },
};
const confidence: OutcomeLineInput = { outcomeId: 'confidence', quantity: '45' };
const report: SroiReportInput = {
  lines: [jobs, health, confidence],
  investment: '10000',
  discount: noDiscount,
};

describe(valueWithChanges.name, () => {
  it('applies every change to every monetised line together, and to the investment', () => {
    // deadweight +0.1: jobs 0.3 → 7000 × 2 = 14000, health 0.1 → 900 × 4 = 3600; 17600 on an
    // investment of 10000 × 1.1
    const valued = valueWithChanges(report, [
      { parameter: 'deadweight', change: '0.1' },
      { parameter: 'investment', change: '0.1' },
    ]);
    expect(valued.presentValue.toString()).toBe('17600');
    expect(valued.investment.toString()).toBe('11000');
    expect(valued.ratio?.toString()).toBe('1.6');
    expect(valued.clamped).toBe(false);
  });

  it('keeps a line at one year however far it is shortened, and says it was clamped', () => {
    // −3 years: jobs 2 → 1 (clamped) = 8000, health 4 → 1 = 1000
    const valued = valueWithChanges(report, [{ parameter: 'duration', change: '-3' }]);
    expect(valued.presentValue.toString()).toBe('9000');
    expect(valued.clamped).toBe(true);
  });

  it('never takes the value per unit or the investment below zero', () => {
    const valued = valueWithChanges(report, [
      { parameter: 'proxyValue', change: '-1.5' },
      { parameter: 'investment', change: '-2' },
    ]);
    expect(valued.presentValue.toString()).toBe('0');
    expect(valued.investment.toString()).toBe('0');
    expect(valued.ratio).toBeNull();
    expect(valued.clamped).toBe(true);
  });

  it('agrees with each single sensitivity case', () => {
    const parameters: SensitivityParameter[] = [
      'deadweight',
      'attribution',
      'displacement',
      'dropOff',
      'proxyValue',
      'duration',
      'investment',
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: quantityArb,
            valuePerUnit: moneyArb,
            deadweight: fractionArb,
            dropOff: fractionArb,
            durationYears: fc.integer({ min: 1, max: 6 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        moneyArb.filter((m) => m !== '0.00'),
        fc.constantFrom(...parameters),
        fc.integer({ min: -4, max: 4 }),
        (specs, investment, parameter, steps) => {
          const lines = specs.map(({ quantity, ...proxy }, index) => ({
            outcomeId: `o${index}`,
            quantity,
            proxy,
          }));
          const input: SroiReportInput = {
            lines,
            investment,
            discount: { convention: 'end-of-year' },
          };
          const change = parameter === 'duration' ? String(steps) : String(steps / 10);
          const single = analyseSensitivity(input, [{ parameter, change }]).results[0];
          const full = valueWithChanges(input, [{ parameter, change }]);
          expect(single.presentValue.toString()).toBe(full.presentValue.toString());
          expect(single.ratio?.toString()).toBe(full.ratio?.toString());
          expect(single.clamped).toBe(full.clamped);
        },
      ),
      { numRuns: 80 },
    );
  });

  it.each([
    [[{ parameter: 'weather' as SensitivityParameter, change: '1' }], 'changes[0].parameter'],
    [[{ parameter: 'duration' as const, change: '0.5' }], 'changes[0].change'],
  ])('rejects %j naming %s', (changes, field) => {
    expect(() => valueWithChanges(report, changes)).toThrow(
      expect.objectContaining({ field }) as Error,
    );
  });

  it('rejects invalid report inputs', () => {
    expect(() => valueWithChanges({ ...report, investment: '-1' }, [])).toThrow(/investment/);
    expect(() =>
      valueWithChanges({ lines: 'x' as unknown as OutcomeLineInput[], investment: '1' }, []),
    ).toThrow(/lines/);
  });
});

describe(analyseSensitivityGrid.name, () => {
  const grid: SensitivityGridInput = {
    rows: { parameter: 'deadweight', changes: ['-0.1', '0', '0.1'] },
    columns: { parameter: 'duration', changes: ['-1', '0', '1'] },
  };

  it('gives the ratio for every combination of the two parameters', () => {
    const result = analyseSensitivityGrid(report, grid);
    // Rows: jobs' deadweight 0.1 / 0.2 / 0.3 → 9000 / 8000 / 7000 a year, health's 0 (clamped
    // from −0.1) / 0 / 0.1 → 1000 / 1000 / 900 a year; columns: jobs 1 / 2 / 3 years, health
    // 3 / 4 / 5 years. Investment 10000: e.g. 7000 × 3 + 900 × 5 = 25500 → 2.55.
    expect(result.cells.map((row) => row.map((cell) => cell.ratio!.toString()))).toEqual([
      ['1.2', '2.2', '3.2'],
      ['1.1', '2', '2.9'],
      ['0.97', '1.76', '2.55'],
    ]);
    expect(result.cells[0][0]).toMatchObject({ clamped: true });
    expect(result.cells[2][2]).toMatchObject({ clamped: false });
    expect(result.rows.parameter).toBe('deadweight');
    expect(result.columns.changes.map(String)).toEqual(['-1', '0', '1']);
    expect(result.steps[0].text).toContain(
      'Two-way sensitivity: deadweight changed by -0.1, 0, 0.1 (rows) with duration changed by -1, 0, 1 (columns)',
    );
  });

  it('has the base ratio where both changes are zero', () => {
    const result = analyseSensitivityGrid(report, grid);
    expect(result.cells[1][1].ratio!.toString()).toBe('2');
    expect(result.cells[1][1].presentValue.toString()).toBe('20000');
  });

  it('can vary the investment against a deduction', () => {
    const result = analyseSensitivityGrid(report, {
      rows: { parameter: 'investment', changes: ['-0.5', '1'] },
      columns: { parameter: 'attribution', changes: ['0.5'] },
    });
    // attribution 0.5 halves everything: 10000; investment 5000 → 2, 20000 → 0.5
    expect(result.cells.map((row) => row.map((cell) => cell.ratio!.toString()))).toEqual([
      ['2'],
      ['0.5'],
    ]);
  });

  it.each([
    [
      { ...grid, columns: { parameter: 'deadweight' as const, changes: ['0.1'] } },
      'grid.columns.parameter',
    ],
    [{ ...grid, rows: { parameter: 'deadweight' as const, changes: [] } }, 'grid.rows.changes'],
    [
      { ...grid, rows: { parameter: 'deadweight' as const, changes: Array(10).fill('0.1') } },
      'grid.rows.changes',
    ],
    [
      { ...grid, columns: { parameter: 'duration' as const, changes: ['1.5'] } },
      'grid.columns.changes[0].change',
    ],
  ])('rejects %j naming %s', (bad, field) => {
    expect.assertions(2);
    try {
      analyseSensitivityGrid(report, bad);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it('rejects invalid report inputs', () => {
    expect(() => analyseSensitivityGrid({ ...report, investment: '-1' }, grid)).toThrow(
      /investment/,
    );
    expect(() =>
      analyseSensitivityGrid(
        { lines: 'x' as unknown as OutcomeLineInput[], investment: '1' },
        grid,
      ),
    ).toThrow(/lines/);
  });
});
