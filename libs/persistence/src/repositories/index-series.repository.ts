import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { IndexSeries, IndexSeriesValue } from '../prisma-client';
import type { PageRequest, Paged } from './paging';

export interface NewIndexSeries {
  code: string;
  name: string;
  sourceCitation: string;
}

export type IndexSeriesWithValues = IndexSeries & { values: IndexSeriesValue[] };

/** How an import changed a series' values. */
export interface IndexImportCounts {
  added: number;
  changed: number;
  unchanged: number;
}

const WITH_VALUES = { values: { orderBy: { year: 'asc' as const } } };

/** Price index series (platform reference data) and their yearly values. */
@Injectable()
export class IndexSeriesRepository {
  constructor(private readonly db: Db) {}

  create(data: NewIndexSeries): Promise<IndexSeries> {
    return this.db.client.indexSeries.create({ data });
  }

  findById(id: string): Promise<IndexSeriesWithValues | null> {
    return this.db.client.indexSeries.findUnique({ where: { id }, include: WITH_VALUES });
  }

  findByCode(code: string): Promise<IndexSeries | null> {
    return this.db.client.indexSeries.findUnique({ where: { code } });
  }

  async list(page: PageRequest): Promise<Paged<IndexSeriesWithValues>> {
    const [items, total] = await Promise.all([
      this.db.client.indexSeries.findMany({
        include: WITH_VALUES,
        orderBy: [{ code: 'asc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.indexSeries.count(),
    ]);
    return { items, total };
  }

  /**
   * Sets the values of the years given (new years added, changed values replaced); years not
   * given keep theirs. One statement; call inside the caller's transaction.
   */
  async setValues(
    seriesId: string,
    rows: readonly { year: number; value: string }[],
  ): Promise<IndexImportCounts> {
    const written = await this.db.client.$queryRaw<{ inserted: boolean }[]>`
      INSERT INTO index_series_values (series_id, year, value)
      SELECT ${seriesId}::uuid, y, v
        FROM unnest(${rows.map((r) => r.year)}::smallint[], ${rows.map((r) => r.value)}::numeric[])
             AS t(y, v)
      ON CONFLICT (series_id, year) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
       WHERE index_series_values.value <> EXCLUDED.value
      RETURNING (xmax = 0) AS inserted`;
    const added = written.filter((w) => w.inserted).length;
    const changed = written.length - added;
    return { added, changed, unchanged: rows.length - written.length };
  }
}
