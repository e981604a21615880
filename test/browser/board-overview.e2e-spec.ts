import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import {
  buildOnce,
  startProcess,
  startWorkerProcess,
  waitFor,
  type RunningProcess,
} from '../setup/child-process';
import { readPdf } from '../setup/pdf';
import { createTestApp, truncateAll } from '../setup/test-app';
import { buildWebApp, focused, launchBrowser, screenshot, seriousViolations } from './browser';

const DEMO_PARTNERSHIP = '00000000-0000-4000-8000-00000000d001';
const DEMO_PASSWORD = 'outcomes-ledger-demo';

/**
 * The newcomer's path in a real browser (Debian's Chromium): the demo data as `npm run demo`
 * loads it, the worker producing its reports, the web app served by the API. A board member signs
 * in with the printed details and reads the quarter overview; a provider reads it without the
 * open book. Prints the overview's first contentful paint.
 */
describe('the board overview in a real browser (demo data, API and worker processes)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let browser: Browser;
  let base: string;
  let webRoot: string;
  let worker: RunningProcess;
  let printed = '';

  const signIn = async (page: Page, email: string) => {
    await page.goto(`${base}/app`);
    await page.waitForURL(`${base}/app/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your partnerships' }).waitFor();
  };

  beforeAll(async () => {
    buildOnce();
    webRoot = buildWebApp();
    app = await createTestApp({ WEB_ROOT: webRoot });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    const seed = startProcess('prisma/seed.js', {});
    const { code } = await seed.exited;
    printed = seed.output();
    if (code !== 0) throw new Error(`seed exited ${code}:\n${seed.output().slice(-3000)}`);
    worker = await startWorkerProcess({ RECONCILE_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn' });
    await waitFor(
      async () => {
        const open = await prisma.jobRun.count({
          where: {
            partnershipId: DEMO_PARTNERSHIP,
            kind: 'report',
            status: { in: ['pending', 'running'] },
          },
        });
        const reports = await prisma.report.count({ where: { partnershipId: DEMO_PARTNERSHIP } });
        return open === 0 && reports >= 4 ? true : undefined;
      },
      90_000,
      'the demo reports',
    );
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

  it('signs a board member in and shows the quarter: outcomes with RAG, value, the trend chart, breakdowns and the working', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'board@demo.test');
    await screenshot(page, 'partnerships');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: /Northshire Employment Alliance/ }).click();
    await page
      .getByRole('heading', { name: /Northshire Employment Alliance \(demo\): 2026-27 Q2/ })
      .waitFor();

    await page.getByRole('heading', { name: 'Outcomes against targets' }).waitFor();
    const rags = await page.locator('.rag').allTextContents();
    expect(rags.length).toBeGreaterThan(3);
    expect(rags.every((r) => ['Green', 'Amber', 'Red', 'No data'].includes(r))).toBe(true);
    await page.locator('.chart canvas').first().waitFor();
    await page.getByRole('heading', { name: 'Value by theme, stakeholder and provider' }).waitFor();
    const ratio = await page.locator('dt:has-text("SROI ratio") + dd').textContent();
    expect(ratio).toMatch(/^\d+\.\d{2}:1$/);
    const investment = await page.locator('dt:has-text("Investment") + dd').first().textContent();
    expect(investment).toMatch(/^£[\d,]+/);

    // Drill down from the total to the lines and their working.
    await page.getByRole('button', { name: /^£[\d,]+$/ }).click();
    await page.getByRole('heading', { name: 'How the social value is worked out' }).waitFor();
    expect(await page.locator('#valuation-lines details').count()).toBeGreaterThan(0);
    // The working names outcomes by code, never by id.
    expect(await page.locator('#valuation-lines').textContent()).not.toMatch(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
    );
    await screenshot(page, 'board-overview');
    expect(await seriousViolations(page)).toEqual([]);

    // First contentful paint of the overview, loaded afresh (printed, not asserted).
    const fresh = await context.newPage();
    await fresh.goto(page.url());
    await fresh.getByRole('heading', { name: 'Outcomes against targets' }).waitFor();
    const fcp = await fresh.evaluate<number | null>(
      `(() => { const e = performance.getEntriesByName('first-contentful-paint')[0]; return e ? e.startTime : null; })()`,
    );
    const ready = await fresh.evaluate<number>(`performance.now()`);
    process.stdout.write(
      `board overview: first contentful paint ${fcp === null ? 'n/a' : Math.round(fcp)} ms, overview with data ${Math.round(ready)} ms after navigation\n`,
    );
    await context.close();
  }, 120_000);

  it('takes a newcomer from the address the demo prints, through sign-in, to the board overview', async () => {
    const address = /Open (\S+) and sign in/.exec(printed)?.[1];
    expect(address).toMatch(/\/app\/partnerships\/[0-9a-f-]{36}\/overview$/);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(address!.replace(/^https?:\/\/[^/]+/, base));
    await page.waitForURL(`${base}/app/sign-in`);
    await page.getByLabel('Email').fill('board@demo.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('heading', { name: /Northshire Employment Alliance \(demo\): 2026-27 Q2/ })
      .waitFor();
    await context.close();
  });

  it('renders the board pack of the version on the page and downloads it: the same figures, A4, every page marked', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'board@demo.test');
    await page.goto(`${base}/app/partnerships/${DEMO_PARTNERSHIP}/overview`);
    await page.getByRole('heading', { name: 'Outcomes against targets' }).waitFor();
    const total = (await page.getByRole('button', { name: /^£[\d,]+$/ }).textContent())!;
    const fingerprint = (await page.locator('.meta code').first().textContent())!;

    await page.getByRole('button', { name: 'Board pack (PDF)' }).click();
    const link = page.getByRole('link', { name: 'Download the board pack (PDF)' });
    await link.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const pdf = readPdf(readFileSync(await download.path()));
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(pdf.pageCount).toBeGreaterThan(2);
    expect(pdf.pages).toHaveLength(pdf.pageCount);
    for (const text of pdf.pages) {
      expect(text).toContain('Northshire Employment Alliance (demo)');
      expect(text).toContain(fingerprint);
    }
    // The page's headline social value is the pack's: the version's present value, in whole
    // pounds on the page and with pence in the pack.
    const pv = await page.evaluate(
      (url) =>
        fetch(url)
          .then((r) => r.json())
          .then(
            (r: { figures: { totals: { presentValue: string } } }) => r.figures.totals.presentValue,
          ),
      `/v1/partnerships/${DEMO_PARTNERSHIP}/reports/current?scope=quarter&quarter=2026-27%20Q2`,
    );
    const [pounds, pence = '00'] = pv.split('.');
    const grouped = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    expect(pdf.text).toContain(`${grouped(pounds)}.${pence.padEnd(2, '0').slice(0, 2)}`);
    const rounded = BigInt(pounds) + (Number(pence.padEnd(2, '0').slice(0, 2)) >= 50 ? 1n : 0n);
    expect(total).toBe(`£${grouped(rounded.toString())}`);
    process.stdout.write(`board pack: ${pdf.pageCount} pages\n`);
    await context.close();
  }, 120_000);

  it('is usable by keyboard alone: the skip link, the quarter picker and the drill-down', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'board@demo.test');
    await page.goto(`${base}/app/partnerships/${DEMO_PARTNERSHIP}/overview`);
    await page.getByRole('heading', { name: 'Outcomes against targets' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:Skip to content');
    // Tab to the quarter picker and choose the quarter before with the arrow keys.
    for (let i = 0; i < 10 && !(await focused(page)).startsWith('select:'); i++)
      await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('select:Quarter');
    await page.keyboard.press('ArrowUp');
    await page.getByRole('heading', { name: /2026-27 Q1/ }).waitFor();
    for (let i = 0; i < 10 && !(await focused(page)).startsWith('button:£'); i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'How the social value is worked out' }).waitFor();
    await context.close();
  }, 60_000);

  it('shows a provider the quarter without the open book', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'provider@demo.test');
    await page.goto(`${base}/app/partnerships/${DEMO_PARTNERSHIP}/overview`);
    await page.getByRole('heading', { name: 'Outcomes against targets' }).waitFor();
    expect(await page.locator('dt:has-text("Investment") + dd').first().textContent()).toBe(
      'Withheld',
    );
    await screenshot(page, 'provider-overview');
    await context.close();
  }, 60_000);

  it('lets an auditor read the quarter and the open book, and offers no action', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, 'auditor@demo.test');
    await page.goto(`${base}/app/partnerships/${DEMO_PARTNERSHIP}/overview`);
    await page.getByRole('heading', { name: 'Outcomes against targets' }).waitFor();
    // The open book is the auditor's to read: the investment is shown, not withheld.
    expect(await page.locator('dt:has-text("Investment") + dd').first().textContent()).toMatch(
      /^£[\d,]+/,
    );
    const sections = page.getByRole('navigation', { name: 'Partnership sections' });
    expect(await sections.getByRole('link').allTextContents()).toEqual(['Overview', 'Finance']);
    await sections.getByRole('link', { name: 'Finance' }).click();
    await page.waitForURL(/\/finance\//);
    await page.goto(`${base}/app/partnerships/${DEMO_PARTNERSHIP}/finance/triggers`);
    await page.getByRole('heading', { name: /: triggers$/ }).waitFor();
    await page
      .getByText(/Acorn Employment CIC/)
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: /^(Acknowledge|Settle)$/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'auditor-triggers');
    await context.close();
  }, 60_000);
});
