import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService, type PartnershipRole } from '@ol/persistence';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import {
  POLICY,
  scopeOf,
  type ActionOf,
  type Resource,
  type Rule,
} from '../../apps/api/src/common/auth/policy';
import { generateApiKey } from '../../apps/api/src/common/auth/api-key';
import { createPartnership, createUserWithKey, grantRole } from '../factories';
import { baseQueries, pathValues, validBodies } from '../fuzz/fixtures/bodies';
import { growPools, ROTATED, Rotation, seedPools } from '../fuzz/fixtures/pools';
import { seedFixtures, type Fixtures } from '../fuzz/fixtures/seed';
import { addUserNotification } from '../fuzz/fixtures/worker-rows';
import { operationsOf, type OpenApiDocument, type Operation } from '../fuzz/openapi';
import { createTestApp, truncateAll } from '../setup/test-app';

/**
 * The access matrix, walked: every operation of the OpenAPI document × every kind of caller ×
 * the caller's own partnership and another's, against the real API and database (the API fuzz
 * suite's seeded partnership: test/fuzz/fixtures). The expected answer of each call comes from
 * the access policy (apps/api/src/common/auth/policy.ts) the operation names (`x-access`):
 *
 * - allowed: anything but 401, 404 and an access 403 (a 400/409/422 for a body the state refuses
 *   is past access control; so is a 403 of a business rule with its own problem type, such as
 *   separation of duties or "not a reviewer under the sign-off rule");
 * - refused: 401 without a credential; 404 for a partnership the caller is not a member of, and
 *   for another provider's item (scope `own`) or another partnership's item named under the
 *   caller's partnership; 403 for a role the entry does not list, and for acting for another
 *   provider (scope `own`).
 *
 * An operation without an entry fails. Every answer to a reader without the open book (verifier,
 * providers) is checked for the open book's figures: a report's investment and what is worked
 * from it are null, and neither the seeded total nor another provider's costs appear anywhere.
 */
const IDENTITIES = [
  'platformAdmin',
  'admin',
  'board',
  'finance',
  'auditor',
  'verifier',
  'providerA',
  'providerB',
  'nonMember',
  'otherPartnershipAdmin',
  'none',
] as const;
type Who = (typeof IDENTITIES)[number];

/** Roles of each identity in the seeded partnerships (and whose provider organisation). */
const ROLES: Partial<Record<Who, PartnershipRole>> = {
  admin: 'admin',
  board: 'board',
  finance: 'finance',
  auditor: 'auditor',
  verifier: 'verifier',
  providerA: 'provider',
  providerB: 'provider',
};

const pp = '/v1/partnerships/{partnershipId}';
/** Path parameters naming a row of a partnership (another partnership's is not found). */
const PARTNERSHIP_ITEMS = new Set([
  'recordId',
  'importId',
  'returnId',
  'triggerId',
  'jobId',
  'webhookId',
  'notificationId',
  'outcomeId',
  'targetId',
  'memberId',
  'roleId',
  'reportId',
  'report',
  'holidayDate',
  // A person of the partnership (to disable) and a key scoped to it (to revoke).
  'userId',
  'keyId',
]);
/** What another partnership has none of (the seeded partnership's only): not found there. */
const SEEDED_ONLY = new Set([`GET ${pp}/reports/current`, `GET ${pp}/sign-off-rule`]);
/** Path parameters naming one provider's row (provider A's in the fixtures). */
const PROVIDER_ITEMS = new Set(['recordId', 'importId', 'returnId', 'triggerId']);
/** Writes whose body or query names provider A (the fixtures' bodies do). */
const ACTS_FOR_PROVIDER_A = new Set([
  `POST ${pp}/delivery-records`,
  `POST ${pp}/delivery-records/batch`,
  `POST ${pp}/financial-returns`,
  `POST ${pp}/delivery-imports`,
]);

/** Open-book figures seeded into the current report, and provider A's costs. */
const INVESTMENT = '98765.43';
const A_COSTS = '182500';
const OPEN_BOOK_TOTALS = ['investment', 'netPresentValue', 'sroiRatio', 'paybackMonths'];

type Expectation = { allowed: true } | { allowed: false; statuses: number[] };
interface Call {
  op: Operation;
  who: Who;
  /** own: the seeded partnership the caller belongs to; foreign: another partnership's path. */
  context: 'own' | 'foreign';
  variant?: 'csv' | 'others';
  expect: Expectation;
}

describe('access matrix (every route × every caller, real API and PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let db: Client;
  let port: number;
  let doc: OpenApiDocument;
  let fx: Fixtures;
  const keys = new Map<Who, string>();
  const userIds = new Map<Who, string>();
  let otherPartnershipId: string;
  let reportId: string;

  beforeAll(async () => {
    app = await createTestApp({
      RATE_LIMIT_PER_MINUTE: '10000000',
      LOG_LEVEL: 'warn',
      AUTH_CACHE_SECONDS: '60',
    });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    db = new Client({ connectionString: process.env.DATABASE_URL, statement_timeout: 30_000 });
    await db.connect();
    const seeder = await createUserWithKey(prisma, { admin: true });
    fx = await seedFixtures(port, seeder.key, db);
    for (const who of IDENTITIES) {
      if (who === 'none') continue;
      const u = await createUserWithKey(prisma, { admin: who === 'platformAdmin' });
      keys.set(who, u.key);
      userIds.set(who, u.userId);
    }
    const other = await createPartnership(prisma);
    otherPartnershipId = other.id;
    await grantRole(prisma, other.id, userIds.get('otherPartnershipAdmin')!, 'admin');
    // A newer current version of the seeded report, with open-book totals only some may see.
    const report = await db.query<{ id: string }>(
      `INSERT INTO reports (partnership_id, scope, period_label, period_start, period_end, version,
         fingerprint, figures, status)
       VALUES ($1, 'quarter', '2026-27 Q1', '2026-04-01', '2026-06-30', 2, repeat('d', 64), $2, 'final')
       RETURNING id`,
      [
        fx.partnershipId,
        JSON.stringify({
          totals: {
            presentValue: '5000.00',
            investment: INVESTMENT,
            netPresentValue: '-93765.43',
            sroiRatio: '0.0506',
          },
          outcomes: [],
        }),
      ],
    );
    reportId = report.rows[0].id;
    await db.query(
      `UPDATE current_reports SET report_id = $2
        WHERE partnership_id = $1 AND scope = 'quarter' AND period_start = '2026-04-01'`,
      [fx.partnershipId, reportId],
    );
    doc = JSON.parse(await text('GET', '/docs-json')) as OpenApiDocument;
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  const text = async (method: 'GET', path: string): Promise<string> =>
    (await app.getHttpAdapter().getInstance().inject({ method, url: path })).body;

  /** The policy entry an operation names in the document. */
  const entryOf = (op: Operation): { resource: Resource; action: string; rule: Rule } | null => {
    const raw = doc.paths[op.template]?.[op.method.toLowerCase()] as
      { 'x-access'?: string } | undefined;
    const [resource, action] = (raw?.['x-access'] ?? '').split(':');
    const rule = (POLICY as Record<string, Record<string, Rule> | undefined>)[resource]?.[action];
    return rule ? { resource: resource as Resource, action, rule } : null;
  };

  function expectationOf(
    op: Operation,
    who: Who,
    context: 'own' | 'foreign',
    variant?: string,
  ): Expectation {
    const { resource, action, rule } = entryOf(op)!;
    const refused = (...statuses: number[]): Expectation => ({ allowed: false, statuses });
    if (who === 'none') return rule.audience === 'anyone' ? { allowed: true } : refused(401);
    if (rule.audience === 'anyone') return { allowed: true };
    if (rule.audience === 'platform-admin')
      return who === 'platformAdmin' ? { allowed: true } : refused(403);
    if (rule.audience === 'user') {
      // Another user's key or notification: never yours (platform admins: not asserted here).
      if (variant === 'others') return refused(403, 404);
      // In-app notifications are read within partnerships the reader belongs to.
      if (op.key === 'POST /v1/me/notifications/{notificationId}/read' && who === 'nonMember')
        return refused(404);
      return { allowed: true };
    }
    const isPlatformAdmin = who === 'platformAdmin';
    const own = ROLES[who];
    const roles: PartnershipRole[] =
      context === 'foreign' ? (who === 'otherPartnershipAdmin' ? ['admin'] : []) : own ? [own] : [];
    if (!isPlatformAdmin && roles.length === 0) return refused(404);
    const scope = scopeOf({ roles, isPlatformAdmin }, resource, action as ActionOf<Resource>);
    if (scope === null) return refused(403);
    const params = op.pathParams.map((p) => p.name);
    if (
      context === 'foreign' &&
      (params.some((p) => PARTNERSHIP_ITEMS.has(p)) || SEEDED_ONLY.has(op.key))
    )
      return refused(404);
    if (scope === 'own' && context === 'own') {
      if (params.includes('jobId')) return refused(404); // the seeded job is the seeder's
      const namesA = params.some((p) => PROVIDER_ITEMS.has(p));
      if (namesA && who !== 'providerA') return refused(404);
      if (ACTS_FOR_PROVIDER_A.has(op.key) && who !== 'providerA') return refused(403);
    }
    return { allowed: true };
  }

  it('walks every route of the OpenAPI document as every caller, as the policy says', async () => {
    const started = Date.now();
    const ops = operationsOf(doc);
    const unlisted = ops.filter((op) => !entryOf(op)).map((op) => op.key);
    expect(unlisted).toEqual([]);

    // Calls: GETs first, then writes, deletes last (a write never hides a read's row).
    const order = { GET: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 } as const;
    const sorted = [...ops].sort((a, b) => order[a.method] - order[b.method]);
    const calls: Call[] = [];
    for (const op of sorted) {
      const partnershipRoute = op.pathParams.some((p) => p.name === 'partnershipId');
      const selfItem =
        op.key === 'DELETE /v1/api-keys/{keyId}' ||
        op.key === 'POST /v1/me/notifications/{notificationId}/read';
      for (const who of IDENTITIES) {
        calls.push({ op, who, context: 'own', expect: expectationOf(op, who, 'own') });
        if (partnershipRoute)
          calls.push({ op, who, context: 'foreign', expect: expectationOf(op, who, 'foreign') });
        if (selfItem && who !== 'none' && who !== 'platformAdmin')
          calls.push({
            op,
            who,
            context: 'own',
            variant: 'others',
            expect: expectationOf(op, who, 'own', 'others'),
          });
        if (op.key === `GET ${pp}/reports/{report}`)
          calls.push({
            op,
            who,
            context: 'own',
            variant: 'csv',
            expect: expectationOf(op, who, 'own'),
          });
      }
    }

    // Operations that use up their row take a fresh one per call that gets past the guard.
    const rowsNeeded = new Map<string, number>();
    const rowOf = new Map<Call, number>();
    for (const c of calls) {
      if (!ROTATED[c.op.key] || c.variant) continue;
      const passesGuard =
        c.expect.allowed ||
        (c.context === 'foreign' && ['platformAdmin', 'otherPartnershipAdmin'].includes(c.who));
      if (!passesGuard) continue;
      const k = rowsNeeded.get(c.op.key) ?? 0;
      rowOf.set(c, k);
      rowsNeeded.set(c.op.key, k + 1);
    }
    const pools = await seedPools(port, fx, db);
    await growPools(port, fx, db, pools, Rotation.sizesFor(rowsNeeded));
    const rotation = new Rotation(pools);
    const paths = pathValues(fx);
    const bodies = validBodies(ops, fx, pools).baseline;
    const queries = baseQueries(fx);

    // The identities hold their roles in every partnership the fixtures' rows live in.
    const partnerships = new Set<string>([fx.partnershipId, fx.sparePartnershipId]);
    for (const rows of Object.values(pools))
      for (const row of rows) if (row.partnershipId) partnerships.add(row.partnershipId);
    for (const pid of partnerships) {
      for (const [who, role] of Object.entries(ROLES) as [Who, PartnershipRole][]) {
        const org =
          who === 'providerA'
            ? fx.providerOrgId
            : who === 'providerB'
              ? fx.provider2OrgId
              : undefined;
        await grantRole(prisma, pid, userIds.get(who)!, role, org);
      }
    }
    // Each caller's own in-app notification and a spare key of its own to revoke.
    const myNotification = new Map<Who, string>();
    for (const [who, userId] of userIds) {
      const pid = who === 'otherPartnershipAdmin' ? otherPartnershipId : fx.partnershipId;
      myNotification.set(who, await addUserNotification(db, pid, userId));
    }
    // The outcome's valuation, put back before each call that removes it.
    const valuation = (
      await db.query<Record<string, string | null>>(
        `SELECT partnership_id, outcome_id, proxy_id, basis::text, count_outcome_id
           FROM outcome_valuations WHERE partnership_id = $1 AND outcome_id = $2`,
        [fx.partnershipId, fx.outcomeId],
      )
    ).rows[0];
    const revalue = () =>
      db.query(
        `INSERT INTO outcome_valuations (partnership_id, outcome_id, proxy_id, basis, count_outcome_id)
         VALUES ($1, $2, $3, $4::valuation_basis, $5) ON CONFLICT DO NOTHING`,
        [
          valuation.partnership_id,
          valuation.outcome_id,
          valuation.proxy_id,
          valuation.basis,
          valuation.count_outcome_id,
        ],
      );
    const seededIn = ((Date.now() - started) / 1000).toFixed(1);
    const walking = Date.now();

    const failures: string[] = [];
    const leaks: string[] = [];
    let uniq = 0;
    let investmentSeen = 0;
    const walk = async (c: Call): Promise<void> => {
      const k = rowOf.get(c) ?? 0;
      if (c.op.key === `DELETE ${pp}/outcomes/{outcomeId}/valuation`) await revalue();
      const value = async (name: string): Promise<string> => {
        if (name === 'partnershipId' && c.context === 'foreign') return otherPartnershipId;
        if (c.op.key === 'DELETE /v1/api-keys/{keyId}' && c.who !== 'none') {
          if (c.variant === 'others') return fx.spareKeyId;
          const k = generateApiKey();
          const key = await prisma.apiKey.create({
            data: {
              userId: userIds.get(c.who)!,
              name: 'to revoke',
              prefix: k.prefix,
              keyHash: k.hash,
            },
          });
          return key.id;
        }
        if (c.op.key === 'POST /v1/me/notifications/{notificationId}/read' && c.who !== 'none')
          return c.variant === 'others' ? fx.myNotificationId : myNotification.get(c.who)!;
        if (name === 'report') return c.variant === 'csv' ? `${reportId}.csv` : reportId;
        const v =
          rotation.pathValue(c.op, name, k) ??
          paths.byOp[c.op.key]?.[name] ??
          paths.byName[name] ??
          (c.op.pathParams.find((p) => p.name === name)?.schema.enum?.[0] as string | undefined);
        if (v === undefined) throw new Error(`no value for {${name}} of ${c.op.key}`);
        return v;
      };
      let path = c.op.template;
      for (const p of c.op.pathParams)
        path = path.replace(`{${p.name}}`, encodeURIComponent(await value(p.name)));
      const query = queries[c.op.key];
      const n = ++uniq;
      if (query) path += `?${query.replaceAll('$UNIQ', `m${n}`)}`;
      const headers: Record<string, string> = {};
      if (c.who !== 'none') headers['x-api-key'] = keys.get(c.who)!;
      let body: Buffer | undefined;
      const planned = bodies.get(c.op.key);
      if (planned !== undefined && c.op.isWrite) {
        const raw = typeof planned === 'string' ? planned : JSON.stringify(planned);
        body = Buffer.from(rotation.swap(c.op, k, raw).replaceAll('$UNIQ', `m${n}`));
        headers['content-type'] =
          typeof planned === 'string' ? c.op.consumes[0] : 'application/json';
      }
      // In process (Fastify's inject: the whole pipeline, no socket), for speed.
      const label = `${c.op.key} as ${c.who} (${c.context}${c.variant ? `, ${c.variant}` : ''})`;
      let status: number;
      let answer: string;
      try {
        const res = await app
          .getHttpAdapter()
          .getInstance()
          .inject({ method: c.op.method, url: path, headers, payload: body });
        status = res.statusCode;
        answer = res.body;
      } catch (e) {
        failures.push(`${label}: no answer (${String(e)})`);
        return;
      }
      let problemType: string | undefined;
      try {
        problemType = (JSON.parse(answer) as { type?: string }).type;
      } catch {
        problemType = undefined;
      }
      // Access control answers with the generic types; a rule of the route itself (a wrong
      // password, no session behind an API key, a feature not configured) has its own type.
      const accessRefusal =
        (status === 401 && problemType === '/problems/unauthenticated') ||
        (status === 404 && problemType === '/problems/not-found') ||
        (status === 403 && problemType === '/problems/forbidden');
      if (status >= 500) failures.push(`${label}: ${status} ${answer.slice(0, 200)}`);
      else if (c.expect.allowed && accessRefusal)
        failures.push(`${label}: expected to be allowed, got ${status} ${answer.slice(0, 200)}`);
      else if (!c.expect.allowed && !c.expect.statuses.includes(status))
        failures.push(
          `${label}: expected ${c.expect.statuses.join(' or ')}, got ${status} ${answer.slice(0, 200)}`,
        );

      if (status < 300 && c.who === 'board' && answer.includes(INVESTMENT)) investmentSeen++;
      if (status < 300 && ['verifier', 'providerA', 'providerB'].includes(c.who)) {
        if (answer.includes(INVESTMENT)) leaks.push(`${label}: the open-book investment`);
        if (c.who !== 'providerA' && answer.includes(A_COSTS))
          leaks.push(`${label}: provider A's costs`);
        leaks.push(...withheldTotals(answer).map((f) => `${label}: totals.${f}`));
      }
    };
    // Phases (reads, writes, deletes) in order; within one, operations 4 at a time, each
    // operation's calls one after another.
    for (const phase of [0, 1, 2]) {
      const byOp = new Map<string, Call[]>();
      for (const c of calls.filter((x) => order[x.op.method] === phase))
        byOp.set(c.op.key, [...(byOp.get(c.op.key) ?? []), c]);
      const queue = [...byOp.values()];
      const worker = async (): Promise<void> => {
        for (let group = queue.shift(); group; group = queue.shift())
          for (const c of group) await walk(c);
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    }
    const seconds = ((Date.now() - walking) / 1000).toFixed(1);
    process.stdout.write(
      `access matrix: ${ops.length} routes × ${IDENTITIES.length} identities, ${calls.length} calls (own and other partnership and organisation) in ${seconds} s (rows seeded in ${seededIn} s)\n`,
    );
    expect({ failures, leaks }).toEqual({ failures: [], leaks: [] });
    // The open-book check has teeth: the board reads the seeded investment.
    expect(investmentSeen).toBeGreaterThan(0);
  }, 180_000);
});

/** Open-book totals that are not null in any `totals` object of a JSON answer. */
function withheldTotals(answer: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'totals' && child && typeof child === 'object') {
          for (const f of OPEN_BOOK_TOTALS) {
            const x = (child as Record<string, unknown>)[f];
            if (x !== undefined && x !== null) found.push(f);
          }
        }
        walk(child);
      }
    }
  };
  walk(json);
  return found;
}
