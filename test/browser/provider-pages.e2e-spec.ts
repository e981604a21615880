import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildOnce, startWorkerProcess, type RunningProcess } from '../setup/child-process';
import { createTestApp, truncateAll } from '../setup/test-app';
import { buildWebApp, focused, launchBrowser, screenshot, seriousViolations } from './browser';
import { apiCall, providersPartnership, signIn, type Person } from './provider-fixtures';

const HEADER = 'outcome_code,activity_date,quantity,external_ref,evidence_ref,evidence_grade';

/**
 * The provider's pages in a real browser (Debian's Chromium), the API serving the web app and the
 * worker process moving imports: what is due, logging a record (a refusal shown beside its field,
 * the typing kept), a CSV refused then imported with its progress, correcting a record, a dispute
 * raised by a verifier and answered; by keyboard; axe on every page; another provider sees none of it.
 */
describe('the provider pages in a real browser (API and worker processes)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let browser: Browser;
  let worker: RunningProcess;
  let base: string;
  let webRoot: string;
  let data: Awaited<ReturnType<typeof providersPartnership>>;
  let provider: BrowserContext;
  let page: Page;
  const today = new Date().toISOString().slice(0, 10);
  const delivery = (path = '') => `${base}/app/partnerships/${data.partnershipId}/delivery${path}`;

  const call = (who: Person, method: string, path: string, body?: unknown) =>
    apiCall(`${base}/v1/partnerships/${data.partnershipId}${path}`, who, method, body);
  const axeClean = async (p: Page) => expect(await seriousViolations(p)).toEqual([]);

  beforeAll(async () => {
    buildOnce();
    webRoot = buildWebApp();
    app = await createTestApp({ WEB_ROOT: webRoot });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    data = await providersPartnership(prisma, today);
    worker = await startWorkerProcess({ LOG_LEVEL: 'warn' });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    expect((await call(data.providerB, 'POST', '/delivery-records', data.recordOfB)).status).toBe(
      201,
    );
    browser = await launchBrowser();
    provider = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await provider.newPage();
    await signIn(page, base, data.providerA.email);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (worker?.child.exitCode === null) worker.child.kill('SIGKILL');
    await worker?.exited;
    await app?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  it('shows the provider what is due this quarter and which outcomes still owe data', async () => {
    await page.getByRole('link', { name: 'Riverside Skills Alliance' }).click();
    await page.getByRole('navigation', { name: 'Partnership sections' }).waitFor();
    await page.getByRole('link', { name: 'Delivery' }).click();
    await page.getByRole('heading', { name: /^What is due: \d{4}-\d{2} Q\d$/ }).waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain('2 of 2 outcome(s) still owe data: HOUSING, JOBS');
    // A's own organisation only: B's name and record are not there.
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toHaveLength(1);
    expect(text).not.toContain('Brookside');
    await screenshot(page, 'provider-due');
    await axeClean(page);
  }, 60_000);

  it('logs a record in the form: the API’s refusal beside its field, the typing kept, then the stored record', async () => {
    await page
      .getByRole('navigation', { name: 'Delivery pages' })
      .getByRole('link', { name: 'Log a record' })
      .click();
    await page.getByRole('heading', { name: 'Log a delivery record' }).waitFor();
    // One provider organisation: no choice of provider.
    expect(await page.locator('#providerOrganisationId').count()).toBe(0);
    await page.getByLabel('Outcome').selectOption({ label: 'JOBS Into work (people)' });
    await page.getByLabel('Quantity').fill('3');
    await page.getByLabel('Activity date').fill('2020-01-01');
    await page.getByLabel('Your reference').fill('web-1');
    await page.getByLabel('Evidence reference (optional)').fill('CASE-41');
    await page.getByLabel('Evidence grade').selectOption('documented');
    await page.getByRole('button', { name: 'Store the record' }).click();

    await page.locator('#activityDate-error').waitFor();
    expect(await page.locator('#activityDate-error').textContent()).toMatch(
      /before|term|partnership/i,
    );
    expect(await page.getByLabel('Activity date').getAttribute('aria-invalid')).toBe('true');
    expect(await focused(page)).toBe('input:Activity date');
    expect(await page.getByLabel('Quantity').inputValue()).toBe('3');
    expect(await page.getByLabel('Activity date').inputValue()).toBe('2020-01-01');
    expect(await page.getByLabel('Your reference').inputValue()).toBe('web-1');
    expect(await page.getByLabel('Evidence reference (optional)').inputValue()).toBe('CASE-41');
    expect(await page.getByLabel('Evidence grade').inputValue()).toBe('documented');
    await screenshot(page, 'provider-log-refused');
    await axeClean(page);

    await page.getByLabel('Activity date').fill(today);
    await page.getByRole('button', { name: 'Store the record' }).click();
    await page.getByRole('heading', { name: /^Record \d+ stored$/ }).waitFor();
    const facts = await page.locator('dl.facts').textContent();
    expect(facts).toContain('JOBS Into work');
    expect(facts).toContain('web-1');
    expect(facts).toContain('Documented');
    await screenshot(page, 'provider-log-stored');
    await axeClean(page);
    expect(
      await prisma.deliveryRecord.count({
        where: { partnershipId: data.partnershipId, externalRef: 'web-1' },
      }),
    ).toBe(1);
  }, 60_000);

  it('logs a record by keyboard alone: Tab through the form, Enter to send, focus on the refusal, then on the result', async () => {
    const p = await provider.newPage();
    await p.goto(delivery('/new'));
    await p.getByRole('heading', { name: 'Log a delivery record' }).waitFor();
    await p.keyboard.press('Tab');
    expect(await focused(p)).toBe('a:Skip to content');
    for (let i = 0; i < 15 && (await focused(p)) !== 'select:Outcome'; i++)
      await p.keyboard.press('Tab');
    expect(await focused(p)).toBe('select:Outcome');
    await p.keyboard.press('ArrowDown'); // the first outcome
    await p.keyboard.press('Tab');
    expect(await focused(p)).toBe('input:Quantity');
    await p.keyboard.type('2');
    await p.keyboard.press('Tab');
    expect(await focused(p)).toBe('input:Activity date');
    await p.keyboard.type(today);
    await p.keyboard.press('Tab');
    expect(await focused(p)).toBe('input:Your reference');
    // Left empty: the API refuses, focus comes back to it.
    await p.keyboard.press('Tab');
    expect(await focused(p)).toBe('input:Evidence reference (optional)');
    await p.keyboard.press('Tab');
    expect(await focused(p)).toBe('select:Evidence grade');
    await p.keyboard.press('Tab');
    expect(await focused(p)).toBe('button:Store the record');
    await p.keyboard.press('Enter');
    await p.locator('#externalRef-error').waitFor();
    expect(await focused(p)).toBe('input:Your reference');
    expect(await p.getByLabel('Quantity').inputValue()).toBe('2');
    await p.keyboard.type('web-keyboard-1');
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { name: /^Record \d+ stored$/ }).waitFor();
    expect(await focused(p)).toMatch(/^h1:Record \d+ stored$/);
    await p.close();
  }, 60_000);

  it('uploads a CSV: a refused file lists its row errors against row numbers and keeps the file; a good one shows its progress to done', async () => {
    await page.goto(delivery('/imports'));
    await page.getByRole('heading', { name: 'Upload a CSV of delivery records' }).waitFor();
    await axeClean(page);
    const bad = [
      HEADER,
      `JOBS,${today},1,csv-1,,`,
      `JOBS,${today},-4,csv-2,,`,
      `NOPE,${today},1,csv-3,,`,
    ];
    await page.getByLabel('CSV file').setInputFiles({
      name: 'riverside-bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad.join('\n')),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    const table = page.locator('table.row-errors');
    await table.waitFor();
    expect(await table.locator('caption').textContent()).toContain(
      'What to fix in riverside-bad.csv: 2 problem(s)',
    );
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^2quantity-4/);
    expect(rows[1]).toMatch(/^3outcome_codeNOPE/);
    expect(
      await page.getByRole('heading', { name: 'riverside-bad.csv was not imported' }).count(),
    ).toBe(1);
    // The chosen file stays chosen, to be fixed and sent again.
    expect(await page.evaluate<string>(`document.querySelector('#file').files[0].name`)).toBe(
      'riverside-bad.csv',
    );
    await screenshot(page, 'provider-upload-refused');
    await axeClean(page);

    const good = [HEADER, `JOBS,${today},1,csv-1,EV-1,documented`, `HOUSING,${today},2,csv-2,,`];
    await page.getByLabel('CSV file').setInputFiles({
      name: 'riverside-good.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(good.join('\n')),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByLabel('Import progress of riverside-good.csv').waitFor();
    await page.locator('progress#import-progress[value="100"]').waitFor({ timeout: 30_000 });
    await page.getByRole('status').filter({ hasText: 'Done (100%): 2 record(s) added' }).waitFor();
    expect(await page.locator('table.row-errors').count()).toBe(0);
    await screenshot(page, 'provider-upload-done');
    await axeClean(page);

    // Both uploads are listed; the refused one still says what to fix.
    const recent = page.getByRole('region', { name: 'Recent uploads' });
    await recent.getByRole('row', { name: /riverside-good\.csv.*Done/ }).waitFor();
    await recent.getByRole('button', { name: /2 problem\(s\) in riverside-bad\.csv/ }).click();
    const again = recent.locator('table.row-errors tbody tr');
    await again.first().waitFor();
    expect(await again.allTextContents()).toEqual(rows);
    await axeClean(page);
  }, 60_000);

  it('lists the provider’s own records a page at a time and corrects one (amend)', async () => {
    await page.goto(delivery('/records'));
    await page.getByRole('heading', { name: 'Delivery records' }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    const rows = await page.locator('table tbody tr').allTextContents();
    expect(rows).toHaveLength(4); // form, keyboard, two imported; never B's
    expect(rows.join(' ')).not.toContain('brookside-secret-1');
    await screenshot(page, 'provider-records');
    await axeClean(page);

    const web1 = await prisma.deliveryRecord.findFirstOrThrow({ where: { externalRef: 'web-1' } });
    await page.getByRole('link', { name: `Record ${web1.id}` }).click();
    await page.getByRole('heading', { name: `Record ${web1.id}: Claimed` }).waitFor();
    await axeClean(page);
    await page.getByLabel('Corrected quantity').fill('4');
    await page.getByRole('button', { name: 'Amend the record' }).click();
    // The reason is required: the API says so beside it, the new quantity stays.
    await page.locator('#reason-error').waitFor();
    expect(await focused(page)).toBe('textarea:Reason for the correction');
    expect(await page.getByLabel('Corrected quantity').inputValue()).toBe('4');
    await page.getByLabel('Reason for the correction').fill('Four people started, not three');
    await page.getByRole('button', { name: 'Amend the record' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'amended as record' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      new RegExp(`^Record ${web1.id} reversed \\(record \\d+\\) and amended as record \\d+\\.$`),
    );
    await page.getByRole('heading', { name: 'Corrections' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Correct this record' }).count()).toBe(0);
    await screenshot(page, 'provider-record-corrected');
    await axeClean(page);
    const amendment = await prisma.deliveryRecord.findFirstOrThrow({
      where: { correctsId: web1.id, kind: 'amendment' },
    });
    expect(amendment.quantity.toString()).toBe('4');
  }, 60_000);

  it('lets a verifier dispute a record on its page, and the provider answer the dispute', async () => {
    const record = await prisma.deliveryRecord.findFirstOrThrow({
      where: { externalRef: 'csv-2' },
    });
    const verifier = await browser.newContext();
    const v = await verifier.newPage();
    await signIn(v, base, data.verifier.email);
    await v.goto(delivery(`/records/${record.id}`));
    await v.getByRole('heading', { name: `Record ${record.id}: Claimed` }).waitFor();
    expect(await v.getByRole('heading', { name: 'Correct this record' }).count()).toBe(0);
    await v.getByLabel('Dispute: the provider is asked to answer').check();
    await v.getByLabel('Reason').fill('No tenancy agreement on file for this household');
    await v.getByRole('button', { name: 'Save the review' }).click();
    await v.getByRole('heading', { name: `Record ${record.id}: Disputed` }).waitFor();
    await screenshot(v, 'provider-record-verifier');
    await axeClean(v);

    await page.goto(delivery('/records?status=disputed'));
    await page.getByRole('link', { name: `Record ${record.id}` }).click();
    await page.getByRole('heading', { name: 'Answer the dispute' }).waitFor();
    expect(await page.locator('blockquote').textContent()).toContain(
      'No tenancy agreement on file',
    );
    await axeClean(page);
    await page
      .getByLabel('Your answer')
      .fill('The agreement is on the case file, uploaded as EV-2');
    await page.getByRole('button', { name: 'Send the answer' }).click();
    await page.getByRole('status').filter({ hasText: 'Your answer was sent' }).waitFor();
    await page.getByText(/Answered by the provider.*uploaded as EV-2/).waitFor();
    expect(await page.getByRole('heading', { name: 'Answer the dispute' }).count()).toBe(0);
    await screenshot(page, 'provider-dispute-answered');
    await axeClean(page);

    // The verifier reads the answer and accepts the claim: the record is verified.
    await v.reload();
    await v.getByText(/Answered by the provider.*uploaded as EV-2/).waitFor();
    await v.getByLabel('Accept the claim: the record becomes verified').check();
    await v.getByLabel('Reason').fill('Agreement seen on the case file');
    await v.getByRole('button', { name: 'Resolve' }).click();
    await v.getByRole('heading', { name: `Record ${record.id}: Verified` }).waitFor();
    await verifier.close();
  }, 90_000);

  it('pages through the records 25 at a time', async () => {
    const records = Array.from({ length: 25 }, (_, i) => ({
      outcomeId: data.jobs,
      activityDate: today,
      quantity: '1',
      externalRef: `batch-${i + 1}`,
    }));
    expect(
      (await call(data.providerA, 'POST', '/delivery-records/batch', { records })).status,
    ).toBe(201);
    await page.goto(delivery('/records'));
    await page.locator('table tbody tr').first().waitFor();
    expect(await page.locator('table tbody tr').count()).toBe(25);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.locator('caption', { hasText: 'page 2' }).waitFor();
    // Six before the batch (two logged, two imported, a reversal and an amendment): 31 in all.
    expect(await page.locator('table tbody tr').count()).toBe(6);
    expect(await page.getByRole('button', { name: 'Next page' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.locator('caption', { hasText: /^Records\s*$/ }).waitFor();
    expect(await page.locator('table tbody tr').count()).toBe(25);
  }, 60_000);

  it('shows another provider none of these records (list, record, what is due); only an admin chooses the provider', async () => {
    const other = await browser.newContext();
    const b = await other.newPage();
    await signIn(b, base, data.providerB.email);
    await b.goto(delivery('/records'));
    await b.locator('table tbody tr').first().waitFor();
    const rows = await b.locator('table tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('brookside-secret-1');
    const web1 = await prisma.deliveryRecord.findFirstOrThrow({ where: { externalRef: 'web-1' } });
    await b.goto(delivery(`/records/${web1.id}`));
    expect(await b.getByRole('alert').textContent()).toBe('No such record here.');
    await b.goto(delivery());
    await b.getByRole('heading', { name: /^What is due/ }).waitFor();
    await b.getByRole('heading', { name: 'Brookside Housing Trust' }).waitFor();
    expect(await b.locator('main').textContent()).not.toContain('Riverside');
    await other.close();

    // A partnership admin logs for any provider member: the choice lists them all.
    const admin = await browser.newContext();
    const c = await admin.newPage();
    await signIn(c, base, data.admin.email);
    await c.goto(delivery('/new'));
    await c.getByLabel('Provider organisation').waitFor();
    const options = await c.getByLabel('Provider organisation').locator('option').allTextContents();
    expect(options.slice(1).sort()).toEqual(
      ['Brookside Housing Trust', 'Canalside Training CIC', await orgName(data.orgA)].sort(),
    );
    await axeClean(c);
    await admin.close();
  }, 60_000);

  const orgName = async (id: string) =>
    (await prisma.organisation.findUniqueOrThrow({ where: { id } })).name;
});
