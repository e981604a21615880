import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  AuditRepository,
  Db,
  ProxyRepository,
  VersionOrderError,
  type Actor,
  type OverrideWithProxy,
  type Paged,
  type ProxyValues,
  type ProxyWithVersions,
} from '@ol/persistence';
import { csvRecords } from '../../common/http/csv-records';
import { FieldProblem, ProblemException } from '../../common/problems/problem';
import {
  CreateProxyDto,
  type CreateOverrideDto,
  type ListProxiesQuery,
  type ProxyVersionDto,
} from './dto/proxy.dto';

/** CSV columns of a proxy-library import, in order. */
export const PROXY_CSV_COLUMNS = [
  'code',
  'name',
  'unit',
  'source_citation',
  'licence',
  'valid_from',
  'value_per_unit',
  'currency',
  'price_year',
  'deadweight',
  'attribution',
  'displacement',
  'drop_off',
  'duration_years',
] as const;

function values(v: ProxyVersionDto): ProxyValues {
  return {
    validFrom: v.validFrom,
    valuePerUnit: v.valuePerUnit,
    currency: v.currency,
    priceYear: v.priceYear,
    deadweight: v.deadweight,
    attribution: v.attribution,
    displacement: v.displacement,
    dropOff: v.dropOff,
    durationYears: v.durationYears,
  };
}

/** The proxy library (platform-wide) and partnerships' own overrides. */
@Injectable()
export class ProxiesService {
  constructor(
    private readonly db: Db,
    private readonly proxies: ProxyRepository,
    private readonly audit: AuditRepository,
  ) {}

  create(actor: Actor, dto: CreateProxyDto): Promise<ProxyWithVersions> {
    return this.db.transaction(async () => {
      if (await this.proxies.findByCode(dto.code))
        throw ProblemException.conflict(`A proxy with code ${dto.code} already exists.`);
      const { version, ...proxy } = dto;
      const created = await this.proxies.createProxy(proxy);
      await this.proxies.addVersion(created.id, values(version));
      await this.audit.recordPlatform(actor, {
        action: 'proxy.created',
        entityType: 'proxy',
        entityId: created.id,
        details: { ...dto, version: { ...version } },
      });
      return (await this.proxies.findById(created.id))!;
    });
  }

  async get(id: string): Promise<ProxyWithVersions> {
    const proxy = await this.proxies.findById(id);
    if (!proxy) throw ProblemException.notFound('Proxy');
    return proxy;
  }

  list(query: ListProxiesQuery): Promise<Paged<ProxyWithVersions>> {
    return this.proxies.list({ q: query.q }, query);
  }

  addVersion(actor: Actor, proxyId: string, dto: ProxyVersionDto): Promise<ProxyWithVersions> {
    return this.db.transaction(async () => {
      await this.get(proxyId);
      await this.orderChecked(() => this.proxies.addVersion(proxyId, values(dto)), 'validFrom');
      await this.audit.recordPlatform(actor, {
        action: 'proxy.version_added',
        entityType: 'proxy',
        entityId: proxyId,
        details: { ...dto },
      });
      return this.get(proxyId);
    });
  }

  addOverride(
    partnershipId: string,
    actor: Actor,
    proxyId: string,
    dto: CreateOverrideDto,
  ): Promise<OverrideWithProxy> {
    return this.db.transaction(async () => {
      await this.get(proxyId);
      const created = await this.orderChecked(
        () =>
          this.proxies.addOverride(partnershipId, proxyId, {
            ...values(dto),
            note: dto.note ?? null,
          }),
        'validFrom',
      );
      await this.audit.record(partnershipId, actor, {
        action: 'proxy_override.added',
        entityType: 'proxy_override',
        entityId: created.id,
        details: { proxyId, ...dto },
      });
      const list = await this.proxies.listOverrides(partnershipId, proxyId);
      return list.find((o) => o.id === created.id)!;
    });
  }

  listOverrides(partnershipId: string): Promise<OverrideWithProxy[]> {
    return this.proxies.listOverrides(partnershipId);
  }

  /**
   * Imports a proxy library from CSV (header row, columns {@link PROXY_CSV_COLUMNS}). A row for a
   * new code creates the proxy; a row for a known code adds a version. All or nothing: any bad row
   * rejects the file with every problem listed by row and column.
   */
  importCsv(
    actor: Actor,
    text: string,
  ): Promise<{ proxiesCreated: number; versionsAdded: number; rows: number }> {
    const [header, ...rows] = csvRecords(text, false);
    if (!header)
      throw ProblemException.validation([
        { field: 'body', reason: 'is empty; expected a header row' },
      ]);
    const unknown = header.filter((h) => !(PROXY_CSV_COLUMNS as readonly string[]).includes(h));
    const missing = PROXY_CSV_COLUMNS.filter(
      (c) =>
        !header.includes(c) &&
        ![
          'currency',
          'deadweight',
          'attribution',
          'displacement',
          'drop_off',
          'duration_years',
        ].includes(c),
    );
    if (unknown.length || missing.length) {
      throw ProblemException.validation(
        [
          ...unknown.map((c) => ({
            field: `header.${c}`,
            value: c,
            reason: 'is not a known column',
          })),
          ...missing.map((c) => ({
            field: `header.${c}`,
            reason: 'is a required column and is missing',
          })),
        ],
        `Expected columns: ${PROXY_CSV_COLUMNS.join(', ')}.`,
      );
    }
    const problems: FieldProblem[] = [];
    const parsed = rows.map((cells, i) => {
      const row = Object.fromEntries(
        header.map((h, j) => [h, cells[j] === '' ? undefined : cells[j]]),
      );
      const line = i + 2; // file line: the header is line 1
      const dto = plainToInstance(CreateProxyDto, {
        code: row.code,
        name: row.name,
        unit: row.unit,
        sourceCitation: row.source_citation,
        licence: row.licence,
        version: {
          validFrom: row.valid_from,
          valuePerUnit: row.value_per_unit,
          currency: row.currency,
          priceYear: wholeNumberCell(row.price_year),
          deadweight: row.deadweight,
          attribution: row.attribution,
          displacement: row.displacement,
          dropOff: row.drop_off,
          durationYears: wholeNumberCell(row.duration_years),
        },
      });
      for (const error of validateSync(dto, { forbidUnknownValues: true })) {
        const nested = error.children?.length ? error.children : [error];
        for (const e of nested) {
          const column = toColumn(e.property);
          for (const reason of Object.values(e.constraints ?? {})) {
            problems.push({
              field: `line ${line}, ${column}`,
              value: row[column],
              reason: reason.replace(new RegExp(`^${e.property} `), ''),
            });
          }
        }
      }
      return { dto, line };
    });
    if (problems.length)
      throw ProblemException.validation(
        problems.slice(0, 1000),
        `${problems.length} problem(s); nothing was imported.`,
      );

    return this.db.transaction(async () => {
      let proxiesCreated = 0;
      let versionsAdded = 0;
      for (const { dto, line } of parsed) {
        let proxy = await this.proxies.findByCode(dto.code);
        if (!proxy) {
          const { version: _version, ...fields } = dto;
          await this.proxies.createProxy(fields);
          proxy = (await this.proxies.findByCode(dto.code))!;
          proxiesCreated++;
        }
        const proxyId = proxy.id;
        await this.orderChecked(
          () => this.proxies.addVersion(proxyId, values(dto.version)),
          `line ${line}, valid_from`,
        );
        versionsAdded++;
      }
      await this.audit.recordPlatform(actor, {
        action: 'proxy_library.imported',
        entityType: 'proxy',
        entityId: 'library',
        details: { rows: parsed.length, proxiesCreated, versionsAdded },
      });
      return { proxiesCreated, versionsAdded, rows: parsed.length };
    });
  }

  private async orderChecked<T>(fn: () => Promise<T>, field: string): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof VersionOrderError) {
        throw ProblemException.unprocessable(
          'Versions are never rewritten: a new version must start after the latest one.',
          [{ field, reason: e.message }],
        );
      }
      throw e;
    }
  }
}

/** A CSV cell of plain digits as a number; anything else as it is, for validation to refuse. */
function wholeNumberCell(cell: string | undefined): number | string | undefined {
  return cell !== undefined && /^\d{1,9}$/.test(cell) ? Number.parseInt(cell, 10) : cell;
}

function toColumn(property: string): string {
  const map: Record<string, string> = {
    sourceCitation: 'source_citation',
    validFrom: 'valid_from',
    valuePerUnit: 'value_per_unit',
    priceYear: 'price_year',
    dropOff: 'drop_off',
    durationYears: 'duration_years',
  };
  return map[property] ?? property;
}
