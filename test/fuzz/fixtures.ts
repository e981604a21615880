import type { Client } from 'pg';
import { send } from './http-client';
import { exampleFor, type Operation } from './openapi';

/** The rows the fuzzer's path parameters and bodies refer to (created through the API). */
export interface Fixtures {
  adminKey: string;
  providerKey: string;
  partnershipId: string;
  sparePartnershipId: string;
  commissionerOrgId: string;
  providerOrgId: string;
  provider2OrgId: string;
  funderOrgId: string;
  spareOrgId: string;
  providerUserId: string;
  spareUserId: string;
  spareRoleId: string;
  spareMemberId: string;
  spareKeyId: string;
  outcomeId: string;
  outcomeCode: string;
  spareOutcomeId: string;
  targetId: string;
  proxyId: string;
  recordIds: string[];
  returnId: string;
  ruleId: string;
  webhookId: string;
  triggerIds: string[];
  notificationId: string;
  importId: string;
  jobId: string;
}

export interface JsonAnswer {
  status: number;
  json: unknown;
  text: string;
}

/** A plain JSON call for seeding (not a fuzz request). */
export async function call(
  port: number,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<JsonAnswer> {
  const payload =
    body === undefined
      ? undefined
      : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers: Record<string, string> = { 'x-api-key': key };
  if (payload) headers['content-type'] = contentType;
  const ex = await send(
    port,
    { method, path, headers, body: payload },
    { timeoutMs: 15_000, maxBodyBytes: 1 << 20 },
  );
  if (ex.kind !== 'answer') throw new Error(`${method} ${path}: no answer (${ex.error})`);
  const text = ex.answer.body.toString('utf8');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: ex.answer.status, json, text };
}

/** Seeding must work: anything but the expected status stops the suite with the answer. */
async function ok<T = Record<string, unknown>>(
  port: number,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  expected: number[] = [200, 201, 202],
  contentType?: string,
): Promise<T> {
  const res = await call(port, key, method, path, body, contentType);
  if (!expected.includes(res.status)) {
    throw new Error(
      `seeding ${method} ${path} answered ${res.status}: ${res.text.slice(0, 500)} (body sent: ${JSON.stringify(body)?.slice(0, 300)})`,
    );
  }
  return res.json as T;
}

type Row = { id: string } & Record<string, unknown>;

export const DELIVERY_CSV_HEADER =
  'outcome_code,activity_date,quantity,external_ref,evidence_ref,evidence_grade';

/** Seeds a realistic partnership through the API (and, for worker-made rows, SQL). */
export async function seedFixtures(port: number, adminKey: string, db: Client): Promise<Fixtures> {
  const post = <T = Row>(path: string, body: unknown, expected?: number[]): Promise<T> =>
    ok<T>(port, adminKey, 'POST', path, body, expected);

  const org = (name: string, kind: string): Promise<Row> =>
    post('/v1/organisations', { name, kind, reference: `FZ-${name.replace(/\W+/g, '-')}` });
  const commissioner = await org('Fuzz County Council', 'commissioner');
  const provider = await org('Fuzz Provider One', 'provider');
  const provider2 = await org('Fuzz Provider Two', 'provider');
  const funder = await org('Fuzz Funder', 'funder');
  const community = await org('Fuzz Community Trust', 'community');
  const spareOrg = await org('Fuzz Spare Org', 'other');

  const partnershipBody = {
    name: 'Fuzz Employment Alliance',
    purpose: 'Seeded by the API fuzz suite.',
    model: 'alliance',
    status: 'active',
    startDate: '2026-04-01',
    endDate: '2031-03-31',
    currency: 'GBP',
    fyStartMonth: 4,
    discountRate: '0.0350',
    contractValue: '12500000.00',
  };
  const partnership = await post('/v1/partnerships', partnershipBody);
  const spare = await post('/v1/partnerships', {
    ...partnershipBody,
    name: 'Fuzz Spare Partnership',
  });
  const pid = partnership.id;
  const base = `/v1/partnerships/${pid}`;

  await post(`${base}/members`, { organisationId: commissioner.id, role: 'commissioner' });
  await post(`${base}/members`, { organisationId: provider.id, role: 'provider' });
  await post(`${base}/members`, { organisationId: provider2.id, role: 'provider' });
  const spareMember = await post(`${base}/members`, {
    organisationId: community.id,
    role: 'community',
  });

  const providerUser = await post('/v1/users', {
    email: 'fuzz.provider@example.test',
    name: 'Fuzz Provider User',
  });
  const spareUser = await post('/v1/users', { email: 'fuzz.spare@example.test', name: 'Spare' });
  const spareUser2 = await post('/v1/users', {
    email: 'fuzz.spare2@example.test',
    name: 'Spare 2',
  });
  await post(`${base}/roles`, {
    userId: providerUser.id,
    role: 'provider',
    organisationId: provider.id,
  });
  const spareRole = await post(`${base}/roles`, { userId: spareUser2.id, role: 'auditor' });
  const providerKey = await post<Row & { key: string }>('/v1/api-keys', {
    name: 'fuzz provider key',
    userId: providerUser.id,
  });
  const spareKey = await post('/v1/api-keys', { name: 'fuzz spare key (revoked by the fuzzer)' });

  const outcomeBody = {
    code: 'FZ-JOBS',
    theme: 'Jobs',
    title: 'Residents in sustained work',
    unit: 'people',
    direction: 'increase',
    aggregation: 'sum',
  };
  const outcome = await post(`${base}/outcomes`, outcomeBody);
  const spareOutcome = await post(`${base}/outcomes`, {
    ...outcomeBody,
    code: 'FZ-SPARE',
    title: 'Spare outcome (patched by the fuzzer)',
  });
  const targets = await ok<{ data: Row[] }>(
    port,
    adminKey,
    'PUT',
    `${base}/outcomes/${outcome.id}/targets`,
    {
      targets: [
        { period: '2026-27 Q1', value: '25.0000' },
        { period: '2026-27 Q2', value: '30.0000' },
      ],
    },
  );
  const proxy = await post('/v1/proxies', {
    code: 'FZ-PROXY',
    name: 'Fuzz proxy (illustrative)',
    unit: 'person',
    sourceCitation: 'Illustrative value for tests.',
    licence: 'CC0-1.0',
    version: { validFrom: '2026-04-01', valuePerUnit: '14433.0000', priceYear: 2024 },
  });
  await ok(port, adminKey, 'PUT', `${base}/outcomes/${outcome.id}/valuation`, {
    proxyId: proxy.id,
  });
  await post(`${base}/proxies/${proxy.id}/overrides`, {
    validFrom: '2026-04-01',
    valuePerUnit: '12000.0000',
    priceYear: 2025,
    note: 'Local evaluation',
  });

  // Logged by the provider user, so the admin may review them (nobody reviews their own).
  const batch = await ok<{ records: Row[] }>(
    port,
    providerKey.key,
    'POST',
    `${base}/delivery-records/batch`,
    {
      records: [1, 2, 3, 4, 5].map((n) => ({
        outcomeId: outcome.id,
        providerOrganisationId: provider.id,
        activityDate: `2026-05-1${n}`,
        quantity: String(n),
        externalRef: `fuzz-seed-${n}`,
      })),
    },
  );
  const ret = await post(`${base}/financial-returns`, {
    providerOrganisationId: provider.id,
    period: '2026-27 Q1',
    revenue: '250000.00',
    costs: [{ category: 'direct', amount: '182500.00' }],
  });
  const rule = await post(`${base}/share-rules`, {
    name: 'Fuzz margin share',
    basis: 'cost',
    reasonableRate: '0.05',
    warningLevel: '0.8',
    bands: [
      { upTo: '0.05', provider: '0.5', commissioner: '0.5' },
      { provider: '0', commissioner: '1' },
    ],
  });
  const webhook = await post(`${base}/webhooks`, {
    url: 'https://example.test/hooks/fuzz',
    eventTypes: ['trigger.raised'],
  });
  const job = await post(`${base}/reports`, { scope: 'quarter', quarter: '2026-27 Q1' });
  // A refused import (bad date) leaves a rejected import to point at.
  const rejected = await call(
    port,
    adminKey,
    'POST',
    `${base}/delivery-imports?providerOrganisationId=${provider.id}&fileName=seed.csv`,
    `${DELIVERY_CSV_HEADER}\nFZ-JOBS,2099-01-01,1,seed-import-1,,`,
    'text/csv',
  );
  const importId = (rejected.json as { importId?: string } | undefined)?.importId;
  if (!importId) {
    throw new Error(`seeding a rejected import answered ${rejected.status}: ${rejected.text}`);
  }

  // Triggers and notifications are made by the worker, which this suite does not run.
  const evaluation = await db.query<{ id: string }>(
    `INSERT INTO share_evaluations (partnership_id, rule_id, provider_org_id, window_start,
       window_end, window_label, fingerprint, state, revenue, allowable_cost, surplus,
       reasonable_surplus, excess, provider_share, commissioner_share, community_share, result)
     VALUES ($1, $2, $3, '2026-04-01', '2026-06-30', '2026-27 to 2026-06-30', repeat('f', 64),
       'above', 250000, 182500, 67500, 9125, 58375, 1000, 57375, 0, '{"steps":[]}')
     RETURNING id`,
    [pid, rule.id, provider.id],
  );
  const triggerIds: string[] = [];
  for (const crossing of [1, 2]) {
    const t = await db.query<{ id: string }>(
      `INSERT INTO share_triggers (partnership_id, rule_id, provider_org_id, window_start,
         window_end, crossing_no, evaluation_id, from_state, to_state, excess, provider_share,
         commissioner_share, community_share)
       VALUES ($1, $2, $3, '2026-04-01', '2026-06-30', $4, $5, 'below', 'above', 58375, 1000,
         57375, 0)
       RETURNING id`,
      [pid, rule.id, provider.id, crossing, evaluation.rows[0].id],
    );
    triggerIds.push(t.rows[0].id);
  }
  const notification = await db.query<{ id: string }>(
    `INSERT INTO notifications (partnership_id, webhook_id, event_type, event_key, payload,
       status, attempts, last_error)
     VALUES ($1, $2, 'trigger.raised', $3, '{}', 'failed', 15, 'HTTP 503')
     RETURNING id`,
    [pid, webhook.id, `trigger:${triggerIds[0]}`],
  );

  return {
    adminKey,
    providerKey: providerKey.key,
    partnershipId: pid,
    sparePartnershipId: spare.id,
    commissionerOrgId: commissioner.id,
    providerOrgId: provider.id,
    provider2OrgId: provider2.id,
    funderOrgId: funder.id,
    spareOrgId: spareOrg.id,
    providerUserId: providerUser.id,
    spareUserId: spareUser.id,
    spareRoleId: spareRole.id,
    spareMemberId: spareMember.id,
    spareKeyId: spareKey.id,
    outcomeId: outcome.id,
    outcomeCode: outcomeBody.code,
    spareOutcomeId: spareOutcome.id,
    targetId: targets.data[0].id,
    proxyId: proxy.id,
    recordIds: batch.records.map((r) => r.id),
    returnId: ret.id,
    ruleId: rule.id,
    webhookId: webhook.id,
    triggerIds,
    notificationId: notification.rows[0].id,
    importId,
    jobId: job.id,
  };
}

/** Path parameter values by name; operations that would damage shared fixtures get spares. */
export function pathValues(fx: Fixtures): {
  byName: Record<string, string>;
  byOp: Record<string, Record<string, string>>;
} {
  return {
    byName: {
      organisationId: fx.spareOrgId,
      partnershipId: fx.partnershipId,
      memberId: fx.spareMemberId,
      roleId: fx.spareRoleId,
      keyId: fx.spareKeyId,
      userId: fx.providerUserId,
      outcomeId: fx.outcomeId,
      targetId: fx.targetId,
      proxyId: fx.proxyId,
      recordId: fx.recordIds[0],
      importId: fx.importId,
      returnId: fx.returnId,
      triggerId: fx.triggerIds[0],
      jobId: fx.jobId,
      webhookId: fx.webhookId,
      notificationId: fx.notificationId,
    },
    byOp: {
      'PATCH /v1/partnerships/{partnershipId}': { partnershipId: fx.sparePartnershipId },
      'PATCH /v1/partnerships/{partnershipId}/outcomes/{outcomeId}': {
        outcomeId: fx.spareOutcomeId,
      },
      'POST /v1/partnerships/{partnershipId}/delivery-records/{recordId}/review': {
        recordId: fx.recordIds[1],
      },
      'POST /v1/partnerships/{partnershipId}/triggers/{triggerId}/settle': {
        triggerId: fx.triggerIds[1],
      },
    },
  };
}

/** Marks a property of an override to be left out of the valid body. */
const OMIT = Symbol('omit');
type Override = Record<string, unknown>;

/**
 * Valid example bodies: the document's examples, with these overrides (ids of seeded rows,
 * `$UNIQ` where a value must be unique; the runner replaces it with the request number).
 */
function overrides(fx: Fixtures): Record<string, Override> {
  const record = {
    outcomeId: fx.outcomeId,
    providerOrganisationId: fx.providerOrgId,
    activityDate: '2026-05-14',
    quantity: '3',
    evidenceRef: 'CASE-2026-0042',
    evidenceGrade: 'self_reported',
    externalRef: 'fuzz-$UNIQ',
  };
  const pp = '/v1/partnerships/{partnershipId}';
  return {
    'POST /v1/organisations': { name: 'Fuzz org $UNIQ', reference: 'FZ-$UNIQ' },
    'PATCH /v1/organisations/{organisationId}': {
      name: 'Fuzz spare org $UNIQ',
      kind: 'other',
    },
    'POST /v1/partnerships': { name: 'Fuzz partnership $UNIQ' },
    [`PATCH ${pp}`]: { name: 'Fuzz spare partnership $UNIQ' },
    [`POST ${pp}/members`]: { organisationId: fx.funderOrgId, role: 'funder' },
    [`POST ${pp}/roles`]: { userId: fx.spareUserId, role: 'board', organisationId: OMIT },
    'POST /v1/users': { email: 'fuzz$UNIQ@example.test', name: 'Fuzz user $UNIQ' },
    'POST /v1/api-keys': {
      name: 'fuzz key $UNIQ',
      expiresAt: '2030-01-01T00:00:00Z',
      userId: OMIT,
    },
    [`POST ${pp}/outcomes`]: {
      code: 'FZ-$UNIQ',
      description: 'A fuzzed outcome',
      parentId: fx.outcomeId,
    },
    [`PATCH ${pp}/outcomes/{outcomeId}`]: {
      description: 'The spare outcome',
      parentId: fx.outcomeId,
      archived: false,
    },
    [`PUT ${pp}/outcomes/{outcomeId}/targets`]: {
      targets: [{ period: '2026-27 Q3', value: '25.0000' }],
      financialYear: OMIT,
      quarterValues: OMIT,
      annualValue: OMIT,
    },
    [`PUT ${pp}/outcomes/{outcomeId}/valuation`]: { proxyId: fx.proxyId },
    'POST /v1/proxies': { code: 'FZ-P-$UNIQ' },
    'POST /v1/proxies/{proxyId}/versions': { validFrom: '2027-04-01' },
    [`POST ${pp}/proxies/{proxyId}/overrides`]: {
      validFrom: '2026-10-01',
      note: 'Fuzz override',
    },
    [`POST ${pp}/delivery-records`]: record,
    [`POST ${pp}/delivery-records/batch`]: { records: [record] },
    [`POST ${pp}/delivery-records/{recordId}/corrections`]: {
      action: 'amend',
      reason: 'Fuzz correction',
      quantity: '2',
      activityDate: '2026-05-15',
      evidenceRef: 'CASE-2026-0043',
      evidenceGrade: 'documented',
    },
    [`POST ${pp}/delivery-records/{recordId}/review`]: { status: 'verified' },
    [`POST ${pp}/financial-returns`]: {
      providerOrganisationId: fx.providerOrgId,
      period: '2026-27 Q2',
      costs: [{ category: 'direct', description: 'Coaches', amount: '182500.00', allowable: true }],
    },
    [`POST ${pp}/share-rules`]: {
      providerOrganisationId: fx.providerOrgId,
      bands: [
        { upTo: '0.05', provider: '0.5', commissioner: '0.5', communityFund: '0' },
        { provider: '0', commissioner: '1' },
      ],
      communityFundOrganisationId: OMIT,
      supersedes: OMIT,
    },
    [`POST ${pp}/webhooks`]: { url: 'https://example.test/hooks/$UNIQ' },
    [`PATCH ${pp}/webhooks/{webhookId}`]: { url: 'https://example.test/hooks/v2' },
  };
}

/** The CSV bodies of the CSV routes (header from the document's example where it has one). */
function csvBody(op: Operation, fx: Fixtures, forFuzzing: boolean): string | undefined {
  if (op.template.endsWith('/delivery-imports')) {
    // The fuzzer's CSVs always carry one refused row (a date after the partnership), so a
    // fuzzed upload never queues an import, which would hold up every later one (409).
    const good = `${fx.outcomeCode},2026-05-14,3,fuzzcsv-$UNIQ,CASE-1,self_reported`;
    const refused = `${fx.outcomeCode},2099-01-01,1,fuzzcsv-$UNIQ-b,,`;
    return `${DELIVERY_CSV_HEADER}\n${good}${forFuzzing ? `\n${refused}` : ''}`;
  }
  if (op.template === '/v1/proxies/import') {
    const header = (op.textBodyExample ?? '').split('\n')[0];
    return `${header}\nFZ-CSV-$UNIQ,Fuzz CSV proxy,person,Illustrative,CC0-1.0,2026-04-01,14000.00,GBP,2024,0.2,0.1,0.05,0.3,3`;
  }
  return op.textBodyExample;
}

export interface ValidBodies {
  /** What the fuzzer mutates. */
  forFuzzing: Map<string, unknown>;
  /** The truly valid body, sent once per operation as a baseline. */
  baseline: Map<string, unknown>;
}

export function validBodies(ops: Operation[], fx: Fixtures): ValidBodies {
  const table = overrides(fx);
  const forFuzzing = new Map<string, unknown>();
  const baseline = new Map<string, unknown>();
  for (const op of ops) {
    if (op.bodySchema) {
      const body = exampleFor(op.bodySchema, () => fx.spareUserId) as Record<string, unknown>;
      const props = op.bodySchema.properties ?? {};
      for (const [k, v] of Object.entries(table[op.key] ?? {})) {
        if (!(k in props)) continue; // the field is gone from the document
        if (v === OMIT) delete body[k];
        else body[k] = v;
      }
      forFuzzing.set(op.key, body);
      baseline.set(op.key, body);
    } else if (op.consumes.length > 0) {
      forFuzzing.set(op.key, csvBody(op, fx, true));
      baseline.set(op.key, csvBody(op, fx, false));
    }
  }
  return { forFuzzing, baseline };
}

/** Query strings a route needs to get past its first checks (raw, `$UNIQ` allowed). */
export function baseQueries(fx: Fixtures, forBaseline = false): Record<string, string> {
  return {
    'POST /v1/partnerships/{partnershipId}/delivery-imports': `providerOrganisationId=${
      forBaseline ? fx.provider2OrgId : fx.providerOrgId
    }&fileName=fuzz-$UNIQ.csv`,
  };
}
