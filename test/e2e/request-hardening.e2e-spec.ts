import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService, stableStringify } from '@ol/persistence';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { createProviderPartnership, createUserWithKey } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

const PROBLEM = /application\/problem\+json/;
const CSV_ROUTES = [
  '/v1/proxies/import',
  '/v1/partnerships/{partnershipId}/delivery-imports',
  '/v1/index-series/{seriesId}/values',
  '/v1/partnerships/{partnershipId}/holidays/import',
];

/** Rows written anywhere: every write records an audit event, and keys are stored by their own. */
async function writes(prisma: PrismaService): Promise<string> {
  const [row] = await prisma.$queryRaw<{ n: string }[]>`
    SELECT ((SELECT count(*) FROM audit_events) + (SELECT count(*) FROM idempotency_keys)
            + (SELECT count(*) FROM organisations) + (SELECT count(*) FROM partnerships))::text AS n`;
  return row.n;
}

/**
 * One request must never take the API down: bodies in media types a route does not read get 415
 * before they are read, malformed input gets a 4xx naming the field, and Idempotency-Key replays
 * are exact (first status, concurrent duplicates wait, no secret kept).
 */
describe('request hardening (HTTP, real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;
  let provider: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;
  let outcomeId: string;
  let routes: { method: string; path: string }[];

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    admin = await createUserWithKey(prisma, { admin: true });
    provider = await createUserWithKey(prisma);
    ({ partnershipId: pid, outcomeId } = await createProviderPartnership(prisma, {
      name: 'Hardening',
      startDate: '2025-04-01',
      endDate: '2030-03-31',
      providerUserId: provider.userId,
    }));
    const docs = await http.get('/docs-json').expect(200);
    routes = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) =>
        Object.keys(ops)
          .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
          .map((method) => ({ method, path })),
    );
  });
  afterAll(async () => {
    await app.close();
  });

  const concrete = (path: string): string =>
    path
      .replace('{partnershipId}', pid)
      .replace(/\{[A-Za-z]*(Id|id)\}/g, '00000000-0000-4000-8000-000000000001')
      .replace(/\{[^}]+\}/g, 'x');

  describe('media types', () => {
    it('finds the body-taking routes in the OpenAPI document', () => {
      expect(routes.length).toBeGreaterThan(25);
    });

    it.each([
      ['text/csv', 'a,b'],
      ['text/csv', ''],
      ['application/csv', 'a,b'],
      ['application/csv', ''],
      ['application/x-www-form-urlencoded', 'a=1&b=2'],
      ['text/plain', '{"name":"x"}'],
      ['application/json; charset=latin1', '{"name":"x"}'],
    ])(
      'gives every JSON route 415 for %s, before reading it, and writes nothing',
      async (type, body) => {
        const before = await writes(prisma);
        const jsonRoutes = routes.filter((r) => !CSV_ROUTES.includes(r.path));
        for (const route of jsonRoutes) {
          const res = await http[route.method as 'post'](concrete(route.path))
            .set(admin.headers)
            .set('content-type', type)
            .send(body);
          expect({ route, status: res.status }).toEqual({ route, status: 415 });
          expect(res.headers['content-type']).toMatch(PROBLEM);
          expect(res.body).toMatchObject({ type: '/problems/unsupported-media-type', status: 415 });
        }
        expect(await writes(prisma)).toBe(before);
        await http.get('/health').expect(200);
      },
    );

    it('gives the CSV routes 415 for JSON and form bodies', async () => {
      for (const path of CSV_ROUTES) {
        for (const [type, body] of [
          ['application/json', '{"a":1}'],
          ['application/x-www-form-urlencoded', 'a=1'],
        ]) {
          const res = await http
            .post(concrete(path))
            .set(admin.headers)
            .set('content-type', type)
            .send(body)
            .expect(415);
          expect(res.body.detail).toContain('text/csv');
        }
      }
    });

    it('gives 415 to a body without a Content-Type', async () => {
      const res = await http
        .post('/v1/organisations')
        .set(admin.headers)
        .set('content-type', '')
        .send(Buffer.from('{"name":"x"}'));
      expect(res.status).toBe(415);
      expect(res.body.detail).toContain('needs a Content-Type');
    });

    it('answers an over-long URL with 414 problem details', async () => {
      const res = await http
        .get(`/v1/partnerships/${'a'.repeat(5_000)}`)
        .set(admin.headers)
        .expect(414);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ status: 414 });
    });
  });

  describe('partnerships that do not exist', () => {
    it('answers 404 to a platform admin too, writing nothing', async () => {
      const before = await writes(prisma);
      await http
        .post('/v1/partnerships/00000000-0000-4000-8000-000000000000/outcomes')
        .set(admin.headers)
        .send({ code: 'X', theme: 'T', title: 'X', unit: 'u' })
        .expect(404);
      expect(await writes(prisma)).toBe(before);
    });
  });

  describe('malformed input: a 4xx naming the field', () => {
    const fieldOf = (res: request.Response): string[] =>
      (res.body.errors ?? []).map((e: { field: string }) => e.field);

    it('refuses JSON nested deeper than 32 levels (100,000 levels: no stack overflow)', async () => {
      for (const body of [
        `{"name":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
        `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      ]) {
        const res = await http
          .post('/v1/organisations')
          .set(admin.headers)
          .set('content-type', 'application/json')
          .send(body)
          .expect(400);
        expect(res.body.errors[0].reason).toBe('nests deeper than 32 levels');
      }
    });

    it.each([
      ['a NUL character', 'Acorn\u0000Trust', 'must not contain the NUL character (\\u0000)'],
      ['a lone surrogate', 'Acorn \ud800 Trust', 'must be well-formed Unicode'],
    ])('refuses a string with %s', async (_what, name, reason) => {
      const res = await http
        .post('/v1/organisations')
        .set(admin.headers)
        .set('content-type', 'application/json')
        .send(`{"name":${JSON.stringify(name)},"kind":"provider"}`)
        .expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'name' });
      expect(res.body.errors[0].reason).toContain(reason);
    });

    it('refuses NUL in a query parameter', async () => {
      const res = await http.get('/v1/organisations?q=a%00b').set(admin.headers).expect(400);
      expect(fieldOf(res)).toEqual(['q']);
    });

    it('refuses null for an optional field that is not nullable, and blank names', async () => {
      const patch = await http
        .patch(`/v1/partnerships/${pid}`)
        .set(admin.headers)
        .send({ name: null })
        .expect(400);
      expect(new Set(fieldOf(patch))).toEqual(new Set(['name']));
      const blank = await http
        .post('/v1/organisations')
        .set(admin.headers)
        .send({ name: '   \t ', kind: 'provider' })
        .expect(400);
      expect(blank.body.errors).toEqual([
        expect.objectContaining({ field: 'name', reason: 'must not be blank (only whitespace)' }),
      ]);
      // A nullable field still takes null (it clears the value).
      await http
        .patch(`/v1/partnerships/${pid}`)
        .set(admin.headers)
        .send({ purpose: 'To be cleared', contractValue: '100.00' })
        .expect(200);
      const cleared = await http
        .patch(`/v1/partnerships/${pid}`)
        .set(admin.headers)
        .send({ purpose: null, contractValue: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ purpose: null, contractValue: null });
    });

    it.each([
      ['0000-01-01', '2030-01-01', 'startDate'],
      ['0001-01-01', '9999-12-31', 'startDate'],
      ['2026-04-01', '9999-12-31', 'endDate'],
    ])(
      'refuses partnership dates outside 1900–2199 (%s to %s)',
      async (startDate, endDate, field) => {
        const res = await http
          .post('/v1/partnerships')
          .set(admin.headers)
          .send({ name: 'Far', model: 'alliance', startDate, endDate })
          .expect(400);
        expect(fieldOf(res)).toContain(field);
      },
    );

    it('accepts any real date as a list filter (open-ended bounds)', async () => {
      await http
        .get(`/v1/partnerships/${pid}/delivery-records?from=0001-01-01&to=9999-12-31`)
        .set(admin.headers)
        .expect(200);
      const res = await http
        .get(`/v1/partnerships/${pid}/delivery-records?to=0000-01-01`)
        .set(admin.headers)
        .expect(400);
      expect(fieldOf(res)).toEqual(['to']);
    });

    it("still lets a partnership with a term longer than today's rules be renamed", async () => {
      const old = await prisma.partnership.create({
        data: {
          name: 'Sixty years',
          model: 'alliance',
          startDate: new Date('2026-04-01T00:00:00Z'),
          endDate: new Date('2086-03-31T00:00:00Z'),
        },
      });
      await http
        .patch(`/v1/partnerships/${old.id}`)
        .set(admin.headers)
        .send({ name: 'Renamed' })
        .expect(200);
      const moved = await http
        .patch(`/v1/partnerships/${old.id}`)
        .set(admin.headers)
        .send({ endDate: '2087-03-31' })
        .expect(422);
      expect(fieldOf(moved)).toEqual(['endDate']);
    });

    it('refuses a partnership term over 50 years (422)', async () => {
      const res = await http
        .post('/v1/partnerships')
        .set(admin.headers)
        .send({ name: 'Long', model: 'alliance', startDate: '2026-04-01', endDate: '2077-04-01' })
        .expect(422);
      expect(fieldOf(res)).toEqual(['endDate']);
    });

    it('refuses ids and cursors beyond a bigint, and paging beyond its limits', async () => {
      const base = `/v1/partnerships/${pid}/delivery-records`;
      for (const id of ['9223372036854775808', '99999999999999999999']) {
        const res = await http.get(`${base}/${id}`).set(admin.headers).expect(400);
        expect(fieldOf(res)).toEqual(['recordId']);
      }
      expect(
        fieldOf(await http.get(`${base}?after=9223372036854775808`).set(admin.headers).expect(400)),
      ).toEqual(['after']);
      for (const offset of ['1e20', '10000001', '0x10', ' 1', '-1']) {
        const res = await http
          .get(`/v1/organisations?offset=${encodeURIComponent(offset)}`)
          .set(admin.headers)
          .expect(400);
        expect(fieldOf(res)).toContain('offset');
      }
    });

    it('refuses a proxy without its first version, and numbers that are not JSON numbers', async () => {
      const proxy = {
        code: 'EMP',
        name: 'Employment',
        unit: 'person',
        sourceCitation: 'Illustrative',
        licence: 'CC0-1.0',
      };
      const missing = await http.post('/v1/proxies').set(admin.headers).send(proxy).expect(400);
      expect(fieldOf(missing)).toContain('version');
      const version = { validFrom: '2026-04-01', valuePerUnit: '100.00', priceYear: 2025 };
      for (const durationYears of ['0x10', true, ' 1', '16', 16.5]) {
        const res = await http
          .post('/v1/proxies')
          .set(admin.headers)
          .send({ ...proxy, version: { ...version, durationYears } })
          .expect(400);
        expect(new Set(fieldOf(res))).toEqual(new Set(['version.durationYears']));
      }
      expect(await prisma.proxy.count()).toBe(0);
    });
  });

  describe('Idempotency-Key', () => {
    it('is ignored by both CSV imports (as documented)', async () => {
      const csv =
        'code,name,unit,source_citation,licence,valid_from,value_per_unit,price_year\n' +
        'CSV-1,From CSV,person,Illustrative,CC0-1.0,2026-04-01,10.00,2025\n';
      await http
        .post('/v1/proxies/import')
        .set({ ...admin.headers, 'idempotency-key': 'csv-1', 'content-type': 'text/csv' })
        .send(csv)
        .expect(201);
      const imported = await http
        .post(`/v1/partnerships/${pid}/delivery-imports`)
        .set({ ...provider.headers, 'idempotency-key': 'csv-2', 'content-type': 'text/csv' })
        .send(`outcome_code,activity_date,quantity,external_ref\nJOBS,2025-05-01,1,imp-1\n`)
        .expect(202);
      expect(imported.body.status).toMatch(/queued|running|done/);
      expect(
        await prisma.idempotencyKey.count({ where: { key: { in: ['csv-1', 'csv-2'] } } }),
      ).toBe(0);
    });

    it('keeps no API key in idempotency_keys; a replay says the key is shown once', async () => {
      const headers = { ...admin.headers, 'idempotency-key': 'key-once' };
      const first = await http.post('/v1/api-keys').set(headers).send({ name: 'ci' }).expect(201);
      expect(first.body.key).toMatch(/^ol_/);
      const stored = await prisma.idempotencyKey.findFirstOrThrow({ where: { key: 'key-once' } });
      expect(JSON.stringify(stored)).not.toContain(first.body.key);
      expect(JSON.stringify(stored)).not.toContain(first.body.key.split('_')[2]);
      expect(stored.withheld).toEqual(['key']);
      await http.delete(`/v1/api-keys/${first.body.id}`).set(admin.headers).expect(200);
      const again = await http.post('/v1/api-keys').set(headers).send({ name: 'ci' }).expect(409);
      expect(again.body).toMatchObject({ type: '/problems/secret-shown-once' });
      expect(again.body.detail).toContain(first.body.id);
      expect(JSON.stringify(again.body)).not.toContain(first.body.key);
    });

    it('replays the first status code (200 for a record already sent)', async () => {
      const base = `/v1/partnerships/${pid}/delivery-records`;
      const record = { outcomeId, activityDate: '2025-05-01', quantity: '1', externalRef: 'st-1' };
      await http.post(base).set(provider.headers).send(record).expect(201);
      const headers = { ...provider.headers, 'idempotency-key': 'status-200' };
      const first = await http.post(base).set(headers).send(record).expect(200);
      const replay = await http.post(base).set(headers).send(record).expect(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
    });

    it.each([
      [
        'outcomes',
        () => `/v1/partnerships/${pid}/outcomes`,
        () => admin.headers,
        { code: 'SAME', theme: 'Jobs', title: 'Same key', unit: 'people' },
        async () => prisma.outcome.count({ where: { partnershipId: pid, code: 'SAME' } }),
      ],
      [
        'financial returns',
        () => `/v1/partnerships/${pid}/financial-returns`,
        () => provider.headers,
        {
          period: '2025-26 Q1',
          revenue: '100.00',
          costs: [{ category: 'direct', amount: '90.00' }],
        },
        async () => prisma.financialReturn.count({ where: { partnershipId: pid } }),
      ],
    ])(
      'answers 60 concurrent requests with one key and body by one create and 59 replays (%s)',
      async (_what, path, headers, body, count) => {
        const key = `concurrent-${_what}`;
        const answers = await Promise.all(
          Array.from({ length: 60 }, () =>
            http
              .post(path())
              .set({ ...headers(), 'idempotency-key': key })
              .send(body),
          ),
        );
        expect(answers.map((a) => a.status)).toEqual(Array(60).fill(201));
        expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(59);
        expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
        expect(await count()).toBe(1);
      },
      60_000,
    );

    it('waits for a request another API instance is running with the key, then replays its answer', async () => {
      const path = `/v1/partnerships/${pid}/outcomes`;
      const body = { code: 'ELSEWHERE', theme: 'T', title: 'Elsewhere', unit: 'u' };
      const first = await http
        .post(path)
        .set({ ...admin.headers, 'idempotency-key': 'elsewhere-probe' })
        .send(body)
        .expect(201);
      const probe = await prisma.idempotencyKey.findFirstOrThrow({
        where: { key: 'elsewhere-probe' },
      });
      // Another instance holds the claim: the same request hash, no response yet.
      await prisma.idempotencyKey.create({
        data: {
          ...probe,
          key: 'elsewhere',
          state: 'in_progress',
          responseStatus: null,
          responseBody: undefined,
          createdAt: new Date(),
        },
      });
      const waiting = http
        .post(path)
        .set({ ...admin.headers, 'idempotency-key': 'elsewhere' })
        .send(body)
        .then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await prisma.idempotencyKey.update({
        where: { userId_key: { userId: admin.userId, key: 'elsewhere' } },
        data: { state: 'done', responseStatus: 201, responseBody: first.body },
      });
      const replay = await waiting;
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(first.body.id);
      expect(await prisma.outcome.count({ where: { partnershipId: pid, code: 'ELSEWHERE' } })).toBe(
        1,
      );
    });

    it('takes over a claim abandoned by a process that died mid-request', async () => {
      const path = `/v1/partnerships/${pid}/outcomes`;
      const body = { code: 'ABANDONED', theme: 'T', title: 'Abandoned', unit: 'u' };
      // A claim of the same request, made 3 minutes ago by a process that died before answering.
      await prisma.idempotencyKey.create({
        data: {
          userId: admin.userId,
          key: 'abandoned',
          method: 'POST',
          path,
          requestHash: createHash('sha256')
            .update(stableStringify({ method: 'POST', path, body }))
            .digest('hex'),
          state: 'in_progress',
          createdAt: new Date(Date.now() - 3 * 60_000),
        },
      });
      const res = await http
        .post(path)
        .set({ ...admin.headers, 'idempotency-key': 'abandoned' })
        .send(body)
        .expect(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      expect(await prisma.outcome.count({ where: { partnershipId: pid, code: 'ABANDONED' } })).toBe(
        1,
      );
      const row = await prisma.idempotencyKey.findFirstOrThrow({ where: { key: 'abandoned' } });
      expect(row).toMatchObject({ state: 'done', responseStatus: 201 });
    });

    it('gives 409 to the same key with another body, also while the first runs', async () => {
      const path = `/v1/partnerships/${pid}/outcomes`;
      const headers = { ...admin.headers, 'idempotency-key': 'two-bodies' };
      const [a, b] = await Promise.all([
        http.post(path).set(headers).send({ code: 'TWO-A', theme: 'T', title: 'A', unit: 'u' }),
        http.post(path).set(headers).send({ code: 'TWO-B', theme: 'T', title: 'B', unit: 'u' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const refused = a.status === 409 ? a : b;
      expect(refused.body.type).toBe('/problems/idempotency-key-reused');
    });
  });
});
