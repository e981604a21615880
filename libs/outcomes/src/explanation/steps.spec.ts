import { toDecimal } from '../money/decimal';
import { explain, step } from './steps';

describe(explain.name, () => {
  it('joins the steps of a result into readable lines', () => {
    const result = {
      steps: [step('gross', 'Gross value = 10 × 5.00 = 50.00.'), step('impact', 'Impact = 40.00.')],
    };
    expect(explain(result)).toBe('Gross value = 10 × 5.00 = 50.00.\nImpact = 40.00.');
    expect(explain({ steps: [] })).toBe('');
  });
});

describe(step.name, () => {
  it('keeps the figures at full precision as strings', () => {
    const made = step('year.1', 'Year 1.', {
      value: toDecimal('1234.56789', 'v'),
      time: 1.5,
      label: 'x',
    });
    expect(made).toEqual({
      code: 'year.1',
      text: 'Year 1.',
      values: { value: '1234.56789', time: '1.5', label: 'x' },
    });
  });
});
