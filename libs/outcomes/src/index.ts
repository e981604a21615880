/**
 * libs/outcomes — the Outcomes Ledger calculation engine: periods, SROI valuation, targets and
 * open-book surplus sharing. Pure TypeScript on decimal.js; this file is its only public surface
 * (each folder's index.ts lists what it exports).
 *
 * @packageDocumentation
 */

export type { Decimal } from 'decimal.js';

export { DomainError, ValidationError, type FieldError } from './errors';

export * from './explanation';
export * from './money';
export * from './periods';
export * from './calendar';
export * from './delivery';
export * from './sroi';
export * from './targets';
export * from './surplus-share';
export * from './contracts';
export * from './report';
export * from './imports';
export * from './review';
export * from './reminders';
