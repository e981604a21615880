import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { createTestApp } from '../setup/test-app';
import { buildWebApp, focused, launchBrowser, screenshot, seriousViolations } from './browser';

describe('the sign-in page in a real browser', () => {
  let app: NestFastifyApplication;
  let browser: Browser;
  let base: string;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = buildWebApp();
    app = await createTestApp({ WEB_ROOT: webRoot });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('sends a visitor with no session to sign in, with an accessible form reachable by keyboard', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/app`);
    await page.waitForURL(`${base}/app/sign-in`);
    await page.getByRole('heading', { name: 'Sign in to Outcomes Ledger' }).waitFor();
    await screenshot(page, 'sign-in');
    expect(await seriousViolations(page)).toEqual([]);

    // Keyboard only: the skip link first, then the brand, then the form in reading order.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:Skip to content');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input:Email');
    await page.keyboard.type('nobody@example.test');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input:Password');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Sign in');
    await page.close();
  });
});
