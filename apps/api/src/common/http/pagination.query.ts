import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IntFromQuery, Optional } from '../validation/validators';

export const MAX_PAGE_SIZE = 200;
/** Deeper than this, filter instead (or use the delivery records' cursor). */
export const MAX_OFFSET = 10_000_000;

/** limit/offset paging shared by every list. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @Optional()
  @IntFromQuery()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit = 50;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @Optional()
  @IntFromQuery()
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  offset = 0;
}

export class PageInfo {
  @ApiProperty({ type: 'integer', example: 50 }) limit!: number;
  @ApiProperty({ type: 'integer', example: 0 }) offset!: number;
  @ApiProperty({ type: 'integer', example: 120, description: 'How many match, on every page' })
  total!: number;
}

export function pageOf<T, R>(
  paged: { items: T[]; total: number },
  query: PageQuery,
  map: (item: T) => R,
): { data: R[]; page: PageInfo } {
  return {
    data: paged.items.map(map),
    page: { limit: query.limit, offset: query.offset, total: paged.total },
  };
}
