import type {
  PartnershipProxyOverride as OverrideRow,
  Proxy as ProxyRow,
  ProxyVersion as ProxyVersionRow,
} from '../prisma-client';
import { isoDay, isoInstant } from '../util/dates';

/** A proxy of the library as callers read it (its values are in its versions). */
export interface Proxy {
  id: string;
  code: string;
  name: string;
  unit: string;
  sourceCitation: string;
  licence: string;
  createdAt: string;
}

/**
 * A library version or a partnership override as a valuation uses it: days as YYYY-MM-DD, decimals
 * as strings with the column's four decimal places.
 */
export interface ProxyVersionValues {
  id: string;
  proxyId: string;
  validFrom: string;
  validTo: string | null;
  valuePerUnit: string;
  currency: string;
  priceYear: number;
  deadweight: string;
  attribution: string;
  displacement: string;
  dropOff: string;
  durationYears: number;
}

/** A version of a library proxy. */
export type ProxyVersion = ProxyVersionValues & { createdAt: string };

/** A partnership's own version of a library proxy. */
export type PartnershipProxyOverride = ProxyVersion & {
  partnershipId: string;
  note: string | null;
};

export type ProxyWithVersions = Proxy & { versions: ProxyVersion[] };

export type OverrideWithProxy = PartnershipProxyOverride & { proxy: Proxy };

/** The inputs a valuation uses for one date: which version, and whether it is an override. */
export interface ResolvedProxy extends Omit<ProxyVersionValues, 'id' | 'proxyId'> {
  proxy: Proxy;
  source: 'library' | 'partnership';
  versionId: string;
}

/** The columns of a proxy as read: a Prisma row, or a raw row with the same names. */
export type ProxyColumns = Omit<ProxyRow, 'createdAt'> & { createdAt: Date | string };

export function toProxy(row: ProxyColumns): Proxy {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    unit: row.unit,
    sourceCitation: row.sourceCitation,
    licence: row.licence,
    createdAt: isoInstant(new Date(row.createdAt)),
  };
}

export function toProxyVersionValues(row: ProxyVersionRow | OverrideRow): ProxyVersionValues {
  return {
    id: row.id,
    proxyId: row.proxyId,
    validFrom: isoDay(row.validFrom),
    validTo: row.validTo === null ? null : isoDay(row.validTo),
    valuePerUnit: row.valuePerUnit.toFixed(4),
    currency: row.currency,
    priceYear: row.priceYear,
    deadweight: row.deadweight.toFixed(4),
    attribution: row.attribution.toFixed(4),
    displacement: row.displacement.toFixed(4),
    dropOff: row.dropOff.toFixed(4),
    durationYears: row.durationYears,
  };
}

export function toProxyVersion(row: ProxyVersionRow): ProxyVersion {
  return { ...toProxyVersionValues(row), createdAt: isoInstant(row.createdAt) };
}

export function toProxyWithVersions(
  row: ProxyRow & { versions: ProxyVersionRow[] },
): ProxyWithVersions {
  return { ...toProxy(row), versions: row.versions.map(toProxyVersion) };
}

export function toOverride(row: OverrideRow): PartnershipProxyOverride {
  return {
    partnershipId: row.partnershipId,
    ...toProxyVersionValues(row),
    note: row.note,
    createdAt: isoInstant(row.createdAt),
  };
}

export function toOverrideWithProxy(row: OverrideRow & { proxy: ProxyRow }): OverrideWithProxy {
  return { ...toOverride(row), proxy: toProxy(row.proxy) };
}

/** The value and SROI adjustments of a new version (library or override): the day as YYYY-MM-DD. */
export interface ProxyValues {
  validFrom: string;
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
