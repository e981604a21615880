/**
 * `npm run db:seed`: a small demo partnership with people in every role and demo API keys.
 * Idempotent (re-running changes nothing). DEMO ONLY: the keys below are public; never seed a
 * real installation with them (use `npm run admin:create` there).
 */
import { createHash } from 'node:crypto';
import { DatabaseConfig, loadConfig } from '@ol/config';
import { createPool, PrismaService, type PartnershipRole } from '@ol/persistence';

const DEMO_KEYS: {
  email: string;
  name: string;
  key: string;
  admin: boolean;
  role?: PartnershipRole;
  org?: string;
}[] = [
  {
    email: 'admin@demo.test',
    name: 'Demo platform admin',
    key: 'ol_demoadmin001_DemoAdminKeyDoNotUseInProduction',
    admin: true,
  },
  {
    email: 'board@demo.test',
    name: 'Demo board member',
    key: 'ol_demoboard001_DemoBoardKeyDoNotUseInProduction',
    admin: false,
    role: 'board',
  },
  {
    email: 'finance@demo.test',
    name: 'Demo finance officer',
    key: 'ol_demofinanc01_DemoFinanceKeyDoNotUseInProducti',
    admin: false,
    role: 'finance',
  },
  {
    email: 'provider@demo.test',
    name: 'Demo provider user',
    key: 'ol_demoprovid01_DemoProviderKeyDoNotUseInProduct',
    admin: false,
    role: 'provider',
    org: 'Acorn Employment CIC',
  },
];

const PARTNERSHIP_ID = '00000000-0000-4000-8000-00000000d001';

async function main(): Promise<void> {
  const config = loadConfig(DatabaseConfig);
  const prisma = new PrismaService(createPool(config, 'ol-seed'));
  try {
    const orgs = new Map<string, string>();
    for (const [name, kind] of [
      ['Northshire County Council', 'commissioner'],
      ['Acorn Employment CIC', 'provider'],
      ['Riverside Housing Trust', 'provider'],
      ['Northshire Community Foundation', 'community'],
    ] as const) {
      const existing = await prisma.organisation.findFirst({ where: { name } });
      orgs.set(name, (existing ?? (await prisma.organisation.create({ data: { name, kind } }))).id);
    }
    await prisma.partnership.upsert({
      where: { id: PARTNERSHIP_ID },
      update: {},
      create: {
        id: PARTNERSHIP_ID,
        name: 'Northshire Employment Alliance (demo)',
        purpose: 'Help long-term unemployed residents into sustained work.',
        model: 'alliance',
        status: 'active',
        startDate: new Date('2025-04-01T00:00:00Z'),
        endDate: new Date('2030-03-31T00:00:00Z'),
        contractValue: '12500000.00',
      },
    });
    for (const [name, role] of [
      ['Northshire County Council', 'commissioner'],
      ['Acorn Employment CIC', 'provider'],
      ['Riverside Housing Trust', 'provider'],
      ['Northshire Community Foundation', 'community'],
    ] as const) {
      const organisationId = orgs.get(name)!;
      const found = await prisma.member.findFirst({
        where: { partnershipId: PARTNERSHIP_ID, organisationId, role },
      });
      if (!found)
        await prisma.member.create({
          data: { partnershipId: PARTNERSHIP_ID, organisationId, role },
        });
    }
    for (const demo of DEMO_KEYS) {
      const user = await prisma.user.upsert({
        where: { email: demo.email },
        update: {},
        create: { email: demo.email, name: demo.name, isPlatformAdmin: demo.admin },
      });
      const prefix = demo.key.split('_')[1];
      if (!(await prisma.apiKey.findUnique({ where: { prefix } }))) {
        const keyHash = createHash('sha256').update(demo.key).digest('hex');
        await prisma.apiKey.create({
          data: { userId: user.id, name: 'demo key', prefix, keyHash },
        });
      }
      if (demo.role) {
        const has = await prisma.userRole.findFirst({
          where: { partnershipId: PARTNERSHIP_ID, userId: user.id, role: demo.role },
        });
        if (!has) {
          await prisma.userRole.create({
            data: {
              partnershipId: PARTNERSHIP_ID,
              userId: user.id,
              role: demo.role,
              organisationId: demo.org ? orgs.get(demo.org)! : null,
            },
          });
        }
      }
    }
    console.log('Demo data ready. Demo API keys (public, demo only):');
    for (const d of DEMO_KEYS) console.log(`  ${d.email.padEnd(20)} ${d.key}`);
    console.log(`Demo partnership: ${PARTNERSHIP_ID}`);
  } finally {
    await prisma.onModuleDestroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
