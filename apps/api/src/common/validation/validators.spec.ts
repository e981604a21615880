import { plainToInstance } from 'class-transformer';
import { IsInt, validateSync } from 'class-validator';
import {
  IntFromQuery,
  IsBigIntId,
  IsDateFilter,
  IsDateOnly,
  IsNotBlank,
  MAX_BIGINT,
  Nullable,
  Optional,
} from './validators';

class Probe {
  @Optional() @IntFromQuery() @IsInt() limit?: number;
  @Optional() @IsNotBlank() name?: string;
  @Optional() @IsBigIntId() id?: string;
  @Optional() @IsDateOnly() date?: string;
  @Optional() @Nullable() @IsNotBlank() note?: string | null;
  @Optional() @IsDateFilter() to?: string;
}

const problems = (plain: Record<string, unknown>): string[] =>
  validateSync(plainToInstance(Probe, plain)).map((e) => e.property);

describe('validators', () => {
  it('leaves out what is absent, refuses null unless the field is nullable', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ limit: null, note: null })).toEqual(['limit']);
  });

  it.each([
    ['12', true],
    ['-3', true],
    ['0x10', false],
    ['1e3', false],
    [' 1', false],
    ['', false],
    [['1', '2'], false],
    [true, false],
  ])('IntFromQuery: %j is a whole number: %s', (limit, ok) => {
    expect(problems({ limit })).toEqual(ok ? [] : ['limit']);
  });

  it.each([
    ['Acorn', true],
    [' a ', true],
    ['   ', false],
    ['\t\n', false],
  ])('IsNotBlank: %j → %s', (name, ok) => {
    expect(problems({ name })).toEqual(ok ? [] : ['name']);
  });

  it.each([
    ['1', true],
    [String(MAX_BIGINT), true],
    [String(MAX_BIGINT + 1n), false],
    ['99999999999999999999', false],
    ['0', false],
    ['01', false],
    [1, false],
  ])('IsBigIntId: %j → %s', (id, ok) => {
    expect(problems({ id })).toEqual(ok ? [] : ['id']);
  });

  it.each([
    ['2026-04-01', true],
    ['1900-01-01', true],
    ['2199-12-31', true],
    ['1899-12-31', false],
    ['2200-01-01', false],
    ['0000-01-01', false],
    ['2026-02-29', false],
    ['2026-4-1', false],
  ])('IsDateOnly: %s → %s', (date, ok) => {
    expect(problems({ date })).toEqual(ok ? [] : ['date']);
  });

  it.each([
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2026-04-01', true],
    ['0000-01-01', false],
    ['2026-02-30', false],
  ])('IsDateFilter: %s → %s', (to, ok) => {
    expect(problems({ to })).toEqual(ok ? [] : ['to']);
  });
});
