import type { PrismaService } from '@ol/persistence';
import type request from 'supertest';
import { hashPassword } from '../../apps/api/src/modules/auth/passwords';
import { createProviderPartnership, createUserWithKey, grantRole } from '../factories';
import { waitFor } from '../setup/child-process';

export type Person = Awaited<ReturnType<typeof createUserWithKey>> & { email: string };
export const PASSWORD = 'finance pages test password';
export const NAMES = { a: 'Northside Care', b: 'Eastfield Trust', c: 'Westway CIC' };

/** A user who signs in with {@link PASSWORD} (and holds an API key for building the data). */
export async function person(prisma: PrismaService): Promise<Person> {
  const user = await createUserWithKey(prisma);
  await prisma.userPassword.create({
    data: { userId: user.userId, hash: await hashPassword(PASSWORD) },
  });
  const { email } = await prisma.user.findUniqueOrThrow({ where: { id: user.userId } });
  return { ...user, email };
}

const rule = (name: string, providerOrganisationId: string, council: string) => ({
  name,
  providerOrganisationId,
  terms: {
    kind: 'reasonable_surplus',
    parties: [
      { id: 'provider', name: 'The provider', role: 'provider' },
      { id: council, name: 'Northshire Council', role: 'commissioner' },
    ],
    reasonableSurplus: { basis: 'cost', rate: '0.08' },
    earlyWarningLevel: '0.8',
    bands: [{ shares: { provider: '0.5', [council]: '0.5' } }],
  },
});

/**
 * The finance pages' partnership, built through the API (a worker must be running to evaluate):
 * Northside (provider A) and Eastfield (B) each under an 8%-on-cost reasonable-surplus rule with
 * early warning at 80%, Westway (C) with no rule; two finance users, a board member, a provider
 * user of each. Northside: 2026-27 Q1 below the warning level (surplus 5,000; warning 6,400),
 * Q2 above (45,500 against 16,000 to date): one trigger. Eastfield: above in Q1 (20,000 against
 * 8,000): one trigger. Every return accepted by finance and evaluated.
 */
export async function buildFinancePartnership(
  prisma: PrismaService,
  http: ReturnType<typeof request>,
) {
  const [finance, finance2, providerA, providerB, providerC, board] = [
    await person(prisma),
    await person(prisma),
    await person(prisma),
    await person(prisma),
    await person(prisma),
    await person(prisma),
  ];
  const { partnershipId: pid, organisationId: orgA } = await createProviderPartnership(prisma, {
    name: 'Finance pages alliance',
    startDate: '2026-04-01',
    endDate: '2031-03-31',
    providerUserId: providerA.userId,
  });
  await prisma.organisation.update({ where: { id: orgA }, data: { name: NAMES.a } });
  const member = async (name: string, role: 'provider' | 'commissioner') => {
    const org = await prisma.organisation.create({ data: { name, kind: role } });
    await prisma.member.create({ data: { partnershipId: pid, organisationId: org.id, role } });
    return org.id;
  };
  const orgB = await member(NAMES.b, 'provider');
  const orgC = await member(NAMES.c, 'provider');
  const council = await member('Northshire Council', 'commissioner');
  await grantRole(prisma, pid, providerB.userId, 'provider', orgB);
  await grantRole(prisma, pid, providerC.userId, 'provider', orgC);
  await grantRole(prisma, pid, finance.userId, 'finance');
  await grantRole(prisma, pid, finance2.userId, 'finance');
  await grantRole(prisma, pid, board.userId, 'board');

  const api = `/v1/partnerships/${pid}`;
  const waitForJob = (id: string) =>
    waitFor(
      async () => {
        const res = await http.get(`${api}/jobs/${id}`).set(finance.headers).expect(200);
        return ['done', 'failed'].includes(res.body.status) ? res.body : undefined;
      },
      30_000,
      `job ${id}`,
    );
  const accepted = async (by: Person, period: string, revenue: string, cost: string) => {
    const submitted = await http
      .post(`${api}/financial-returns`)
      .set(by.headers)
      .send({ period, revenue, costs: [{ category: 'direct', amount: cost }] })
      .expect(201);
    const decided = await http
      .post(`${api}/financial-returns/${submitted.body.id}/decision`)
      .set(finance.headers)
      .send({ decision: 'accepted' })
      .expect(200);
    for (const job of decided.body.evaluationJobs as { id: string }[]) {
      const run = (await waitForJob(job.id)) as { status: string };
      if (run.status !== 'done') throw new Error(`evaluation ${job.id} ${run.status}`);
    }
  };

  for (const [name, org] of [
    ['Northside margin share', orgA],
    ['Eastfield margin share', orgB],
  ])
    await http
      .post(`${api}/share-rules`)
      .set(finance.headers)
      .send(rule(name, org, council))
      .expect(201);
  await accepted(providerA, '2026-27 Q1', '105000.00', '100000.00');
  await accepted(providerA, '2026-27 Q2', '140500.00', '100000.00');
  await accepted(providerB, '2026-27 Q1', '120000.00', '100000.00');
  return { pid, finance, finance2, providerA, providerC, board };
}
