import { createHash } from 'node:crypto';
import { hashPassword } from '../../apps/api/src/modules/auth/passwords';
import type { PartnershipRole, PrismaService } from '@ol/persistence';
import { ORGANISATIONS, type OrgIds, type OrgKey } from './alliance';
import { DEMO_PASSWORD, PARTNERSHIP_ID } from './calendar';

/** A demo person: web sign-in (the demo password), an API key for systems, a role. */
export interface DemoUser {
  email: string;
  name: string;
  key: string;
  admin: boolean;
  role?: PartnershipRole;
  org?: OrgKey;
}

/**
 * The demo's people, one for each role, and a provider user for each provider (their data only).
 * DEMO ONLY: the keys are public; never seed a real installation with them (use
 * `npm run admin:create` there).
 */
export const DEMO_USERS: readonly DemoUser[] = [
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
    name: 'Demo provider user (Acorn)',
    key: 'ol_demoprovid01_DemoProviderKeyDoNotUseInProduct',
    admin: false,
    role: 'provider',
    org: 'acorn',
  },
  {
    email: 'housing@demo.test',
    name: 'Demo provider user (Riverside)',
    key: 'ol_demoprovid02_DemoProviderKeyDoNotUseInProduct',
    admin: false,
    role: 'provider',
    org: 'riverside',
  },
  {
    email: 'health@demo.test',
    name: 'Demo provider user (Brightpath)',
    key: 'ol_demoprovid03_DemoProviderKeyDoNotUseInProduct',
    admin: false,
    role: 'provider',
    org: 'brightpath',
  },
  {
    email: 'verifier@demo.test',
    name: 'Demo verifier',
    key: 'ol_demoverif001_DemoVerifierKeyDoNotUseInProduct',
    admin: false,
    role: 'verifier',
  },
  {
    email: 'auditor@demo.test',
    name: 'Demo auditor',
    key: 'ol_demoaudit001_DemoAuditorKeyDoNotUseInProducti',
    admin: false,
    role: 'auditor',
  },
];

/** User ids of the people the demo's history names (who verified, submitted, settled…). */
export interface DemoPeople {
  admin: string;
  finance: string;
  verifier: string;
  /** Each provider's demo user. */
  providers: Record<'acorn' | 'riverside' | 'brightpath', string>;
}

/** Users (kept as found), their passwords, keys and roles in the demo partnership. */
export async function seedPeople(prisma: PrismaService, orgs: OrgIds): Promise<DemoPeople> {
  // One slow hash for everyone (the same demo password), and only when someone lacks one.
  let hash: string | undefined;
  const ids = new Map<string, string>();
  for (const demo of DEMO_USERS) {
    const user = await prisma.user.upsert({
      where: { email: demo.email },
      update: {},
      create: { email: demo.email, name: demo.name, isPlatformAdmin: demo.admin },
    });
    ids.set(demo.email, user.id);
    if (!(await prisma.userPassword.findUnique({ where: { userId: user.id } }))) {
      hash ??= await hashPassword(DEMO_PASSWORD);
      await prisma.userPassword.create({ data: { userId: user.id, hash } });
    }
    const prefix = demo.key.split('_')[1];
    if (!(await prisma.apiKey.findUnique({ where: { prefix } }))) {
      const keyHash = createHash('sha256').update(demo.key).digest('hex');
      await prisma.apiKey.create({ data: { userId: user.id, name: 'demo key', prefix, keyHash } });
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
            organisationId: demo.org ? orgs[demo.org] : null,
          },
        });
      }
    }
  }
  const id = (email: string) => ids.get(email)!;
  return {
    admin: id('admin@demo.test'),
    finance: id('finance@demo.test'),
    verifier: id('verifier@demo.test'),
    providers: {
      acorn: id('provider@demo.test'),
      riverside: id('housing@demo.test'),
      brightpath: id('health@demo.test'),
    },
  };
}

/** What `npm run demo` prints: where to go and how to sign in. */
export function printSignIn(): void {
  const site = process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`;
  // The board overview itself: signing in leads back to it.
  console.log(
    `Demo data ready. Open ${site}/app/partnerships/${PARTNERSHIP_ID}/overview and sign in (demo only, never in production):`,
  );
  for (const d of DEMO_USERS) {
    const who = d.role
      ? `${d.role}${d.org ? `, ${ORGANISATIONS[d.org].name}` : ''}`
      : 'platform admin';
    console.log(`  ${d.email.padEnd(20)} password ${DEMO_PASSWORD}   (${who})`);
  }
  console.log('Demo API keys for systems (public, demo only):');
  for (const d of DEMO_USERS) console.log(`  ${d.email.padEnd(20)} ${d.key}`);
  console.log(`Demo partnership: ${PARTNERSHIP_ID}`);
}
