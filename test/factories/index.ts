import { randomUUID } from 'node:crypto';
import { PrismaService, type PartnershipRole } from '@ol/persistence';
import { generateApiKey } from '../../apps/api/src/common/auth/api-key';

// Unique across suites (suites share the run's database and may not truncate).
const next = (): string => randomUUID().slice(0, 8);

/** A user with a fresh API key; returns the header to send. */
export async function createUserWithKey(
  prisma: PrismaService,
  opts: { admin?: boolean; email?: string } = {},
): Promise<{ userId: string; key: string; headers: Record<string, string> }> {
  const user = await prisma.user.create({
    data: {
      email: opts.email ?? `user${next()}@example.test`,
      name: 'Test user',
      isPlatformAdmin: opts.admin ?? false,
    },
  });
  const k = generateApiKey();
  await prisma.apiKey.create({
    data: { userId: user.id, name: 'test', prefix: k.prefix, keyHash: k.hash },
  });
  return { userId: user.id, key: k.key, headers: { 'x-api-key': k.key } };
}

export async function createOrganisation(
  prisma: PrismaService,
  kind: 'commissioner' | 'provider' = 'provider',
) {
  return prisma.organisation.create({ data: { name: `Org ${next()}`, kind } });
}

export async function createPartnership(prisma: PrismaService) {
  return prisma.partnership.create({
    data: {
      name: `Partnership ${next()}`,
      model: 'alliance',
      startDate: new Date('2026-04-01T00:00:00Z'),
      endDate: new Date('2031-03-31T00:00:00Z'),
    },
  });
}

export async function grantRole(
  prisma: PrismaService,
  partnershipId: string,
  userId: string,
  role: PartnershipRole,
  organisationId?: string,
) {
  return prisma.userRole.create({
    data: { partnershipId, userId, role, organisationId: organisationId ?? null },
  });
}

/**
 * An active partnership with one provider organisation as a member, and `providerUserId` (if
 * given) holding the provider role for it; plus one `sum` outcome coded JOBS.
 */
export async function createProviderPartnership(
  prisma: PrismaService,
  opts: { name: string; startDate: string; endDate: string; providerUserId?: string },
): Promise<{ partnershipId: string; organisationId: string; outcomeId: string }> {
  const p = await prisma.partnership.create({
    data: {
      name: opts.name,
      model: 'alliance',
      status: 'active',
      startDate: new Date(`${opts.startDate}T00:00:00Z`),
      endDate: new Date(`${opts.endDate}T00:00:00Z`),
    },
  });
  const org = await prisma.organisation.create({
    data: { name: `Provider ${next()}`, kind: 'provider' },
  });
  await prisma.member.create({
    data: { partnershipId: p.id, organisationId: org.id, role: 'provider' },
  });
  if (opts.providerUserId) await grantRole(prisma, p.id, opts.providerUserId, 'provider', org.id);
  const outcome = await prisma.outcome.create({
    data: { partnershipId: p.id, code: 'JOBS', theme: 'Jobs', title: 'Into work', unit: 'people' },
  });
  return { partnershipId: p.id, organisationId: org.id, outcomeId: outcome.id };
}
