import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import {
  createOrganisation,
  createProviderPartnership,
  createUserWithKey,
  grantRole,
} from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';
import { buildWebApp, focused, launchBrowser, screenshot, seriousViolations } from './browser';

const PASSWORD = 'a long enough test password';

/**
 * The set-up pages in a real browser (Debian's Chromium), on data built here through the
 * factories and the API: a partnership admin manages members and roles, outcomes and targets,
 * proxy overrides and webhooks; each page passes axe; a board member and a finance user get only
 * what the access policy gives them.
 */
describe('the set-up (admin) pages in a real browser', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let browser: Browser;
  let base: string;
  let webRoot: string;
  let pid: string;
  let providerOrgId: string;
  const emails: Record<'admin' | 'board' | 'finance' | 'newcomer', string> = {
    admin: '',
    board: '',
    finance: '',
    newcomer: '',
  };
  let newcomerId: string;
  let joiningOrgName: string;

  const signIn = async (email: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/app/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your partnerships' }).waitFor();
    return page;
  };
  const admin = (path: string) => `${base}/app/partnerships/${pid}/admin/${path}`;

  beforeAll(async () => {
    webRoot = buildWebApp();
    // The production egress rules (the harness lets webhooks reach loopback for other suites).
    app = await createTestApp({
      WEB_ROOT: webRoot,
      WEBHOOK_ALLOW_HTTP: 'false',
      WEBHOOK_ALLOWED_HOSTS: '',
    });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    const http = request(app.getHttpServer());
    const platform = await createUserWithKey(prisma, { admin: true });

    const partnership = await createProviderPartnership(prisma, {
      name: 'Eastbrook Wellbeing Alliance',
      startDate: '2026-04-01',
      endDate: '2031-03-31',
    });
    pid = partnership.partnershipId;
    providerOrgId = partnership.organisationId;
    joiningOrgName = (await createOrganisation(prisma, 'commissioner')).name;

    for (const who of ['admin', 'board', 'finance', 'newcomer'] as const) {
      const user = await createUserWithKey(prisma);
      emails[who] = (await prisma.user.findUniqueOrThrow({ where: { id: user.userId } })).email;
      await http
        .put(`/v1/users/${user.userId}/password`)
        .set(platform.headers)
        .send({ password: PASSWORD })
        .expect(204);
      if (who === 'newcomer') newcomerId = user.userId;
      else await grantRole(prisma, pid, user.userId, who);
    }
    await http
      .post('/v1/proxies')
      .set(platform.headers)
      .send({
        code: 'WELL-1',
        name: 'Improved wellbeing (illustrative)',
        unit: 'person',
        sourceCitation: 'Illustrative',
        licence: 'CC0-1.0',
        version: { validFrom: '2026-04-01', valuePerUnit: '1200.00', priceYear: 2025 },
      })
      .expect(201);

    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  it('lets the admin add a member organisation, grant a provider role, and disable and re-enable the person', async () => {
    const page = await signIn(emails.admin);
    await page.getByRole('link', { name: 'Eastbrook Wellbeing Alliance' }).click();
    await page.getByRole('link', { name: 'Set-up' }).click();
    await page.getByRole('heading', { name: 'Members and roles', level: 1 }).waitFor();
    expect(page.url()).toBe(admin('members'));

    // Add the commissioner as a member.
    await page
      .getByLabel('Organisation', { exact: true })
      .selectOption({ label: `${joiningOrgName} (commissioner)` });
    await page.getByLabel('Member role').selectOption('commissioner');
    await page.getByRole('button', { name: 'Add the member' }).click();
    await page.getByRole('row', { name: new RegExp(`${joiningOrgName} commissioner`) }).waitFor();

    // A user id that is not one: the API's reason beside the field, the typing kept.
    await page.getByLabel(/^Person/).fill('not-a-user');
    await page.getByLabel('Role', { exact: true }).selectOption('provider');
    await page.getByRole('button', { name: 'Grant the role' }).click();
    await page.locator('#grant-user-error').waitFor();
    expect(await page.locator('#grant-user-error').textContent()).toMatch(/UUID/i);
    expect(await page.getByLabel(/^Person/).inputValue()).toBe('not-a-user');

    // The provider role for the provider member.
    await page.getByLabel(/^Person/).fill(newcomerId);
    const org = await prisma.organisation.findUniqueOrThrow({ where: { id: providerOrgId } });
    await page.getByLabel(/^Provider organisation/).selectOption({ label: org.name });
    await page.getByRole('button', { name: 'Grant the role' }).click();
    const row = page.getByRole('row', { name: new RegExp(emails.newcomer) });
    await row.getByText(`provider for ${org.name}`).waitFor();
    expect(
      await prisma.userRole.count({
        where: { partnershipId: pid, userId: newcomerId, role: 'provider', organisationId: org.id },
      }),
    ).toBe(1);

    // The admin cannot disable itself here (the API would refuse): no button is offered.
    expect(await page.getByRole('button', { name: `Disable ${emails.admin}` }).count()).toBe(0);
    await page.getByRole('button', { name: `Disable ${emails.newcomer}` }).click();
    await row.getByRole('cell', { name: 'Disabled here' }).waitFor();
    await page.getByRole('button', { name: `Re-enable ${emails.newcomer}` }).click();
    await row.getByRole('cell', { name: 'Active' }).waitFor();

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-members');
    await page.context().close();
  }, 60_000);

  it('creates a child outcome under its parent and shows it nested, keeping the typing on a refusal', async () => {
    const page = await signIn(emails.admin);
    await page.goto(admin('outcomes'));
    await page.getByRole('heading', { name: 'The outcome hierarchy' }).waitFor();
    await page.locator('li[data-outcome="JOBS"]').waitFor();

    await page.getByLabel(/^Code/).fill('bad code!');
    await page.getByLabel('Title').fill('In work for 26 weeks');
    await page.getByLabel(/^Theme/).fill('Jobs');
    await page.getByLabel(/^Unit/).fill('people');
    await page.getByLabel('Parent outcome').selectOption({ label: 'JOBS Into work' });
    await page.getByRole('button', { name: 'Add the outcome' }).click();
    await page.locator('#outcome-code-error').waitFor();
    expect(await page.locator('#outcome-code-error').textContent()).toMatch(/letters, digits/);
    expect(await page.getByLabel('Title').inputValue()).toBe('In work for 26 weeks');
    expect(await page.getByLabel('Parent outcome').inputValue()).not.toBe('');

    await page.getByLabel(/^Code/).fill('JOBS-26W');
    await page.getByRole('button', { name: 'Add the outcome' }).click();
    const child = page.locator('li[data-outcome="JOBS"] > ul > li[data-outcome="JOBS-26W"]');
    await child.waitFor();
    expect(await child.textContent()).toContain('In work for 26 weeks');

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-outcomes');
    await page.context().close();
  }, 60_000);

  it('sets a quarter’s target by keyboard alone after a refused period, changes it, and changes the outcome', async () => {
    const page = await signIn(emails.admin);
    await page.goto(admin('outcomes'));
    await page.getByRole('link', { name: 'JOBS-26W In work for 26 weeks' }).click();
    await page.getByRole('heading', { name: 'JOBS-26W In work for 26 weeks', level: 1 }).waitFor();

    // A period that is not one: the reason beside the field, what was typed kept.
    await page.getByLabel(/^Quarter/).fill('2026-27 Q9');
    await page.getByLabel('Target (a decimal)').fill('25.5');
    await page.getByRole('button', { name: 'Save the target' }).click();
    await page.locator('#target-period-error').waitFor();
    expect(await page.getByLabel(/^Quarter/).inputValue()).toBe('2026-27 Q9');
    expect(await page.getByLabel('Target (a decimal)').inputValue()).toBe('25.5');

    // Keyboard only, from the top of the page loaded afresh.
    await page.reload();
    await page.getByRole('heading', { name: 'Set a target' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:Skip to content');
    for (let i = 0; i < 25 && !(await focused(page)).startsWith('input:Quarter'); i++)
      await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^input:Quarter/);
    await page.keyboard.type('2026-27 Q1');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^input:Target/);
    await page.keyboard.type('25.5');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Save the target');
    await page.keyboard.press('Enter');
    await page.getByRole('row', { name: /2026-27 Q1 25\.5 people/ }).waitFor();
    const target = await prisma.target.findFirstOrThrow({ where: { periodLabel: '2026-27 Q1' } });
    expect(target.targetValue.toFixed(4)).toBe('25.5000');

    // Change it: the row puts its target in the form.
    await page.getByRole('button', { name: 'Change the 2026-27 Q1 target' }).click();
    expect(await page.getByLabel(/^Quarter/).inputValue()).toBe('2026-27 Q1');
    expect(await page.getByLabel('Target (a decimal)').inputValue()).toBe('25.5');
    await page.getByLabel('Target (a decimal)').fill('30');
    await page.getByRole('button', { name: 'Save the target' }).click();
    await page.getByRole('row', { name: /2026-27 Q1 30 people/ }).waitFor();
    expect(await prisma.target.count({ where: { periodLabel: '2026-27 Q1' } })).toBe(1);

    // Change the outcome itself: amber above green is refused beside the amber field.
    const edit = page.getByRole('form', { name: 'Change JOBS-26W' });
    await edit.getByLabel('Title').fill('In work for six months');
    await edit.getByLabel(/^Green at/).fill('0.9');
    await edit.getByLabel(/^Amber at/).fill('0.95');
    await edit.getByRole('button', { name: 'Save the changes' }).click();
    await page.locator('#edit-amberThreshold-error').waitFor();
    expect(await page.locator('#edit-amberThreshold-error').textContent()).toMatch(/at most/);
    expect(await edit.getByLabel('Title').inputValue()).toBe('In work for six months');
    await edit.getByLabel(/^Amber at/).fill('0.8');
    await edit.getByRole('button', { name: 'Save the changes' }).click();
    await page
      .getByRole('heading', { name: 'JOBS-26W In work for six months', level: 1 })
      .waitFor();

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-outcome-targets');
    await page.context().close();
  }, 60_000);

  it('values an outcome by a library proxy and overrides the proxy’s value for the partnership', async () => {
    const page = await signIn(emails.admin);
    await page.goto(admin('proxies'));
    await page.getByRole('row', { name: /WELL-1 Improved wellbeing/ }).waitFor();

    const link = page.getByRole('form', { name: 'Value an outcome by a proxy' });
    await link.getByLabel('Outcome', { exact: true }).selectOption({
      label: 'JOBS-26W In work for six months',
    });
    await link.getByLabel('Proxy', { exact: true }).selectOption({
      label: 'WELL-1 Improved wellbeing (illustrative) (per person)',
    });
    await page.getByRole('button', { name: 'Save the valuation' }).click();
    await page.getByText('JOBS-26W is valued by WELL-1 (achieved).').waitFor();

    const form = page.getByRole('form', { name: 'Override a proxy’s value' });
    await form
      .getByLabel('Proxy', { exact: true })
      .selectOption({ label: 'WELL-1 Improved wellbeing (illustrative)' });
    await form.getByLabel('Valid from').fill('2026-04-01');
    await form.getByLabel(/^Value per unit/).fill('1500.25');
    await form.getByLabel(/^Price year/).fill('2025');
    await form.getByLabel(/^Deadweight/).fill('1.5');
    await form.getByRole('button', { name: 'Save the override' }).click();
    await page.locator('#override-deadweight-error').waitFor();
    expect(await form.getByLabel(/^Value per unit/).inputValue()).toBe('1500.25');

    await form.getByLabel(/^Deadweight/).fill('0.2');
    await form.getByRole('button', { name: 'Save the override' }).click();
    await page
      .getByRole('row', { name: /WELL-1 £1,500\.25 \(2025 prices\) 2026-04-01 20\.0%/ })
      .waitFor();
    const saved = await prisma.partnershipProxyOverride.findFirstOrThrow({
      where: { partnershipId: pid },
    });
    expect(saved.valuePerUnit.toFixed(4)).toBe('1500.2500');

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-proxies');
    await page.context().close();
  }, 60_000);

  it('refuses a webhook aimed at 127.0.0.1 beside the URL field, keeping the URL; registers and deactivates a public one', async () => {
    const page = await signIn(emails.admin);
    await page.goto(admin('webhooks'));
    await page.getByRole('heading', { name: 'Register a webhook' }).waitFor();

    const url = page.getByLabel(/^URL/);
    await url.fill('https://127.0.0.1:5432/hooks');
    await page.getByRole('button', { name: 'Register the webhook' }).click();
    await page.locator('#webhook-url-error').waitFor();
    expect(await page.locator('#webhook-url-error').textContent()).toMatch(
      /^must reach a public address/,
    );
    expect(await url.inputValue()).toBe('https://127.0.0.1:5432/hooks');
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'admin-webhooks-refused');
    expect(await seriousViolations(page)).toEqual([]);

    await url.fill('https://93.184.216.34/hooks/outcomes');
    await page.getByLabel(/A profit-share trigger is raised/).check();
    await page.getByRole('button', { name: 'Register the webhook' }).click();
    await page.getByText('Its signing secret, shown this once').waitFor();
    const row = page.getByRole('row', { name: /https:\/\/93\.184\.216\.34\/hooks\/outcomes/ });
    await row.getByRole('cell', { name: 'Active' }).waitFor();
    expect(await row.textContent()).toContain('trigger.raised');

    await row.getByRole('button', { name: /^Deactivate/ }).click();
    await row.getByRole('cell', { name: 'Deactivated' }).waitFor();
    expect((await prisma.webhook.findFirstOrThrow({ where: { partnershipId: pid } })).active).toBe(
      false,
    );

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'admin-webhooks');
    await page.context().close();
  }, 60_000);

  it('gives a board member only the set-up the policy allows it (outcomes and proxies), and a finance user none', async () => {
    const board = await signIn(emails.board);
    await board.goto(`${base}/app/partnerships/${pid}/overview`);
    const sections = board.getByRole('navigation', { name: 'Partnership sections' });
    await sections.getByRole('link', { name: 'Set-up' }).click();
    await board.getByRole('heading', { name: 'Outcomes and targets', level: 1 }).waitFor();
    const pages = board.getByRole('navigation', { name: 'Set-up pages' });
    expect(await pages.getByRole('link').allTextContents()).toEqual([
      'Outcomes and targets',
      'Proxies and overrides',
    ]);
    // Reached by address, the admin-only pages say so rather than offering forms.
    await board.goto(admin('members'));
    await board.getByText('Your roles in this partnership do not include this page.').waitFor();
    expect(await board.getByRole('button', { name: 'Add the member' }).count()).toBe(0);
    await board.goto(admin('webhooks'));
    await board.getByText('Your roles in this partnership do not include this page.').waitFor();
    expect(await seriousViolations(board)).toEqual([]);
    await screenshot(board, 'admin-board-refused');
    await board.context().close();

    const finance = await signIn(emails.finance);
    await finance.goto(`${base}/app/partnerships/${pid}/overview`);
    const nav = finance.getByRole('navigation', { name: 'Partnership sections' });
    await nav.getByRole('link', { name: 'Finance' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Set-up' }).count()).toBe(0);
    await finance.goto(admin(''));
    await finance
      .getByText('Your roles in this partnership do not include setting it up.')
      .waitFor();
    await finance.context().close();
  }, 60_000);
});
