import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ProblemException } from '../problems/problem';

/**
 * Numeric record ids (bigint) travel as strings of digits. Declare the parameter as `string` (the
 * global ValidationPipe cannot handle a `bigint` metatype) and convert with BigInt() after this.
 */
@Injectable()
export class BigIntIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!/^[1-9]\d{0,18}$/.test(value)) {
      throw ProblemException.validation([
        { field: metadata.data ?? 'id', value, reason: 'must be a positive whole number' },
      ]);
    }
    return value;
  }
}
