import { PARTNERSHIP_ROLES, POLICY, type Rule } from './policy';

const AUDIENCE: Record<Rule['audience'], string> = {
  anyone: 'anyone, no credential',
  user: 'any signed-in user',
  'platform-admin': 'platform admins only',
  member: 'partnership members by role',
};

function cell(rule: Rule, role: (typeof PARTNERSHIP_ROLES)[number]): string {
  if (rule.audience !== 'member') return rule.audience === 'platform-admin' ? '—' : 'yes';
  return rule.roles?.[role] ?? '—';
}

const escape = (s: string): string => s.replace(/\|/g, '\\|');

/**
 * docs/permissions.md, generated from the access policy (policy.ts) by `npm run docs:permissions`;
 * a unit test fails when the committed file differs.
 */
export function renderPermissions(): string {
  const out: string[] = [
    '# Permissions',
    '',
    '<!-- Generated from apps/api/src/common/auth/policy.ts by `npm run docs:permissions`: do not edit. -->',
    '',
    'Every route names one entry of the access policy (`@Allow(resource, action)`; the OpenAPI',
    'document shows it as `x-access` on each operation). The API enforces the entry, services read',
    'the same entry to decide whose data a caller sees, and `test/e2e/access-matrix.e2e-spec.ts`',
    'calls every route as every kind of caller and checks the answer against it.',
    '',
    '- **any**: the role sees (or acts for) every provider’s data in the partnership.',
    '- **own**: only the provider organisations the caller holds the provider role for: another',
    '  provider’s item is not found (404) and is left out of lists; acting for another is refused',
    '  (403). For jobs, own means the runs you asked for and your organisation’s evaluations.',
    '- **—**: refused (403). Non-members of a partnership get 404 on all its routes, so its',
    '  existence is not revealed; no credential gets 401 everywhere but `health`.',
    '- **platform admin**: platform administrators pass every partnership entry with scope any.',
    '- Open-book figures of reports (the investment and what is worked from it) are for the roles',
    '  of `open-book:read`; other members read them withheld (null) unless the partnership shares',
    '  the open book with providers.',
    '',
    `| resource:action | who | platform admin | ${PARTNERSHIP_ROLES.join(' | ')} | what |`,
    `| --- | --- | --- | ${PARTNERSHIP_ROLES.map(() => '---').join(' | ')} | --- |`,
  ];
  for (const [resource, actions] of Object.entries(POLICY)) {
    for (const [action, rule] of Object.entries(actions as Record<string, Rule>)) {
      const roles = PARTNERSHIP_ROLES.map((r) => cell(rule, r));
      const admin = rule.audience === 'anyone' ? 'yes' : rule.audience === 'member' ? 'any' : 'yes';
      out.push(
        `| \`${resource}:${action}\` | ${AUDIENCE[rule.audience]} | ${admin} | ${roles.join(' | ')} | ${escape(rule.summary)} |`,
      );
    }
  }
  out.push('');
  return out.join('\n');
}
