import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ProblemException } from '../problems/problem';
import { MAX_BIGINT } from '../validation/validators';

/**
 * Numeric record ids (bigint) travel as strings of digits. Declare the parameter as `string` (the
 * global ValidationPipe cannot handle a `bigint` metatype) and convert with BigInt() after this.
 */
@Injectable()
export class BigIntIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!/^[1-9]\d{0,18}$/.test(value) || BigInt(value) > MAX_BIGINT) {
      throw ProblemException.validation([
        {
          field: metadata.data ?? 'id',
          value,
          reason: `must be a whole number from 1 to ${MAX_BIGINT}`,
        },
      ]);
    }
    return value;
  }
}
