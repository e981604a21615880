import { Decimal } from 'decimal.js';

import { DomainError, ValidationError } from './errors';

describe(ValidationError.name, () => {
  it('carries the field, the value and the reason for a problem-details body', () => {
    const error = new ValidationError(
      'lines[0].proxy.deadweight',
      '1.2',
      'must be between 0 and 1',
    );

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ValidationError');
    expect(error.code).toBe('validation_failed');
    expect(error.field).toBe('lines[0].proxy.deadweight');
    expect(error.value).toBe('1.2');
    expect(error.reason).toBe('must be between 0 and 1');
    expect(error.message).toBe(
      'lines[0].proxy.deadweight must be between 0 and 1 (received "1.2")',
    );
  });

  it.each([
    [new Decimal('2.5'), '2.5', 'Decimal 2.5'],
    [3, 3, '3'],
    [true, true, 'true'],
    [null, null, 'null'],
    [undefined, undefined, 'nothing'],
    [{ a: 1 }, { a: 1 }, 'object'],
  ])('describes a received %p', (value, stored, described) => {
    const error = new ValidationError('field', value, 'is wrong');

    expect(error.value).toEqual(stored);
    expect(error.message).toBe(`field is wrong (received ${described})`);
  });
});

describe(DomainError.name, () => {
  it('carries a ValidationError’s field as its one field error', () => {
    expect(new ValidationError('quantity', new Decimal('-1'), 'must be ≥ 0').errors).toEqual([
      { field: 'quantity', value: '-1', reason: 'must be ≥ 0' },
    ]);
  });
});
