import { quartersBetween, type Quarter } from '@ol/outcomes';

/** The demo partnership (fixed: tests, the bench and the README's curl lines name it). */
export const PARTNERSHIP_ID = '00000000-0000-4000-8000-00000000d001';
/** Every demo user's web sign-in password (public: demo only). */
export const DEMO_PASSWORD = 'outcomes-ledger-demo';
export const DAY = 86_400_000;

/** The alliance's term: mobilised on 1 October 2024 for seven years (April financial years). */
export const ALLIANCE_TERM = { start: '2024-10-01', end: '2031-09-30' } as const;

/**
 * The eight quarters of delivery data and open-book returns: 2024-25 Q3 to 2026-27 Q2, the last
 * quarter ended when the demo was written (3 December 2026). Fixed rather than read from the
 * clock, so the figures a newcomer and the tests see are the same on every run; nothing in it is
 * dated after its quarter's end plus the month a verifier takes.
 */
export const DEMO_QUARTERS: readonly Quarter[] = quartersBetween('2024-10-01', '2026-09-30');

/** The financial years the quarters fall in (first days), for the open book's evaluations. */
export const DEMO_FINANCIAL_YEARS = ['2024-04-01', '2025-04-01', '2026-04-01'] as const;

/** A calendar date as the Date Prisma stores in a `date` column. */
export const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** An ISO instant as a Date. */
export const at = (iso: string): Date => new Date(iso);

/** `date` moved by `days` days. */
export const plusDays = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY);
