import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { ExplanationStep } from '@ol/outcomes';
import type { Assert, SameShape } from './schema-contract';

/** One line of the working behind a figure ({@link ExplanationStep}). */
@ApiSchema({ name: 'ExplanationStep' })
export class ExplanationStepResponse implements ExplanationStep {
  @ApiProperty({
    description: 'Stable machine-readable kind of step',
    example: 'deduction.deadweight',
  })
  readonly code!: string;

  @ApiProperty({
    description: 'The step in plain English, money rounded to 2 places for reading',
    example: 'Deadweight 20% deducted: 100000.00 × 0.2 = 20000.00',
  })
  readonly text!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' },
    description:
      'Every figure used in the step, by name, at full precision (decimal strings), so the working can be re-checked',
    example: { gross: '100000', rate: '0.2', amount: '20000' },
  })
  readonly values!: Readonly<Record<string, string>>;
}

type _ExplanationStep = Assert<SameShape<ExplanationStepResponse, ExplanationStep>>;
