import type { PartnershipRole } from '@ol/persistence';

/**
 * The access policy: every route names one entry of this table (`@Allow(resource, action)`), the
 * AccessGuard enforces the entry's audience and roles, and services ask the same entry whose
 * data the caller sees (`visibleProviders`) and for whom it may act (`actFor`). Nothing else in
 * the code lists roles. docs/permissions.md is generated from it (`npm run docs:permissions`) and
 * a unit test fails when the committed file differs.
 *
 * Audiences:
 * - `anyone`: no credential (health);
 * - `user`: any signed-in user (the caller's own account, the shared libraries);
 * - `platform-admin`: platform administrators only (403 for others);
 * - `member`: the route names a partnership (`:partnershipId`); non-members get 404 (its
 *   existence is not revealed), members without a listed role 403. Platform administrators pass
 *   every `member` entry with scope `any`.
 *
 * Scope of a role on a `member` entry:
 * - `any`: every provider's data in the partnership (or act for any provider);
 * - `own`: only the provider organisations the caller holds the provider role for (another
 *   provider's rows are not found: 404 for one, left out of lists; acting for another is 403).
 *   For jobs, `own` means the runs the caller asked for and its own organisations' evaluations.
 */

export type Scope = 'any' | 'own';
export type Audience = 'anyone' | 'user' | 'platform-admin' | 'member';

/** Every partnership role, in the order the documentation lists them. */
export const PARTNERSHIP_ROLES = [
  'admin',
  'board',
  'finance',
  'auditor',
  'verifier',
  'provider',
] as const satisfies readonly PartnershipRole[];

export type Grants = Partial<Record<PartnershipRole, Scope>>;

export interface Rule {
  audience: Audience;
  /** For `member` rules: the roles allowed and their provider scope. */
  roles?: Grants;
  /** What the entry covers, for the documentation. */
  summary: string;
}

const anyone = (summary: string): Rule => ({ audience: 'anyone', summary });
const user = (summary: string): Rule => ({ audience: 'user', summary });
const platformAdmin = (summary: string): Rule => ({ audience: 'platform-admin', summary });
const members = (roles: Grants, summary: string): Rule => ({ audience: 'member', roles, summary });

/** Every member role, all with scope `any` (data that is not any one provider's). */
const EVERY_MEMBER: Grants = {
  admin: 'any',
  board: 'any',
  finance: 'any',
  auditor: 'any',
  verifier: 'any',
  provider: 'any',
};
const ADMIN: Grants = { admin: 'any' };
const ADMIN_BOARD: Grants = { admin: 'any', board: 'any' };
const FINANCE_ADMIN: Grants = { admin: 'any', finance: 'any' };
/** The open book: every provider's returns, evaluations, triggers and the partnership's totals. */
const OPEN_BOOK: Grants = {
  admin: 'any',
  board: 'any',
  finance: 'any',
  auditor: 'any',
  provider: 'own',
};

/**
 * The table: resource → action → rule. Keep each resource's actions together; a new route adds
 * (or reuses) an entry here, and the access-matrix test walks it.
 */
export const POLICY = {
  health: {
    read: anyone('Liveness and readiness probes'),
  },
  'sign-in': {
    use: anyone(
      'Sign in (email and password, or single sign-on), ask for and confirm a password reset',
    ),
  },
  account: {
    read: user('Your own user (`GET /v1/users/me`) and your session'),
    update: user('Change your own password; sign out'),
  },
  'api-keys': {
    manage: user(
      'Your own API keys: create (optionally scoped), list, revoke (a platform admin: anyone’s)',
    ),
  },
  'my-notifications': {
    read: user('Your own in-app notifications and notification preferences'),
    update: user('Mark your own notifications read; save your own preferences'),
  },
  users: {
    read: platformAdmin('List and read users'),
    create: platformAdmin('Create users'),
    'set-password': platformAdmin('Set a user’s password (an initial one); their sessions end'),
    manage: platformAdmin('Disable and re-enable users; list any user’s API keys'),
  },
  'platform-audit-events': {
    read: platformAdmin('The platform’s audit trail: users, API keys, organisations'),
  },
  organisations: {
    read: user('The organisation directory (a reference table shared by all partnerships)'),
    write: platformAdmin('Create and rename organisations'),
  },
  proxies: {
    read: user('The financial proxy library and its versions'),
    write: platformAdmin('Add proxies, import a library, add versions'),
  },
  'index-series': {
    read: user('Price index series (uprating)'),
    write: platformAdmin('Add series and import their values'),
  },
  'admin-queues': {
    read: platformAdmin('Job queues and failed jobs'),
  },
  partnerships: {
    list: user('Partnerships you belong to (platform admins: all)'),
    create: platformAdmin('Create a partnership'),
    read: members(EVERY_MEMBER, 'A partnership and its sensitivity cases'),
    update: members(ADMIN, 'Change a partnership and its sensitivity cases'),
  },
  members: {
    read: members(EVERY_MEMBER, 'Member organisations of the partnership'),
    manage: members(ADMIN, 'Add and remove member organisations'),
  },
  roles: {
    read: members(ADMIN, 'Who holds which role'),
    manage: members(ADMIN, 'Grant and revoke roles; disable and re-enable a person here'),
  },
  'partnership-api-keys': {
    manage: members(ADMIN, 'API keys scoped to the partnership: list and revoke'),
  },
  settings: {
    read: members(
      EVERY_MEMBER,
      'Calendar, holidays, period settings, reminder policy and sign-off rule',
    ),
    update: members(
      ADMIN,
      'Change the calendar, holidays, period settings, reminder policy and sign-off rule',
    ),
  },
  periods: {
    read: members(EVERY_MEMBER, 'Quarters and whether they are closed'),
    manage: members(ADMIN, 'Close and reopen a quarter'),
  },
  obligations: {
    read: members(
      {
        admin: 'any',
        board: 'any',
        finance: 'any',
        auditor: 'any',
        verifier: 'any',
        provider: 'own',
      },
      'What each provider owes this quarter (a provider: its own)',
    ),
  },
  emails: {
    read: members(ADMIN, 'Emails the partnership sent (or could not send)'),
  },
  outcomes: {
    read: members(EVERY_MEMBER, 'Outcomes, targets and valuations'),
    write: members(ADMIN_BOARD, 'Create and change outcomes, targets and valuations'),
  },
  'proxy-overrides': {
    read: members(EVERY_MEMBER, 'The partnership’s proxy overrides'),
    write: members(ADMIN_BOARD, 'Override a proxy for the partnership'),
  },
  'delivery-records': {
    read: members(
      {
        admin: 'any',
        board: 'any',
        finance: 'any',
        auditor: 'any',
        verifier: 'any',
        provider: 'own',
      },
      'Delivery records, their corrections and review history',
    ),
    create: members({ admin: 'any', provider: 'own' }, 'Log delivery records (one or a batch)'),
    correct: members({ admin: 'any', provider: 'own' }, 'Reverse or amend a delivery record'),
    review: members({ admin: 'any', verifier: 'any' }, 'Verify or dispute a delivery record'),
    answer: members({ provider: 'own' }, 'Answer a dispute about your own record'),
    resolve: members({ verifier: 'any' }, 'Resolve a dispute'),
  },
  'delivery-imports': {
    read: members(
      { admin: 'any', board: 'any', auditor: 'any', verifier: 'any', provider: 'own' },
      'CSV imports: state, progress and row errors (finance reads the records, not the uploads)',
    ),
    create: members({ admin: 'any', provider: 'own' }, 'Upload a CSV of delivery records'),
  },
  'financial-returns': {
    read: members(OPEN_BOOK, 'Open-book returns and their review history'),
    submit: members(
      { admin: 'any', finance: 'any', provider: 'own' },
      'Submit or restate a return',
    ),
    query: members(FINANCE_ADMIN, 'Query a submitted return'),
    answer: members({ provider: 'own' }, 'Answer a query about your own return'),
    decide: members(FINANCE_ADMIN, 'Accept or reject a return'),
  },
  'share-rules': {
    read: members(
      { admin: 'any', board: 'any', finance: 'any', auditor: 'any' },
      'Surplus-share rules (contract terms)',
    ),
    write: members(FINANCE_ADMIN, 'Create surplus-share rules'),
  },
  'share-evaluations': {
    read: members(OPEN_BOOK, 'Evaluations of the share rules'),
  },
  triggers: {
    read: members(OPEN_BOOK, 'Profit-share triggers (JSON and CSV)'),
    act: members(FINANCE_ADMIN, 'Acknowledge and settle triggers'),
  },
  'share-ledger': {
    read: members(OPEN_BOOK, 'The settlement ledger'),
  },
  'open-book': {
    read: members(
      { admin: 'any', board: 'any', finance: 'any', auditor: 'any' },
      'A report’s investment and every figure worked from it (providers: only where the partnership shares the open book with them)',
    ),
  },
  reports: {
    read: members(
      EVERY_MEMBER,
      'Report versions, the current one, CSV, sign-off history (open-book figures per `open-book`)',
    ),
    request: members({ admin: 'any', board: 'any', finance: 'any' }, 'Ask for a report run'),
    'board-pack': members(
      EVERY_MEMBER,
      'Ask for a version’s board pack (PDF) in your view (open-book figures per `open-book`)',
    ),
    review: members(ADMIN, 'Send a report for sign-off'),
    decide: members(EVERY_MEMBER, 'Sign off or reject (the sign-off rule says who counts)'),
  },
  jobs: {
    read: members(
      {
        admin: 'any',
        board: 'any',
        finance: 'any',
        auditor: 'own',
        verifier: 'own',
        provider: 'own',
      },
      'A job run’s state (own: runs you asked for, and your organisation’s evaluations)',
    ),
  },
  'audit-events': {
    read: members({ admin: 'any', auditor: 'any' }, 'The partnership’s audit trail'),
  },
  webhooks: {
    manage: members(ADMIN, 'Webhooks: register, list, change, deactivate'),
  },
  notifications: {
    read: members(ADMIN, 'Webhook notifications (the outbox)'),
    retry: members(ADMIN, 'Retry a failed notification'),
  },
} as const satisfies Record<string, Record<string, Rule>>;

export type Resource = keyof typeof POLICY;
export type ActionOf<R extends Resource> = keyof (typeof POLICY)[R] & string;

/** The rule of one entry. */
export function ruleOf<R extends Resource>(resource: R, action: ActionOf<R>): Rule {
  return (POLICY[resource] as Record<string, Rule>)[action];
}

/** What the policy needs to know of the caller in a partnership. */
export interface Standing {
  roles: readonly PartnershipRole[];
  isPlatformAdmin: boolean;
  /** Organisations the caller holds the provider role for. */
  providerOrganisationIds: readonly string[];
}

/**
 * The caller's widest scope on an entry: `any` if one of its roles (or platform admin) has it,
 * `own` if only `own`, null when none of its roles is allowed. Entries that are not partnership
 * ones give `any` to whoever passes their audience.
 */
export function scopeOf<R extends Resource>(
  access: Pick<Standing, 'roles' | 'isPlatformAdmin'>,
  resource: R,
  action: ActionOf<R>,
): Scope | null {
  const rule = ruleOf(resource, action);
  if (rule.audience !== 'member') return 'any';
  if (access.isPlatformAdmin) return 'any';
  let scope: Scope | null = null;
  for (const role of access.roles) {
    const s = rule.roles?.[role];
    if (s === 'any') return 'any';
    if (s === 'own') scope = 'own';
  }
  return scope;
}

/** Whether one of the caller's roles (or being a platform admin) passes the entry. */
export function allows<R extends Resource>(
  access: Pick<Standing, 'roles' | 'isPlatformAdmin'>,
  resource: R,
  action: ActionOf<R>,
): boolean {
  return scopeOf(access, resource, action) !== null;
}

/**
 * Which providers' data the caller sees here: undefined for every provider (scope `any`), else
 * the caller's own provider organisations (empty when none of its roles is allowed). With
 * `requested`, narrowed to that one organisation (empty when the caller may not see it).
 */
export function visibleProviders<R extends Resource>(
  access: Standing,
  resource: R,
  action: ActionOf<R> = 'read' as ActionOf<R>,
  requested?: string,
): string[] | undefined {
  const scope = scopeOf(access, resource, action);
  if (scope === 'any') return requested ? [requested] : undefined;
  const own = scope === 'own' ? [...access.providerOrganisationIds] : [];
  return requested ? own.filter((o) => o === requested) : own;
}

/** Whether the caller may see (or act on) this provider organisation's data under the entry. */
export function actFor<R extends Resource>(
  access: Standing,
  resource: R,
  action: ActionOf<R>,
  providerOrgId: string,
): boolean {
  const scope = scopeOf(access, resource, action);
  return (
    scope === 'any' || (scope === 'own' && access.providerOrganisationIds.includes(providerOrgId))
  );
}

/** Whether the partnership's open-book totals are for the caller (`open-book` entry or shared). */
export function readsOpenBookTotals(
  access: Standing,
  partnership: { shareOpenBookWithProviders: boolean },
): boolean {
  return allows(access, 'open-book', 'read') || partnership.shareOpenBookWithProviders;
}

/**
 * Every partnership entry the caller passes, as `resource:action` → scope, so a client (the web
 * app) offers exactly what the API allows without keeping its own list of roles.
 */
export function permissionsOf(
  access: Pick<Standing, 'roles' | 'isPlatformAdmin'>,
): Record<string, Scope> {
  const out: Record<string, Scope> = {};
  for (const [resource, actions] of Object.entries(POLICY) as [Resource, Record<string, Rule>][]) {
    for (const [action, rule] of Object.entries(actions)) {
      if (rule.audience !== 'member') continue;
      const scope = scopeOf(access, resource, action as never);
      if (scope) out[`${resource}:${action}`] = scope;
    }
  }
  return out;
}
