import Decimal from 'decimal.js';
import type {
  DiscountConvention,
  DiscountSchedule,
  PartnershipModel,
  PartnershipStatus,
  PaybackMethod,
} from '../enums';
import type { Partnership as PartnershipRow } from '../prisma-client';
import { isoDay, isoInstant } from '../util/dates';

/** A partnership as callers read it: days as YYYY-MM-DD, instants ISO, rates and money as Decimal. */
export interface Partnership {
  id: string;
  name: string;
  purpose: string | null;
  model: PartnershipModel;
  status: PartnershipStatus;
  startDate: string;
  endDate: string;
  currency: string;
  fyStartMonth: number;
  discountRate: Decimal;
  discountConvention: DiscountConvention;
  discountSchedule: DiscountSchedule;
  paybackMethod: PaybackMethod;
  contractValue: Decimal | null;
  /** Whether claimed-but-unverified delivery counts in headline figures. */
  countUnverified: boolean;
  /** The price year of its reports' pounds; null: the year a report's period ends. */
  reportPriceYear: number | null;
  priceIndexSeriesId: string | null;
  shareOpenBookWithProviders: boolean;
  provisionalReturnsCount: boolean;
  settlementSeparation: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The columns of a partnership as read: a Prisma row, or a raw row with the same names. */
export type PartnershipColumns = Omit<
  PartnershipRow,
  'startDate' | 'endDate' | 'discountRate' | 'contractValue' | 'createdAt' | 'updatedAt'
> & {
  startDate: Date | string;
  endDate: Date | string;
  discountRate: { toString(): string };
  contractValue: { toString(): string } | null;
  createdAt: Date | string;
  updatedAt: Date | string;
};

const day = (value: Date | string): string => (typeof value === 'string' ? value : isoDay(value));
const instant = (value: Date | string): string => isoInstant(new Date(value));

export function toPartnership(row: PartnershipColumns): Partnership {
  return {
    id: row.id,
    name: row.name,
    purpose: row.purpose,
    model: row.model,
    status: row.status,
    startDate: day(row.startDate),
    endDate: day(row.endDate),
    currency: row.currency,
    fyStartMonth: row.fyStartMonth,
    discountRate: new Decimal(row.discountRate.toString()),
    discountConvention: row.discountConvention,
    discountSchedule: row.discountSchedule,
    paybackMethod: row.paybackMethod,
    contractValue: row.contractValue === null ? null : new Decimal(row.contractValue.toString()),
    countUnverified: row.countUnverified,
    reportPriceYear: row.reportPriceYear,
    priceIndexSeriesId: row.priceIndexSeriesId,
    shareOpenBookWithProviders: row.shareOpenBookWithProviders,
    provisionalReturnsCount: row.provisionalReturnsCount,
    settlementSeparation: row.settlementSeparation,
    createdAt: instant(row.createdAt),
    updatedAt: instant(row.updatedAt),
  };
}
