import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { ONE, ZERO, isList, sum, toDecimal, toFraction, type DecimalInput } from '../money/decimal';

/** Most parties a rule may name (a partnership's members and a fund). */
export const MAX_PARTIES = 50;
/** Most bands or tiers one list may have. */
export const MAX_TIERS = 20;
/** Band edges (money, or margin points) stay below this. */
const MAX_EDGE = '1000000000000000';

/** What a party is to the contract. `community_fund` is the community dividend. */
export type PartyRole = 'provider' | 'commissioner' | 'funder' | 'community_fund' | 'other';

/** The roles, in the order the API lists them. */
export const PARTY_ROLES: readonly PartyRole[] = [
  'provider',
  'commissioner',
  'funder',
  'community_fund',
  'other',
];

/**
 * A party to a contract's sharing terms: a member organisation of the partnership (its id) or the
 * community fund (any id the caller chooses). The order of the parties is the order results list
 * them in and the order rounding ties are broken in (first listed first).
 */
export interface ContractParty {
  /** Stable id (the app uses the member organisation's id, or its community-fund id). */
  readonly id: string;
  /** Name shown in the working. */
  readonly name: string;
  /** Role in the contract. */
  readonly role: PartyRole;
}

/**
 * Fractions per party id (`{ 'org-a': '0.5', 'org-b': '0.5' }`); a party left out has 0. The
 * fractions of one band or tier must add up to exactly 1.
 */
export type PartyShares = Readonly<Record<string, DecimalInput>>;

/**
 * One band (or tier) of an amount being shared: ordered and contiguous from zero, each ending at
 * `upTo` where the next starts; the last has no `upTo` and takes everything beyond.
 *
 * `upTo` is MONEY, the cumulative upper edge of the amount being shared: for excess bands, the
 * amount of surplus ABOVE the reasonable surplus (`"10000"` = the first £10,000 of excess); for
 * gain tiers, the underspend below the target cost; for pain tiers, the overrun above it. An amount
 * exactly on an edge fills that band and puts nothing in the next.
 *
 * @example first £100k of underspend 50/50, beyond that 30/70:
 * `[{ upTo: '100000', shares: { p: '0.5', c: '0.5' } }, { shares: { p: '0.3', c: '0.7' } }]`
 */
export interface ShareTier {
  /** Cumulative upper edge (money > the previous edge); omit on the last tier only. */
  readonly upTo?: DecimalInput;
  /** Each party's fraction of the amount falling in the tier. */
  readonly shares: PartyShares;
}

/** A tier after validation: edges in money, fractions by party position. @internal */
export interface ResolvedTier {
  readonly from: Decimal;
  readonly to: Decimal | null;
  readonly shares: readonly Decimal[];
}

/** One party's part of a shared amount. */
export interface PartyAmount {
  /** The party's id. */
  readonly partyId: string;
  /** Full precision. The parties' amounts add up exactly to the amount shared. */
  readonly amount: Decimal;
  /** Rounded to pence so the parties add up exactly to the rounded total (`allocateRounded`). */
  readonly rounded: Decimal;
  /**
   * What the shares alone gave the party, before any cap: more than `amount` for a capped party,
   * less for one that bears part of what was beyond another party's cap; else equal.
   */
  readonly uncapped: Decimal;
  /** The party's cap (money), or null when it has none. */
  readonly cap: Decimal | null;
  /** True when the cap limited the party's part. */
  readonly capped: boolean;
}

/** How much of the shared amount falls in one tier, and each party's part of it. */
export interface TierAllocation {
  /** 1-based tier number, as listed in the rule. */
  readonly tier: number;
  /** Lower edge (money of the amount being shared). */
  readonly from: Decimal;
  /** Upper edge, or null for the open-ended last tier. */
  readonly to: Decimal | null;
  /** Amount falling in the tier. */
  readonly amount: Decimal;
  /** Each party's part of the tier at full precision, in party order. */
  readonly byParty: readonly { readonly partyId: string; readonly amount: Decimal }[];
}

/** A plain object (not null, not a list). @internal */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates the parties: at least one, ids unique non-empty strings, names non-empty, known roles.
 * @internal
 */
export function resolveParties(parties: readonly ContractParty[], path: string): ContractParty[] {
  if (!isList(parties) || parties.length === 0) {
    throw new ValidationError(path, parties, 'must list at least one party');
  }
  if (parties.length > MAX_PARTIES) {
    throw new ValidationError(path, parties.length, `must list at most ${MAX_PARTIES} parties`);
  }
  const seen = new Set<string>();
  return parties.map((party, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(party)) throw new ValidationError(at, party, 'must be a party');
    if (typeof party.id !== 'string' || party.id.trim() === '') {
      throw new ValidationError(`${at}.id`, party.id, 'must be a non-empty string');
    }
    if (seen.has(party.id)) {
      throw new ValidationError(`${at}.id`, party.id, 'appears more than once');
    }
    seen.add(party.id);
    if (typeof party.name !== 'string' || party.name.trim() === '') {
      throw new ValidationError(`${at}.name`, party.name, 'must be a non-empty string');
    }
    if (!PARTY_ROLES.includes(party.role)) {
      throw new ValidationError(
        `${at}.role`,
        party.role,
        `must be one of ${PARTY_ROLES.join(', ')}`,
      );
    }
    return { id: party.id, name: party.name, role: party.role };
  });
}

/**
 * Validates one set of shares against the parties: only known party ids, fractions 0–1, adding up
 * to exactly 1. Returns the fractions in party order (0 for parties left out).
 * @internal
 */
export function resolveShares(
  shares: PartyShares,
  parties: readonly ContractParty[],
  path: string,
): Decimal[] {
  if (!isRecord(shares)) {
    throw new ValidationError(path, shares, 'must map party ids to fractions');
  }
  const ids = new Set(parties.map((party) => party.id));
  for (const id of Object.keys(shares)) {
    if (!ids.has(id)) {
      throw new ValidationError(`${path}.${id}`, id, "is not one of the rule's parties");
    }
  }
  const fractions = parties.map((party) =>
    Object.hasOwn(shares, party.id) ? toFraction(shares[party.id], `${path}.${party.id}`) : ZERO,
  );
  const total = sum(fractions);
  if (!total.eq(ONE)) {
    throw new ValidationError(
      path,
      total.toString(),
      `must add up to exactly 1 across the parties (they add up to ${total.toString()})`,
    );
  }
  return fractions;
}

/**
 * Validates ordered, contiguous tiers with money edges (see {@link ShareTier}).
 * @internal
 */
export function resolveTiers(
  tiers: readonly ShareTier[],
  parties: readonly ContractParty[],
  path: string,
): ResolvedTier[] {
  if (!isList(tiers) || tiers.length === 0) {
    throw new ValidationError(path, tiers, 'must list at least one band');
  }
  if (tiers.length > MAX_TIERS) {
    throw new ValidationError(path, tiers.length, `must list at most ${MAX_TIERS} bands`);
  }
  let from = ZERO;
  return tiers.map((tier, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(tier)) throw new ValidationError(at, tier, 'must be a band');
    const last = index === tiers.length - 1;
    let to: Decimal | null = null;
    if (tier.upTo === undefined) {
      if (!last) {
        throw new ValidationError(
          `${at}.upTo`,
          tier.upTo,
          'is required on every band but the last',
        );
      }
    } else {
      if (last) {
        throw new ValidationError(
          `${at}.upTo`,
          tier.upTo,
          'must be omitted on the last band (it takes everything beyond)',
        );
      }
      to = toDecimal(tier.upTo, `${at}.upTo`);
      if (to.gte(MAX_EDGE)) {
        throw new ValidationError(`${at}.upTo`, tier.upTo, `must be below ${MAX_EDGE}`);
      }
      if (to.lte(from)) {
        throw new ValidationError(
          `${at}.upTo`,
          tier.upTo,
          `must be above the previous band's upper edge (${from.toString()}): bands are in order and do not overlap`,
        );
      }
    }
    const resolved = { from, to, shares: resolveShares(tier.shares, parties, `${at}.shares`) };
    if (to) from = to;
    return resolved;
  });
}
