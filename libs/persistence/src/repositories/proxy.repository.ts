import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import { dateOfDay, isoDay } from '../util/dates';
import { groupBy } from '../util/group-by';
import {
  toOverride,
  toOverrideWithProxy,
  toProxy,
  toProxyVersion,
  toProxyVersionValues,
  toProxyWithVersions,
  type NewProxy,
  type OverrideWithProxy,
  type PartnershipProxyOverride,
  type Proxy,
  type ProxyValues,
  type ProxyVersion,
  type ProxyVersionValues,
  type ProxyWithVersions,
  type ResolvedProxy,
} from './proxy.mapper';
import type { PageRequest, Paged } from './paging';

const DAY = 86_400_000;

@Injectable()
export class ProxyRepository {
  constructor(private readonly db: Db) {}

  async createProxy(data: NewProxy): Promise<Proxy> {
    return toProxy(await this.db.client.proxy.create({ data }));
  }

  async findById(id: string): Promise<ProxyWithVersions | null> {
    const row = await this.db.client.proxy.findUnique({
      where: { id },
      include: { versions: { orderBy: { validFrom: 'asc' } } },
    });
    return row && toProxyWithVersions(row);
  }

  async findByCode(code: string): Promise<ProxyWithVersions | null> {
    const row = await this.db.client.proxy.findUnique({
      where: { code },
      include: { versions: { orderBy: { validFrom: 'asc' } } },
    });
    return row && toProxyWithVersions(row);
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
    return { items: items.map(toProxyWithVersions), total };
  }

  /**
   * Adds a version. Versions are never edited: the version open at the new one's start is closed
   * the day before, so each date has exactly one version. A version may not start on or before
   * the start of the latest one (history is not rewritten).
   */
  async addVersion(proxyId: string, values: ProxyValues): Promise<ProxyVersion> {
    const validFrom = dateOfDay(values.validFrom);
    const latest = await this.db.client.proxyVersion.findFirst({
      where: { proxyId },
      orderBy: { validFrom: 'desc' },
    });
    if (latest && latest.validFrom >= validFrom) {
      throw new VersionOrderError(isoDay(latest.validFrom));
    }
    if (latest && (latest.validTo === null || latest.validTo >= validFrom)) {
      await this.db.client.proxyVersion.update({
        where: { id: latest.id },
        data: { validTo: new Date(validFrom.getTime() - DAY) },
      });
    }
    return toProxyVersion(
      await this.db.client.proxyVersion.create({ data: { proxyId, ...values, validFrom } }),
    );
  }

  async addOverride(
    partnershipId: string,
    proxyId: string,
    values: ProxyValues & { note?: string | null },
  ): Promise<PartnershipProxyOverride> {
    const validFrom = dateOfDay(values.validFrom);
    const latest = await this.db.client.partnershipProxyOverride.findFirst({
      where: { partnershipId, proxyId },
      orderBy: { validFrom: 'desc' },
    });
    if (latest && latest.validFrom >= validFrom)
      throw new VersionOrderError(isoDay(latest.validFrom));
    if (latest && (latest.validTo === null || latest.validTo >= validFrom)) {
      await this.db.client.partnershipProxyOverride.update({
        where: { partnershipId_id: { partnershipId, id: latest.id } },
        data: { validTo: new Date(validFrom.getTime() - DAY) },
      });
    }
    return toOverride(
      await this.db.client.partnershipProxyOverride.create({
        data: { partnershipId, proxyId, ...values, validFrom },
      }),
    );
  }

  async listOverrides(partnershipId: string, proxyId?: string): Promise<OverrideWithProxy[]> {
    const rows = await this.db.client.partnershipProxyOverride.findMany({
      where: { partnershipId, ...(proxyId ? { proxyId } : {}) },
      include: { proxy: true },
      orderBy: [{ proxyId: 'asc' }, { validFrom: 'asc' }],
    });
    return rows.map(toOverrideWithProxy);
  }

  /**
   * The proxy inputs in force on `date` for a partnership: its own override valid then, else the
   * library version valid then; null when neither covers the date (YYYY-MM-DD).
   */
  async resolve(
    partnershipId: string,
    proxyId: string,
    day: string,
  ): Promise<ResolvedProxy | null> {
    const proxy = await this.db.client.proxy.findUnique({ where: { id: proxyId } });
    if (!proxy) return null;
    const date = dateOfDay(day);
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
    return {
      proxy: toProxy(proxy),
      source: override ? 'partnership' : 'library',
      ...valuesOf(toProxyVersionValues(version)),
    };
  }
}

/** Resolves proxies in force on a date from versions loaded once (see {@link proxyResolver}). */
export type ProxyResolver = (proxyId: string, day: string) => ResolvedProxy | null;

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

/**
 * The row in force on `date`: the latest valid_from ≤ date whose valid_to is open or ≥ date (days as
 * YYYY-MM-DD compare as strings).
 */
function covering<T extends { validFrom: string; validTo: string | null }>(
  rows: readonly T[] | undefined,
  date: string,
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

/** A new version must start after the latest one. */
export class VersionOrderError extends Error {
  constructor(readonly latestValidFrom: string) {
    super(`a new version must start after ${latestValidFrom}, the start of the latest version`);
    this.name = 'VersionOrderError';
  }
}
