import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { buildWebApp } from '../browser/browser';
import { createTestApp } from '../setup/test-app';

describe('the web app on the API origin', () => {
  let app: NestFastifyApplication;
  let webRoot: string;

  beforeAll(async () => {
    webRoot = buildWebApp();
    app = await createTestApp({ WEB_ROOT: webRoot });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('answers / and every page under /app/ with the app’s index.html', async () => {
    for (const path of [
      '/',
      '/app',
      '/app/sign-in',
      '/app/partnerships/6d0c3b5e-0000-4000-8000-000000000001/overview',
    ]) {
      const res = await request(app.getHttpServer()).get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="root"></div>');
    }
  });

  it('serves the hashed assets with a year’s caching', async () => {
    const [script] = readdirSync(join(webRoot, 'assets')).filter((f) => f.endsWith('.js'));
    const res = await request(app.getHttpServer()).get(`/assets/${script}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves the API’s own answers alone: unknown API routes and files are problem details', async () => {
    for (const path of ['/v1/no-such-route', '/assets/missing.js', '/nothing-here']) {
      const res = await request(app.getHttpServer()).get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
  });

  it('serves no web app when WEB_ROOT has none (an API-only process)', async () => {
    const apiOnly = await createTestApp({ WEB_ROOT: join(webRoot, 'missing') });
    try {
      const res = await request(apiOnly.getHttpServer()).get('/app').expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await apiOnly.close();
    }
  });
});
