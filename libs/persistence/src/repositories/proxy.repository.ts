import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import { isoDay } from '../util/dates';
import { groupBy } from '../util/group-by';
import type { PartnershipProxyOverride, Proxy, ProxyVersion } from '../prisma-client';
import type { PageRequest, Paged } from './paging';

/** The value and SROI adjustments of a proxy version (library or partnership override). */
export interface ProxyValues {
  validFrom: Date;
  valuePerUnit: string;
  currency?: string;
  priceYear: number;
  deadweight?: string;
  attribution?: string;
  displacement?: string;
  dropOff?: string;
  durationYears?: number;
}

export interface NewProxy {
  code: string;
  name: string;
  unit: string;
  sourceCitation: string;
  licence: string;
}

export type ProxyWithVersions = Proxy & { versions: ProxyVersion[] };

/** The inputs a valuation uses for one date: which version, and whether it is an override. */
export interface ResolvedProxy extends Omit<ProxyVersionValues, 'id' | 'proxyId'> {
  proxy: Proxy;
  source: 'library' | 'partnership';
  versionId: string;
}

const DAY = 86_400_000;

@Injectable()
export class ProxyRepository {
  constructor(private readonly db: Db) {}

  createProxy(data: NewProxy): Promise<Proxy> {
    return this.db.client.proxy.create({ data });
  }

  findById(id: string): Promise<ProxyWithVersions | null> {
    return this.db.client.proxy.findUnique({
      where: { id },
      include: { versions: { orderBy: { validFrom: 'asc' } } },
    });
  }

  findByCode(code: string): Promise<ProxyWithVersions | null> {
    return this.db.client.proxy.findUnique({
      where: { code },
      include: { versions: { orderBy: { validFrom: 'asc' } } },
    });
  }

  async list(filter: { q?: string }, page: PageRequest): Promise<Paged<ProxyWithVersions>> {
    const where = filter.q
      ? {
          OR: [
            { code: { contains: filter.q, mode: 'insensitive' as const } },
            { name: { contains: filter.q, mode: 'insensitive' as const } },
          ],
        }
      : {};
    const [items, total] = await Promise.all([
      this.db.client.proxy.findMany({
        where,
        include: { versions: { orderBy: { validFrom: 'asc' } } },
        orderBy: { code: 'asc' },
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.proxy.count({ where }),
    ]);
    return { items, total };
  }

  /**
   * Adds a version. Versions are never edited: the version open at the new one's start is closed
   * the day before, so each date has exactly one version. A version may not start on or before
   * the start of the latest one (history is not rewritten).
   */
  async addVersion(proxyId: string, values: ProxyValues): Promise<ProxyVersion> {
    const latest = await this.db.client.proxyVersion.findFirst({
      where: { proxyId },
      orderBy: { validFrom: 'desc' },
    });
    if (latest && latest.validFrom >= values.validFrom) {
      throw new VersionOrderError(latest.validFrom);
    }
    if (latest && (latest.validTo === null || latest.validTo >= values.validFrom)) {
      await this.db.client.proxyVersion.update({
        where: { id: latest.id },
        data: { validTo: new Date(values.validFrom.getTime() - DAY) },
      });
    }
    return this.db.client.proxyVersion.create({ data: { proxyId, ...values } });
  }

  async addOverride(
    partnershipId: string,
    proxyId: string,
    values: ProxyValues & { note?: string | null },
  ): Promise<PartnershipProxyOverride> {
    const latest = await this.db.client.partnershipProxyOverride.findFirst({
      where: { partnershipId, proxyId },
      orderBy: { validFrom: 'desc' },
    });
    if (latest && latest.validFrom >= values.validFrom)
      throw new VersionOrderError(latest.validFrom);
    if (latest && (latest.validTo === null || latest.validTo >= values.validFrom)) {
      await this.db.client.partnershipProxyOverride.update({
        where: { partnershipId_id: { partnershipId, id: latest.id } },
        data: { validTo: new Date(values.validFrom.getTime() - DAY) },
      });
    }
    return this.db.client.partnershipProxyOverride.create({
      data: { partnershipId, proxyId, ...values },
    });
  }

  listOverrides(
    partnershipId: string,
    proxyId?: string,
  ): Promise<(PartnershipProxyOverride & { proxy: Proxy })[]> {
    return this.db.client.partnershipProxyOverride.findMany({
      where: { partnershipId, ...(proxyId ? { proxyId } : {}) },
      include: { proxy: true },
      orderBy: [{ proxyId: 'asc' }, { validFrom: 'asc' }],
    });
  }

  /**
   * The proxy inputs in force on `date` for a partnership: its own override valid then, else the
   * library version valid then; null when neither covers the date.
   */
  async resolve(partnershipId: string, proxyId: string, date: Date): Promise<ResolvedProxy | null> {
    const proxy = await this.db.client.proxy.findUnique({ where: { id: proxyId } });
    if (!proxy) return null;
    const covering = {
      validFrom: { lte: date },
      OR: [{ validTo: null }, { validTo: { gte: date } }],
    };
    const override = await this.db.client.partnershipProxyOverride.findFirst({
      where: { partnershipId, proxyId, ...covering },
      orderBy: { validFrom: 'desc' },
    });
    const version =
      override ??
      (await this.db.client.proxyVersion.findFirst({
        where: { proxyId, ...covering },
        orderBy: { validFrom: 'desc' },
      }));
    if (!version) return null;
    return resolved(proxy, override ? 'partnership' : 'library', version);
  }
}

/** Resolves proxies in force on a date from versions loaded once (see {@link proxyResolver}). */
export type ProxyResolver = (proxyId: string, date: Date) => ResolvedProxy | null;

/**
 * A library version or a partnership override as a valuation uses it: decimals as strings with
 * the column's four decimal places.
 */
export interface ProxyVersionValues {
  id: string;
  proxyId: string;
  validFrom: Date;
  validTo: Date | null;
  valuePerUnit: string;
  currency: string;
  priceYear: number;
  deadweight: string;
  attribution: string;
  displacement: string;
  dropOff: string;
  durationYears: number;
}

function versionValues(v: ProxyVersion | PartnershipProxyOverride): ProxyVersionValues {
  return {
    id: v.id,
    proxyId: v.proxyId,
    validFrom: v.validFrom,
    validTo: v.validTo,
    valuePerUnit: v.valuePerUnit.toFixed(4),
    currency: v.currency,
    priceYear: v.priceYear,
    deadweight: v.deadweight.toFixed(4),
    attribution: v.attribution.toFixed(4),
    displacement: v.displacement.toFixed(4),
    dropOff: v.dropOff.toFixed(4),
    durationYears: v.durationYears,
  };
}

/**
 * A resolver over proxies, their library versions and a partnership's overrides loaded once: for
 * a proxy and a date, the override in force then, else the library version in force then (as
 * {@link ProxyRepository.resolve} answers), else null.
 */
export function proxyResolver(
  proxies: readonly Proxy[],
  versions: readonly ProxyVersionValues[],
  overrides: readonly ProxyVersionValues[],
): ProxyResolver {
  const proxyBy = new Map(proxies.map((p) => [p.id, p]));
  const versionsBy = groupBy(versions, (v) => v.proxyId);
  const overridesBy = groupBy(overrides, (v) => v.proxyId);
  return (proxyId, date) => {
    const proxy = proxyBy.get(proxyId);
    if (!proxy) return null;
    const override = covering(overridesBy.get(proxyId), date);
    if (override) return { proxy, source: 'partnership', ...valuesOf(override) };
    const version = covering(versionsBy.get(proxyId), date);
    return version ? { proxy, source: 'library', ...valuesOf(version) } : null;
  };
}

/** The row in force on `date`: the latest valid_from ≤ date whose valid_to is open or ≥ date. */
function covering<T extends { validFrom: Date; validTo: Date | null }>(
  rows: readonly T[] | undefined,
  date: Date,
): T | undefined {
  let found: T | undefined;
  for (const row of rows ?? []) {
    if (row.validFrom > date || (row.validTo !== null && row.validTo < date)) continue;
    if (!found || row.validFrom > found.validFrom) found = row;
  }
  return found;
}

function valuesOf(v: ProxyVersionValues): Omit<ResolvedProxy, 'proxy' | 'source'> {
  const { id, proxyId: _proxyId, ...values } = v;
  return { versionId: id, ...values };
}

function resolved(
  proxy: Proxy,
  source: 'library' | 'partnership',
  version: ProxyVersion | PartnershipProxyOverride,
): ResolvedProxy {
  return { proxy, source, ...valuesOf(versionValues(version)) };
}

/** A new version must start after the latest one. */
export class VersionOrderError extends Error {
  constructor(readonly latestValidFrom: Date) {
    super(
      `a new version must start after ${isoDay(latestValidFrom)}, the start of the latest version`,
    );
    this.name = 'VersionOrderError';
  }
}
