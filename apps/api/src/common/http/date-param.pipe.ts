import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { SUPPORTED_DATES, isSupportedDate, parseIsoDate } from '@ol/outcomes';
import { ProblemException } from '../problems/problem';

/** A calendar date in a route ("YYYY-MM-DD", a real one within the supported years); else 400. */
@Injectable()
export class DateParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    let valid = isSupportedDate(value);
    if (valid) {
      try {
        parseIsoDate(value);
      } catch {
        valid = false;
      }
    }
    if (!valid) {
      throw ProblemException.validation([
        {
          field: metadata.data ?? 'date',
          value,
          reason: `must be a calendar date in the form YYYY-MM-DD, from ${SUPPORTED_DATES.first} to ${SUPPORTED_DATES.last}`,
        },
      ]);
    }
    return value;
  }
}
