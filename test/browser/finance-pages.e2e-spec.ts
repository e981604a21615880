import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import request from 'supertest';
import { buildOnce, startWorkerProcess, type RunningProcess } from '../setup/child-process';
import { createTestApp, truncateAll } from '../setup/test-app';
import { buildWebApp, focused, launchBrowser, screenshot, seriousViolations } from './browser';
import {
  buildFinancePartnership,
  NAMES as names,
  PASSWORD,
  type Person as User,
} from './finance-data';

/**
 * The finance pages in a real browser (Debian's Chromium), on data built through the API with a
 * real worker evaluating the share rules: two providers each under an 8%-on-cost
 * reasonable-surplus rule (early warning at 80%), one crossing in its second quarter and one in
 * its first, and a third provider with no rule for the return form. Two finance users act on
 * the triggers: one acknowledges, the other settles (the partnership separates the duties).
 */
describe('the finance pages in a real browser (API and worker processes)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let browser: Browser;
  let base: string;
  let webRoot: string;
  let worker: RunningProcess;
  let pid: string;
  let finance: User;
  let finance2: User;
  let providerA: User;
  let providerC: User;
  let board: User;

  const signIn = async (context: BrowserContext, user: User): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${base}/app/sign-in`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your partnerships' }).waitFor();
    return page;
  };
  const trigger = (page: Page, provider: string): Locator =>
    page.locator('article.trigger', { hasText: `${provider}: trigger` });
  const tabTo = async (page: Page, target: string) => {
    for (let i = 0; i < 40 && (await focused(page)) !== target; i++)
      await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(target);
  };

  beforeAll(async () => {
    buildOnce();
    webRoot = buildWebApp();
    app = await createTestApp({ WEB_ROOT: webRoot });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    worker = await startWorkerProcess({ RECONCILE_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn' });
    ({ pid, finance, finance2, providerA, providerC, board } = await buildFinancePartnership(
      prisma,
      http,
    ));
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (worker?.child.exitCode === null) worker.child.kill('SIGKILL');
    await worker?.exited;
    await app?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  it('submits a return: a refusal shows the reason next to its field and keeps the typing, then a good one is listed for review', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, finance);
    await page.getByRole('link', { name: 'Finance pages alliance' }).click();
    await page.getByRole('link', { name: 'Finance', exact: true }).click();
    await page.waitForURL(`${base}/app/partnerships/${pid}/finance/returns`);
    await page.getByRole('heading', { name: 'Submit a financial return' }).waitFor();
    await page.getByRole('cell', { name: '2026-27 Q2' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-returns');

    // Before the partnership began: the API's 422 beside the quarter, everything typed kept.
    await page.getByLabel('Provider').selectOption({ label: names.c });
    await page.getByLabel('Quarter').fill('2025-26 Q4');
    await page.getByLabel('Revenue (£)').fill('50000.00');
    await page.getByLabel('Line 1: description (optional)').fill('Employment coaches');
    await page.getByLabel('Line 1: amount (£)').fill('42000.00');
    await page.getByRole('button', { name: 'Add a cost line' }).click();
    await page.getByLabel('Line 2: category').selectOption('overhead');
    await page.getByLabel('Line 2: amount (£)').fill('3000.00');
    await page.getByRole('button', { name: 'Submit the return' }).click();
    await page.locator('#period-error').waitFor();
    expect(await page.locator('#period-error').textContent()).toContain(
      "is outside the partnership's dates",
    );
    expect(await page.getByLabel('Quarter').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Quarter').inputValue()).toBe('2025-26 Q4');
    expect(await page.getByLabel('Revenue (£)').inputValue()).toBe('50000.00');
    expect(await page.getByLabel('Line 1: description (optional)').inputValue()).toBe(
      'Employment coaches',
    );
    expect(await page.getByLabel('Line 2: amount (£)').inputValue()).toBe('3000.00');
    expect(await page.getByLabel('Line 2: category').inputValue()).toBe('overhead');
    expect(await page.getByLabel('Provider').inputValue()).not.toBe('');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-return-refused');

    await page.getByLabel('Quarter').fill('2026-27 Q2');
    await page.getByRole('button', { name: 'Submit the return' }).click();
    await page.getByRole('status').filter({ hasText: 'Return stored' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain(
      `${names.c}, 2026-27 Q2, revision 1 (submitted)`,
    );
    const row = page.getByRole('row').filter({ hasText: names.c });
    expect(await row.textContent()).toContain('£45,000.00');
    // Its submitter does not review it.
    expect(await row.textContent()).toContain('You submitted it');
    await context.close();

    // A second finance user queries it.
    const other = await browser.newContext();
    const page2 = await signIn(other, finance2);
    await page2.goto(`${base}/app/partnerships/${pid}/finance/returns`);
    const row2 = page2.getByRole('row').filter({ hasText: names.c });
    await row2.getByRole('button', { name: 'Query' }).waitFor();
    await row2.getByLabel(/Question or reason/).fill('Which invoices make up the overhead line?');
    await row2.getByRole('button', { name: 'Query' }).click();
    await row2.locator('.status-queried').waitFor();
    expect(await row2.textContent()).toContain('Which invoices make up the overhead line?');
    await other.close();
  }, 90_000);

  it('shows each provider’s surplus against the reasonable surplus and the warning level, as a chart and a table', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, finance);
    await page.goto(`${base}/app/partnerships/${pid}/finance/surplus`);
    const northside = page.getByRole('region', { name: names.a });
    await northside.locator('.chart canvas').first().waitFor();
    expect(await northside.textContent()).toContain(
      'Rule: Northside margin share; early warning at 80.0% of the reasonable surplus',
    );
    // The table gives the chart's figures as text: Q1 below the warning level, Q2 above.
    const rows = northside.locator('table:not(.u-legend) tbody tr');
    expect(await rows.count()).toBe(2);
    const q1 = await rows.nth(0).locator('th, td').allTextContents();
    expect(q1).toEqual([
      '2026-27 to 2026-06-30',
      '£105,000.00',
      '£100,000.00',
      '£5,000.00',
      '5.0% (reasonable: 8.0%)',
      '£6,400.00',
      '£8,000.00',
      '−£3,000.00',
      'Below the warning level',
    ]);
    const q2 = await rows.nth(1).locator('th, td').allTextContents();
    expect(q2).toEqual([
      '2026-27 to 2026-09-30',
      '£245,500.00',
      '£200,000.00',
      '£45,500.00',
      '22.8% (reasonable: 8.0%)',
      '£12,800.00',
      '£16,000.00',
      '£29,500.00',
      'Above the reasonable surplus',
    ]);
    const chart = northside.getByRole('img');
    expect(await chart.getAttribute('aria-label')).toContain('warning level £6,400');
    const eastfield = page.getByRole('region', { name: names.b });
    await eastfield.locator('.chart canvas').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-surplus');
    await context.close();
  }, 60_000);

  it('has a trigger acknowledged by one finance user and settled by another; the acknowledger’s own settling is refused with the API’s reason', async () => {
    const first = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(first, finance);
    await page.goto(`${base}/app/partnerships/${pid}/finance/triggers`);
    const card = trigger(page, names.a);
    await card.getByLabel('Acknowledgement note').waitFor();
    expect(await card.textContent()).toContain('£14,750.00');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-triggers');

    await card.getByLabel('Acknowledgement note').fill('Checked against the accounts');
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await card.locator('.status-acknowledged').waitFor();
    expect(await card.textContent()).toContain('Acknowledged by you');
    expect(await card.textContent()).toContain('someone else settles it');
    await card.getByLabel('Settlement note').fill('Paid it myself');
    await card.getByRole('button', { name: 'Settle' }).click();
    const refusal = card.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Cannot settle the trigger: .+/);
    expect(await card.getByLabel('Settlement note').inputValue()).toBe('Paid it myself');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-trigger-refused');

    const second = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page2 = await signIn(second, finance2);
    await page2.goto(`${base}/app/partnerships/${pid}/finance/triggers`);
    const card2 = trigger(page2, names.a);
    await card2.getByLabel('Settlement note').fill('Council share paid');
    await card2.getByLabel('Payment reference (optional: the note)').fill('BACS 2026-118');
    await card2.getByRole('button', { name: 'Settle' }).click();
    await card2.locator('.status-settled').waitFor();
    expect(await card2.textContent()).toContain('Settled by you');
    expect(await card2.textContent()).toContain('Acknowledged by another user');
    await screenshot(page2, 'finance-trigger-settled');

    await page.reload();
    await trigger(page, names.a).locator('.status-settled').waitFor();
    expect(await trigger(page, names.a).textContent()).toContain('Settled by another user');
    await first.close();
    await second.close();
  }, 90_000);

  it('takes a trigger from open to settled by keyboard alone, filtering by status', async () => {
    const first = await browser.newContext();
    const page = await signIn(first, finance2);
    await page.goto(`${base}/app/partnerships/${pid}/finance/triggers`);
    await trigger(page, names.a).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:Skip to content');
    await tabTo(page, 'select:Status');
    await page.keyboard.press('ArrowDown');
    // The settled one leaves the list; the open one stays.
    await trigger(page, names.a).waitFor({ state: 'detached' });
    await trigger(page, names.b).waitFor();
    await tabTo(page, 'textarea:Acknowledgement note');
    await page.keyboard.type('Checked by keyboard');
    await tabTo(page, 'button:Acknowledge');
    await page.keyboard.press('Enter');
    // Acknowledged: said so, and it leaves the open list.
    await page
      .getByRole('status')
      .filter({ hasText: `${names.b}: trigger 1 acknowledged.` })
      .waitFor();
    await page.getByText('No triggers match.').waitFor();

    const second = await browser.newContext();
    const page2 = await signIn(second, finance);
    await page2.goto(`${base}/app/partnerships/${pid}/finance/triggers`);
    await trigger(page2, names.b).getByLabel('Settlement note').waitFor();
    await tabTo(page2, 'textarea:Settlement note');
    await page2.keyboard.type('Paid by keyboard');
    await tabTo(page2, 'button:Settle');
    await page2.keyboard.press('Enter');
    await trigger(page2, names.b).locator('.status-settled').waitFor();
    expect(await seriousViolations(page2)).toEqual([]);
    await first.close();
    await second.close();
  }, 90_000);

  it('lets a provider answer finance’s query about its return', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, providerC);
    await page.goto(`${base}/app/partnerships/${pid}/finance/returns`);
    const row = page.getByRole('row').filter({ hasText: names.c });
    await row.locator('.status-queried').waitFor();
    expect(await row.textContent()).toContain('Which invoices make up the overhead line?');
    await row.getByLabel(/Your answer/).fill('Invoices 2026-118 to 2026-131');
    await row.getByRole('button', { name: 'Answer' }).click();
    await row.locator('.status-resubmitted').waitFor();
    expect(await row.textContent()).toContain('Invoices 2026-118 to 2026-131');
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('gives a provider its own returns and triggers to read, and the board no finance actions', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, providerA);
    await page.goto(`${base}/app/partnerships/${pid}/finance/returns`);
    await page.getByRole('heading', { name: 'Submit a financial return' }).waitFor();
    const options = await page.getByLabel('Provider').locator('option').allTextContents();
    expect(options).toEqual([names.a]);
    await page.getByRole('cell', { name: '2026-27 Q2' }).waitFor();
    expect(await page.locator('tbody').textContent()).not.toContain(names.b);
    expect(await page.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'finance-returns-provider');
    await page.getByRole('link', { name: 'Triggers' }).click();
    await trigger(page, names.a).waitFor();
    expect(await trigger(page, names.b).count()).toBe(0);
    expect(await page.locator('form.trigger-action').count()).toBe(0);
    // Its own position, worked from its own evaluations (the rules are not the provider's to read).
    await page.getByRole('link', { name: 'Reasonable surplus' }).click();
    await page.getByRole('region', { name: names.a }).locator('.chart canvas').first().waitFor();
    expect(await page.getByRole('region', { name: names.b }).count()).toBe(0);
    expect(await page.getByRole('region', { name: names.a }).textContent()).toContain(
      'early warning at 80.0% of the reasonable surplus',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();

    const boardContext = await browser.newContext();
    const boardPage = await signIn(boardContext, board);
    await boardPage.goto(`${base}/app/partnerships/${pid}/finance`);
    await boardPage.waitForURL(/finance\/returns$/);
    await boardPage.getByRole('cell', { name: '2026-27 Q2' }).first().waitFor();
    expect(
      await boardPage.getByRole('heading', { name: 'Submit a financial return' }).count(),
    ).toBe(0);
    await boardPage.getByRole('link', { name: 'Triggers' }).click();
    await trigger(boardPage, names.a).waitFor();
    expect(await boardPage.locator('form.trigger-action').count()).toBe(0);
    await boardContext.close();
  }, 60_000);
});
