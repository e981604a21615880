import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, ProblemException, ProblemType } from '../problems/problem';

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

/** Whether `value` is what a JSON parser makes: no stream, buffer or other class instance. */
function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

/**
 * Validates every body, query and params DTO. Unknown fields are refused (no mass assignment);
 * each problem names the field, the value sent and the reason. A DTO body that is not parsed JSON
 * (a CSV stream a media-type check somehow let through) is refused before class-transformer
 * walks it: walking a socket once aborted the process.
 */
class JsonValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && !isJsonValue(value)) {
      throw new ProblemException({
        type: ProblemType.UnsupportedMediaType,
        title: 'Unsupported media type',
        status: 415,
        detail: 'This endpoint reads application/json bodies.',
      });
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new JsonValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => ProblemException.validation(flatten(errors)),
  });
}
