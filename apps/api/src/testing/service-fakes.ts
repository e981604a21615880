/**
 * Fakes for service unit specs: in-memory stand-ins for the unit of work, the audit trail and the
 * period guard, so a service's rules run with real libs/outcomes and no database. Repositories a
 * spec needs are faked in the spec itself, as plain objects typed `Pick<XRepository, 'methods'>`.
 */
import type {
  AuditEntry,
  Actor,
  Db,
  AuditRepository,
  Partnership,
  PartnershipRepository,
} from '@ol/persistence';
import type { PartnershipAccess } from '../common/auth/auth-context';
import { toProblem } from '../common/problems/problem-details.filter';
import { ProblemException, type ProblemDetails } from '../common/problems/problem';
import type { PeriodGuard } from '../modules/periods/period-guard';

/** A Db whose transaction runs the callback (no rollback: specs assert what a refusal left). */
export function fakeDb(): Db {
  const db: Pick<Db, 'transaction'> = { transaction: (fn) => fn(undefined as never) };
  return db as Db;
}

/** An audit trail that keeps what was recorded, per partnership. */
export class FakeAudit implements Pick<AuditRepository, 'record'> {
  readonly events: (AuditEntry & { partnershipId: string })[] = [];

  record(partnershipId: string, _actor: Actor, entry: AuditEntry): Promise<void> {
    this.events.push({ partnershipId, ...entry });
    return Promise.resolve();
  }

  /** The recorded actions, in order. */
  get actions(): string[] {
    return this.events.map((e) => e.action);
  }

  asRepository(): AuditRepository {
    return this as unknown as AuditRepository;
  }
}

/** A period guard with these quarters closed (start and end dates, inclusive): 409 period-locked. */
export class FakePeriods implements Pick<PeriodGuard, 'assertOpen'> {
  constructor(readonly closed: { label: string; start: string; end: string }[] = []) {}

  assertOpen(_partnershipId: string, dates: readonly string[], what: string): Promise<void> {
    const hit = this.closed.filter((q) => dates.some((d) => d >= q.start && d <= q.end));
    if (hit.length > 0) {
      return Promise.reject(
        ProblemException.periodLocked(
          hit.map((q) => q.label),
          what,
        ),
      );
    }
    return Promise.resolve();
  }

  asGuard(): PeriodGuard {
    return this as unknown as PeriodGuard;
  }
}

export const ACTOR: Actor = { userId: '00000000-0000-4000-8000-0000000000aa', keyId: null };

/** A caller's access to a partnership: by default an admin acting for no provider. */
export function accessTo(
  partnershipId: string,
  access: Partial<Omit<PartnershipAccess, 'partnershipId'>> = {},
): PartnershipAccess {
  return {
    partnershipId,
    roles: ['admin'],
    providerOrganisationIds: [],
    isPlatformAdmin: false,
    ...access,
  };
}

/**
 * What a call refused with (fails the spec if it succeeded): a promise, or a function for calls
 * that may also throw before they return one.
 */
export async function refusalOf(call: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal, but the call succeeded');
}

/** The problem details a refused call answers with over HTTP (the filter's one mapping). */
export async function problemOf(
  call: Promise<unknown> | (() => unknown),
): Promise<Omit<ProblemDetails, 'instance' | 'requestId'>> {
  return toProblem(await refusalOf(call));
}

/**
 * A PartnershipRepository that finds one partnership: this term (both ends inclusive), its
 * financial year from April, and `more` of its settings.
 */
export function fakePartnerships(
  id: string,
  term: { start: string; end: string },
  more: Partial<Partnership> = {},
): PartnershipRepository {
  const partnership = {
    id,
    startDate: term.start,
    endDate: term.end,
    fyStartMonth: 4,
    ...more,
  } as Partnership;
  const partnerships: Pick<PartnershipRepository, 'findById'> = {
    findById: () => Promise.resolve(partnership),
  };
  return partnerships as PartnershipRepository;
}
