import { seesEveryProvidersObligations } from './obligations-access';

describe(seesEveryProvidersObligations.name, () => {
  it.each([
    [[], true, true],
    [['provider'], false, false],
    [['provider', 'board'], false, true],
    [['admin'], false, true],
    [['finance'], false, true],
    [['auditor'], false, true],
    [['verifier'], false, true],
  ] as const)('with roles %j (platform admin: %s): %s', (roles, isPlatformAdmin, expected) => {
    expect(seesEveryProvidersObligations({ roles: [...roles], isPlatformAdmin })).toBe(expected);
  });
});
