import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ProblemException } from '../problems/problem';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([name, reason]) => ({
      field,
      value: error.value as unknown,
      reason:
        name === 'whitelistValidation'
          ? 'is not an allowed field'
          : reason.replace(new RegExp(`^${error.property} `), ''),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Validates every body, query and params DTO. Unknown fields are refused (no mass assignment);
 * each problem names the field, the value sent and the reason.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => ProblemException.validation(flatten(errors)),
  });
}
