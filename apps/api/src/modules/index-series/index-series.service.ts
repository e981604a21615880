import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  AuditRepository,
  Db,
  IndexSeriesRepository,
  type Actor,
  type IndexSeriesWithValues,
  type Paged,
  type PageRequest,
} from '@ol/persistence';
import { csvRecords } from '../../common/http/csv-records';
import { FieldProblem, ProblemException } from '../../common/problems/problem';
import { IndexValueRow, type CreateIndexSeriesDto } from './dto/index-series.dto';

/** CSV columns of an index import. */
export const INDEX_CSV_COLUMNS = ['year', 'value'] as const;

/** Problems listed in one refusal, at most. */
const MAX_PROBLEMS = 1000;

/** A CSV cell of plain digits as a number; anything else as it is, for validation to refuse. */
function yearCell(cell: string | undefined): number | string | undefined {
  return cell !== undefined && /^\d{1,9}$/.test(cell) ? Number.parseInt(cell, 10) : cell;
}

/**
 * The rows of an index CSV (header `year,value`), or every problem with its file line: a row with
 * the wrong number of cells, a year outside 1900–2199, a value that is not a positive decimal with
 * at most 6 places, a year given twice.
 */
export function parseIndexCsv(text: string): { year: number; value: string }[] {
  const [header, ...rows] = csvRecords(text, true);
  if (!header || header.length !== 2 || header[0] !== 'year' || header[1] !== 'value') {
    throw ProblemException.validation(
      [{ field: 'header', value: header?.join(','), reason: 'must be exactly: year,value' }],
      `Expected columns: ${INDEX_CSV_COLUMNS.join(', ')}.`,
    );
  }
  if (rows.length === 0) {
    throw ProblemException.validation([{ field: 'body', reason: 'has no rows after the header' }]);
  }
  const problems: FieldProblem[] = [];
  const firstLine = new Map<number, number>();
  const parsed: { year: number; value: string }[] = [];
  rows.forEach((cells, i) => {
    const line = i + 2; // the header is line 1
    if (cells.length !== 2) {
      problems.push({
        field: `line ${line}`,
        value: cells.join(','),
        reason: `has ${cells.length} cell(s); expected 2 (year,value)`,
      });
      return;
    }
    const row = plainToInstance(IndexValueRow, { year: yearCell(cells[0]), value: cells[1] });
    const errors = validateSync(row, { forbidUnknownValues: true });
    for (const e of errors) {
      for (const reason of new Set(Object.values(e.constraints ?? {}))) {
        problems.push({
          field: `line ${line}, ${e.property}`,
          value: e.property === 'year' ? cells[0] : cells[1],
          reason: reason.replace(new RegExp(`^${e.property} `), ''),
        });
      }
    }
    if (errors.length) return;
    const first = firstLine.get(row.year);
    if (first !== undefined) {
      problems.push({
        field: `line ${line}, year`,
        value: cells[0],
        reason: `appears again (first on line ${first}): one value per year`,
      });
      return;
    }
    firstLine.set(row.year, line);
    parsed.push({ year: row.year, value: row.value });
  });
  if (problems.length) {
    throw ProblemException.validation(
      problems.slice(0, MAX_PROBLEMS),
      `${problems.length} problem(s); nothing was imported.`,
    );
  }
  return parsed;
}

/** Price index series (platform reference data) that partnerships uprate proxies with. */
@Injectable()
export class IndexSeriesService {
  constructor(
    private readonly db: Db,
    private readonly series: IndexSeriesRepository,
    private readonly audit: AuditRepository,
  ) {}

  create(actor: Actor, dto: CreateIndexSeriesDto): Promise<IndexSeriesWithValues> {
    return this.db.transaction(async () => {
      if (await this.series.findByCode(dto.code)) {
        throw ProblemException.conflict(`An index series with code ${dto.code} already exists.`);
      }
      const created = await this.series.create({ ...dto, name: dto.name.trim() });
      await this.audit.recordPlatform(actor, {
        action: 'index_series.created',
        entityType: 'index_series',
        entityId: created.id,
        details: { ...dto },
      });
      return { ...created, values: [] };
    });
  }

  async get(id: string): Promise<IndexSeriesWithValues> {
    const found = await this.series.findById(id);
    if (!found) throw ProblemException.notFound('Index series');
    return found;
  }

  list(page: PageRequest): Promise<Paged<IndexSeriesWithValues>> {
    return this.series.list(page);
  }

  /**
   * Sets a series' values from CSV (see {@link parseIndexCsv}): years in the file are added or
   * revised, others kept. All or nothing: any bad row refuses the file with every problem listed.
   * Reports that used a revised value are restated when next produced (their fingerprint changes).
   */
  importCsv(
    actor: Actor,
    id: string,
    text: string,
  ): Promise<{ rows: number; added: number; changed: number; unchanged: number }> {
    const rows = parseIndexCsv(text);
    return this.db.transaction(async () => {
      await this.get(id);
      const counts = await this.series.setValues(id, rows);
      await this.audit.recordPlatform(actor, {
        action: 'index_series.values_imported',
        entityType: 'index_series',
        entityId: id,
        details: { rows: rows.length, ...counts },
      });
      return { rows: rows.length, ...counts };
    });
  }
}
