import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 200;

/** limit/offset paging shared by every list. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit = 50;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export class PageInfo {
  limit!: number;
  offset!: number;
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
