import { DomainError } from '../errors';
import {
  ACTIVE_IMPORT_STATUSES,
  IMPORT_STATUSES,
  ImportTransitionError,
  assertImportTransition,
  canMoveImport,
  importStatusesInto,
  isAbandonedImport,
  isActiveImport,
  type DeliveryImportStatus,
} from './import-status';

/** Every allowed move; any pair not listed is refused. */
const ALLOWED: [DeliveryImportStatus, DeliveryImportStatus][] = [
  ['receiving', 'queued'],
  ['receiving', 'rejected'],
  ['receiving', 'failed'],
  ['queued', 'running'],
  ['queued', 'completed'],
  ['queued', 'failed'],
  ['running', 'running'],
  ['running', 'completed'],
  ['running', 'failed'],
];

const allowed = (from: DeliveryImportStatus, to: DeliveryImportStatus): boolean =>
  ALLOWED.some(([f, t]) => f === from && t === to);

const EVERY_PAIR = IMPORT_STATUSES.flatMap((from) =>
  IMPORT_STATUSES.map((to): [DeliveryImportStatus, DeliveryImportStatus] => [from, to]),
);

describe('delivery import status', () => {
  it.each(EVERY_PAIR)('%s → %s is allowed exactly when the table says so', (from, to) => {
    expect(canMoveImport(from, to)).toBe(allowed(from, to));
  });

  it.each(EVERY_PAIR)('assertImportTransition(%s, %s) throws exactly when refused', (from, to) => {
    if (allowed(from, to)) {
      expect(() => assertImportTransition(from, to)).not.toThrow();
    } else {
      expect(() => assertImportTransition(from, to)).toThrow(ImportTransitionError);
    }
  });

  it('refuses with a domain error naming both statuses', () => {
    let caught: unknown;
    try {
      assertImportTransition('completed', 'failed');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({
      code: 'import_transition_refused',
      from: 'completed',
      to: 'failed',
      message: 'a delivery import cannot move from completed to failed',
    });
  });

  it.each<[DeliveryImportStatus, DeliveryImportStatus[]]>([
    ['receiving', []],
    ['queued', ['receiving']],
    ['running', ['queued', 'running']],
    ['completed', ['queued', 'running']],
    ['rejected', ['receiving']],
    ['failed', ['receiving', 'queued', 'running']],
  ])('the guard of a move into %s accepts %j', (to, from) => {
    expect(importStatusesInto(to)).toEqual(from);
  });

  it('active = not ended: receiving, queued, running', () => {
    expect(ACTIVE_IMPORT_STATUSES).toEqual(['receiving', 'queued', 'running']);
  });

  it.each<[DeliveryImportStatus, boolean, boolean]>([
    ['receiving', true, false],
    ['queued', true, false],
    ['running', true, false],
    ['completed', false, false],
    ['rejected', false, true],
    ['failed', false, true],
  ])('%s: active %s, abandoned %s', (status, active, abandoned) => {
    expect(isActiveImport(status)).toBe(active);
    expect(isAbandonedImport(status)).toBe(abandoned);
  });
});
