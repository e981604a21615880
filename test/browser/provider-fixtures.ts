import type { Page } from 'playwright-core';
import { PrismaService } from '@ol/persistence';
import { hashPassword } from '../../apps/api/src/modules/auth/passwords';
import { createProviderPartnership, createUserWithKey, grantRole } from '../factories';

export const PASSWORD = 'a provider test password';

export interface Person {
  userId: string;
  email: string;
  headers: Record<string, string>;
}

/** A user who signs in with {@link PASSWORD} (and holds an API key for the test's own calls). */
export async function person(prisma: PrismaService): Promise<Person> {
  const user = await createUserWithKey(prisma);
  await prisma.userPassword.create({
    data: { userId: user.userId, hash: await hashPassword(PASSWORD) },
  });
  const { email } = await prisma.user.findUniqueOrThrow({ where: { id: user.userId } });
  return { userId: user.userId, email, headers: user.headers };
}

/**
 * The providers' partnership: provider A (one organisation, the one signing in), provider B (its
 * own records, never shown to A), a third provider organisation (C), a partnership admin (acts for
 * any provider) and a verifier. Outcomes JOBS and HOUSING; B has one record.
 */
export async function providersPartnership(prisma: PrismaService, today: string) {
  const [providerA, providerB, admin, verifier] = [
    await person(prisma),
    await person(prisma),
    await person(prisma),
    await person(prisma),
  ];
  const { partnershipId, organisationId: orgA } = await createProviderPartnership(prisma, {
    name: 'Riverside Skills Alliance',
    startDate: '2026-04-01',
    endDate: '2031-03-31',
    providerUserId: providerA.userId,
  });
  await prisma.outcome.create({
    data: { partnershipId, code: 'HOUSING', theme: 'Housing', title: 'Housed', unit: 'households' },
  });
  const org = async (name: string) => {
    const o = await prisma.organisation.create({ data: { name, kind: 'provider' } });
    await prisma.member.create({ data: { partnershipId, organisationId: o.id, role: 'provider' } });
    return o.id;
  };
  const orgB = await org('Brookside Housing Trust');
  const orgC = await org('Canalside Training CIC');
  await grantRole(prisma, partnershipId, providerB.userId, 'provider', orgB);
  await grantRole(prisma, partnershipId, admin.userId, 'admin');
  await grantRole(prisma, partnershipId, verifier.userId, 'verifier');
  const outcomes = await prisma.outcome.findMany({ where: { partnershipId } });
  const jobs = outcomes.find((o) => o.code === 'JOBS')!.id;
  return {
    partnershipId,
    orgA,
    orgB,
    orgC,
    jobs,
    providerA,
    providerB,
    admin,
    verifier,
    /** B's record, as B would log it. */
    recordOfB: {
      outcomeId: jobs,
      activityDate: today,
      quantity: '7',
      externalRef: 'brookside-secret-1',
    },
  };
}

/** Signs `who` in through the sign-in page and waits for the partnerships list. */
export async function signIn(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/app/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your partnerships' }).waitFor();
}

/** A JSON call to the API with `who`'s API key: its status and body. */
export async function apiCall(url: string, who: Person, method: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { ...who.headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
