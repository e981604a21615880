import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { PrismaService } from '@ol/persistence';
import { randomBytes } from 'node:crypto';
import { hashToken } from '../../apps/api/src/common/auth/session-cookie';
import { createUserWithKey } from '../factories';
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
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
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

  it('sets a new password from a reset link, keeping what was typed and showing the API’s reasons next to the field, then signs in with it', async () => {
    const prisma = app.get(PrismaService);
    const user = await createUserWithKey(prisma);
    const email = (await prisma.user.findUniqueOrThrow({ where: { id: user.userId } })).email;
    const token = randomBytes(32).toString('base64url');
    await prisma.passwordResetToken.create({
      data: {
        userId: user.userId,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + 30 * 60_000),
      },
    });
    const page = await browser.newPage();
    await page.goto(`${base}/app/reset-password#token=${token}`);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Too short: the API's reason beside the field, the typing kept.
    await page.getByLabel('New password (at least 12 characters)').fill('short');
    await page.getByLabel('The same password again').fill('short');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.locator('#password-error').waitFor();
    expect(await page.locator('#password-error').textContent()).toMatch(/12/);
    expect(await page.getByLabel('New password (at least 12 characters)').inputValue()).toBe(
      'short',
    );
    await screenshot(page, 'reset-password-refused');

    const chosen = 'a long enough new password';
    await page.getByLabel('New password (at least 12 characters)').fill(chosen);
    await page.getByLabel('The same password again').fill(chosen);
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByRole('heading', { name: 'Your password is set' }).waitFor();

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(chosen);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your partnerships' }).waitFor();
    await page.close();
  });

  it('asks for a reset link by email and answers the same for any address', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/app/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill('nobody@example.test');
    await page.getByRole('button', { name: 'Send the link' }).click();
    expect(await page.getByRole('status').textContent()).toContain(
      'If an account has the address nobody@example.test',
    );
    await screenshot(page, 'forgot-password');
    await page.close();
  });
});
