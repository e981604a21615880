import type {
  OutcomeAggregation,
  OutcomeDirection,
  TargetPeriodKind,
  ValuationBasis,
} from '../enums';
import type {
  Outcome as OutcomeRow,
  OutcomeValuation as OutcomeValuationRow,
  Proxy as ProxyRow,
  Target as TargetRow,
} from '../prisma-client';
import { instantOrNull, isoDay, isoInstant } from '../util/dates';
import { toProxy, type Proxy } from './proxy.mapper';

/**
 * A target outcome as callers read it: its baseline day as YYYY-MM-DD, instants ISO, the baseline
 * and thresholds as decimal strings with their four places.
 */
export interface Outcome {
  partnershipId: string;
  id: string;
  code: string;
  theme: string;
  title: string;
  description: string | null;
  unit: string;
  direction: OutcomeDirection;
  aggregation: OutcomeAggregation;
  baselineValue: string | null;
  baselineDate: string | null;
  isPrevention: boolean;
  /** Decrease outcomes: whether a rise above the baseline is valued (a negative line) or only shown. */
  valueDisbenefits: boolean;
  stakeholder: string | null;
  parentId: string | null;
  greenThreshold: string;
  amberThreshold: string;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
}

/** An outcome's link to the proxy that values it. */
export interface OutcomeValuation {
  partnershipId: string;
  outcomeId: string;
  proxyId: string;
  /** What the proxy values; null only for a score linked before bases existed (not valued). */
  basis: ValuationBasis | null;
  /** For basis count_outcome: the companion count outcome whose quantity is valued. */
  countOutcomeId: string | null;
  createdAt: string;
}

export type OutcomeWithValuation = Outcome & {
  valuation: (OutcomeValuation & { proxy: Proxy }) | null;
};

/** An outcome's target for one period: its days as YYYY-MM-DD, the value with its four places. */
export interface Target {
  partnershipId: string;
  id: string;
  outcomeId: string;
  periodKind: TargetPeriodKind;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  targetValue: string;
  createdAt: string;
  updatedAt: string;
}

export function toOutcome(row: OutcomeRow): Outcome {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    code: row.code,
    theme: row.theme,
    title: row.title,
    description: row.description,
    unit: row.unit,
    direction: row.direction,
    aggregation: row.aggregation,
    baselineValue: row.baselineValue === null ? null : row.baselineValue.toFixed(4),
    baselineDate: row.baselineDate === null ? null : isoDay(row.baselineDate),
    isPrevention: row.isPrevention,
    valueDisbenefits: row.valueDisbenefits,
    stakeholder: row.stakeholder,
    parentId: row.parentId,
    greenThreshold: row.greenThreshold.toFixed(4),
    amberThreshold: row.amberThreshold.toFixed(4),
    createdAt: isoInstant(row.createdAt),
    updatedAt: isoInstant(row.updatedAt),
    archivedAt: instantOrNull(row.archivedAt),
  };
}

export function toOutcomeValuation(row: OutcomeValuationRow): OutcomeValuation {
  return {
    partnershipId: row.partnershipId,
    outcomeId: row.outcomeId,
    proxyId: row.proxyId,
    basis: row.basis,
    countOutcomeId: row.countOutcomeId,
    createdAt: isoInstant(row.createdAt),
  };
}

export function toOutcomeWithValuation(
  row: OutcomeRow & { valuation: (OutcomeValuationRow & { proxy: ProxyRow }) | null },
): OutcomeWithValuation {
  const { valuation } = row;
  return {
    ...toOutcome(row),
    valuation: valuation && { ...toOutcomeValuation(valuation), proxy: toProxy(valuation.proxy) },
  };
}

export function toTarget(row: TargetRow): Target {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    outcomeId: row.outcomeId,
    periodKind: row.periodKind,
    periodStart: isoDay(row.periodStart),
    periodEnd: isoDay(row.periodEnd),
    periodLabel: row.periodLabel,
    targetValue: row.targetValue.toFixed(4),
    createdAt: isoInstant(row.createdAt),
    updatedAt: isoInstant(row.updatedAt),
  };
}

/** A new or changed outcome: its baseline day as YYYY-MM-DD, decimals as strings. */
export interface OutcomeData {
  code: string;
  theme: string;
  title: string;
  description?: string | null;
  unit: string;
  direction?: OutcomeDirection;
  aggregation?: OutcomeAggregation;
  baselineValue?: string | null;
  baselineDate?: string | null;
  isPrevention?: boolean;
  valueDisbenefits?: boolean;
  stakeholder?: string | null;
  parentId?: string | null;
  greenThreshold?: string;
  amberThreshold?: string;
}

/** A target to set for one period: its days as YYYY-MM-DD, the value as a decimal string. */
export interface TargetData {
  periodKind: TargetPeriodKind;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  targetValue: string;
}
