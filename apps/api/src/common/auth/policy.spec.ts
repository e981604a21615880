import type { PartnershipRole } from '@ol/persistence';
import { actFor, allows, POLICY, scopeOf, visibleProviders, type Standing } from './policy';

const as = (roles: PartnershipRole[], own: string[] = [], isPlatformAdmin = false): Standing => ({
  roles,
  isPlatformAdmin,
  providerOrganisationIds: own,
});

describe('access policy', () => {
  it('gives every member entry at least one role, and only partnership roles', () => {
    for (const actions of Object.values(POLICY)) {
      for (const rule of Object.values(actions)) {
        if (rule.audience !== 'member') continue;
        expect(Object.keys(rule.roles ?? {}).length).toBeGreaterThan(0);
      }
    }
  });

  it.each([
    [[], true, 'any'],
    [['provider'], false, 'own'],
    [['provider', 'board'], false, 'any'],
    [['admin'], false, 'any'],
    [['finance'], false, 'any'],
    [['auditor'], false, 'any'],
    [['verifier'], false, 'any'],
  ] as const)('obligations: roles %j (platform admin: %s) see %s', (roles, admin, scope) => {
    expect(scopeOf(as([...roles], [], admin), 'obligations', 'read')).toBe(scope);
  });

  it('lets finance read every delivery record but no delivery import', () => {
    expect(scopeOf(as(['finance']), 'delivery-records', 'read')).toBe('any');
    expect(allows(as(['finance']), 'delivery-imports', 'read')).toBe(false);
  });

  it('lets finance act for any provider on returns, admins on delivery data, providers for their own', () => {
    expect(actFor(as(['finance']), 'financial-returns', 'submit', 'org-b')).toBe(true);
    expect(actFor(as(['finance']), 'delivery-records', 'create', 'org-b')).toBe(false);
    expect(actFor(as(['admin']), 'delivery-records', 'create', 'org-b')).toBe(true);
    expect(actFor(as(['provider'], ['org-a']), 'delivery-records', 'create', 'org-a')).toBe(true);
    expect(actFor(as(['provider'], ['org-a']), 'delivery-records', 'create', 'org-b')).toBe(false);
    expect(actFor(as([], [], true), 'financial-returns', 'answer', 'org-b')).toBe(true);
  });

  it('narrows what a provider sees to its own organisations', () => {
    const provider = as(['provider'], ['org-a']);
    expect(visibleProviders(provider, 'financial-returns')).toEqual(['org-a']);
    expect(visibleProviders(provider, 'financial-returns', 'read', 'org-b')).toEqual([]);
    expect(visibleProviders(as(['board']), 'financial-returns', 'read', 'org-b')).toEqual([
      'org-b',
    ]);
    expect(visibleProviders(as(['board']), 'financial-returns')).toBeUndefined();
    expect(visibleProviders(as(['verifier']), 'financial-returns')).toEqual([]);
  });

  it('keeps the open book for admin, board, finance and auditors', () => {
    for (const role of ['admin', 'board', 'finance', 'auditor'] as const)
      expect(allows(as([role]), 'open-book', 'read')).toBe(true);
    for (const role of ['verifier', 'provider'] as const)
      expect(allows(as([role]), 'open-book', 'read')).toBe(false);
  });
});
