/**
 * The baseline of `npm run bench:api`: a bare `node:http` server on `pg` that answers the bench's
 * routes with the statements they need and nothing else (no framework, no validation library, no
 * logging, no rate limit): the key and its roles in one statement, then the route's own. Started
 * by bench/api.ts as a child process (PORT, DATABASE_URL); not a product component.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

interface Caller {
  userId: string;
  partnerships: Map<string, { roles: string[]; organisationId: string | null }>;
}

const KEY = /^ol_([a-z0-9]{12})_[A-Za-z0-9]{32}$/;

/** The key and its roles in one statement (the product's guard needs the same facts). */
async function authenticate(req: IncomingMessage): Promise<Caller | null> {
  const key = req.headers['x-api-key'];
  const m = typeof key === 'string' ? KEY.exec(key) : null;
  if (!m) return null;
  const { rows } = await pool.query<{
    user_id: string;
    key_hash: string;
    partnership_id: string | null;
    role: string | null;
    organisation_id: string | null;
  }>(
    `SELECT k.user_id, k.key_hash, r.partnership_id, r.role::text AS role, r.organisation_id
       FROM api_keys k JOIN users u ON u.id = k.user_id
       LEFT JOIN user_roles r ON r.user_id = k.user_id
      WHERE k.prefix = $1 AND k.revoked_at IS NULL AND u.disabled_at IS NULL
        AND (k.expires_at IS NULL OR k.expires_at > now())`,
    [m[1]],
  );
  if (rows.length === 0) return null;
  const a = createHash('sha256')
    .update(key as string)
    .digest();
  const b = Buffer.from(rows[0].key_hash, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  const partnerships = new Map<string, { roles: string[]; organisationId: string | null }>();
  for (const r of rows) {
    if (!r.partnership_id || !r.role) continue;
    const entry = partnerships.get(r.partnership_id) ?? { roles: [], organisationId: null };
    entry.roles.push(r.role);
    entry.organisationId ??= r.organisation_id;
    partnerships.set(r.partnership_id, entry);
  }
  return { userId: rows[0].user_id, partnerships };
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const ROUTE =
  /^\/v1\/partnerships\/([0-9a-f-]{36})\/(reports|reports\/current|delivery-records)(\?.*)?$/;

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  if (url === '/health') return send(res, 200, '{"status":"ok"}');
  const route = ROUTE.exec(url);
  if (!route) return send(res, 404, '{"status":404}');
  const caller = await authenticate(req);
  if (!caller) return send(res, 401, '{"status":401}');
  const pid = route[1];
  const member = caller.partnerships.get(pid);
  if (!member) return send(res, 404, '{"status":404}');
  const query = new URLSearchParams(route[3]?.slice(1) ?? '');

  if (route[2] === 'reports' && req.method === 'GET') {
    const { rows } = await pool.query(
      `SELECT r.id, r.scope, r.period_label AS "periodLabel", r.period_start AS "periodStart",
              r.period_end AS "periodEnd", r.version, r.status, r.fingerprint, r.created_at AS "createdAt",
              (c.report_id IS NOT NULL) AS current
         FROM reports r
         LEFT JOIN current_reports c ON c.partnership_id = r.partnership_id AND c.report_id = r.id
        WHERE r.partnership_id = $1
        ORDER BY r.period_start DESC, r.scope, r.version DESC
        LIMIT 50`,
      [pid],
    );
    const { rows: count } = await pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM reports WHERE partnership_id = $1',
      [pid],
    );
    return send(res, 200, JSON.stringify({ data: rows, page: { total: Number(count[0].n) } }));
  }
  if (route[2] === 'reports/current' && req.method === 'GET') {
    const { rows } = await pool.query<{ meta: string; figures: string }>(
      `SELECT json_build_object('id', r.id, 'version', r.version, 'status', r.status,
                                'fingerprint', r.fingerprint)::text AS meta, r.figures::text AS figures
         FROM current_reports c JOIN reports r ON r.partnership_id = c.partnership_id AND r.id = c.report_id
        WHERE c.partnership_id = $1 AND c.scope = $2::report_scope AND r.period_label = $3`,
      [pid, query.get('scope'), query.get('quarter')],
    );
    if (rows.length === 0) return send(res, 404, '{"status":404}');
    return send(res, 200, `{"report":${rows[0].meta},"figures":${rows[0].figures}}`);
  }
  if (route[2] === 'delivery-records' && req.method === 'GET') {
    const own = member.roles.every((r) => r === 'provider') ? member.organisationId : null;
    const { rows } = await pool.query(
      `SELECT id, outcome_id AS "outcomeId", provider_org_id AS "providerOrganisationId",
              activity_date AS "activityDate", quantity::text AS quantity, status,
              external_ref AS "externalRef", created_at AS "createdAt"
         FROM delivery_records
        WHERE partnership_id = $1 AND ($2::uuid IS NULL OR provider_org_id = $2)
        ORDER BY activity_date DESC, id DESC
        LIMIT 50`,
      [pid, own],
    );
    return send(res, 200, JSON.stringify({ data: rows }));
  }
  if (route[2] === 'delivery-records' && req.method === 'POST') {
    const body = JSON.parse(await readBody(req)) as {
      outcomeId: string;
      activityDate: string;
      quantity: string;
      externalRef: string;
    };
    const idempotencyKey = String(req.headers['idempotency-key'] ?? '');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, state)
         VALUES ($1, $2, 'POST', $3, $4, 'in_progress')`,
        [
          caller.userId,
          idempotencyKey,
          url,
          createHash('sha256').update(JSON.stringify(body)).digest('hex'),
        ],
      );
      const { rows } = await client.query(
        `INSERT INTO delivery_records (partnership_id, outcome_id, provider_org_id, activity_date,
                                       quantity, external_ref, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, outcome_id AS "outcomeId", activity_date AS "activityDate",
                   quantity::text AS quantity, status, external_ref AS "externalRef"`,
        [
          pid,
          body.outcomeId,
          member.organisationId,
          body.activityDate,
          body.quantity,
          body.externalRef,
          caller.userId,
        ],
      );
      const out = JSON.stringify(rows[0]);
      await client.query(
        `UPDATE idempotency_keys SET state = 'done', response_status = 201, response_body = $3::json
          WHERE user_id = $1 AND key = $2`,
        [caller.userId, idempotencyKey, out],
      );
      await client.query('COMMIT');
      return send(res, 201, out);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  return send(res, 405, '{"status":405}');
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    if (!res.headersSent) send(res, 500, JSON.stringify({ error: String(error) }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('listening'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end();
});
