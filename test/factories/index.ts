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
