/**
 * `npm run demo` runs this beside the API and the worker: once the worker has issued the demo's
 * 2025-26 Q1 report, the demo's people sign it off THROUGH THE API, as a board would — the admin
 * sets the rule (a quorum of one board member), closes the quarter and puts the report to review,
 * and the board member approves it. Idempotent: a quarter already signed off is left as it is.
 * DEMO ONLY (the keys are the seed's public demo keys).
 */
const PARTNERSHIP = '00000000-0000-4000-8000-00000000d001';
const QUARTER = '2025-26 Q1';
const ADMIN = { 'x-api-key': 'ol_demoadmin001_DemoAdminKeyDoNotUseInProduction' };
const BOARD = { 'x-api-key': 'ol_demoboard001_DemoBoardKeyDoNotUseInProduction' };

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const res = await fetch(`${baseUrl}/v1/partnerships/${PARTNERSHIP}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function expectStatus(answer: Answer, ok: number[], what: string): void {
  if (!ok.includes(answer.status)) {
    throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
}

/**
 * Signs the demo's Q1 report off through the API at `baseUrl`, waiting up to `timeoutMs` for the
 * worker to issue it. Returns the signed-off report's id.
 */
export async function signOffDemoQuarter(baseUrl: string, timeoutMs = 180_000): Promise<string> {
  const q = encodeURIComponent(QUARTER);
  const deadline = Date.now() + timeoutMs;
  let report: Answer;
  for (;;) {
    report = await call(baseUrl, 'GET', `/reports/current?scope=quarter&quarter=${q}`, BOARD).catch(
      () => ({ status: 0, body: {} }),
    );
    if (report.status === 200 && report.body.status === 'final') break;
    if (Date.now() > deadline) throw new Error(`no ${QUARTER} report after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const id = report.body.id as string;
  if ((report.body.signOff as { status?: string } | undefined)?.status === 'signed_off') return id;
  expectStatus(
    await call(baseUrl, 'PUT', '/sign-off-rule', ADMIN, { kind: 'quorum', quorum: 1 }),
    [200],
    'sign-off rule',
  );
  expectStatus(
    await call(baseUrl, 'POST', `/periods/${q}/close`, ADMIN, {
      reason: 'Q1 data complete; closed for the board',
    }),
    [200, 409],
    'close the quarter',
  );
  expectStatus(
    await call(baseUrl, 'POST', `/reports/${id}/review`, ADMIN, {}),
    [200, 201, 409],
    'review',
  );
  expectStatus(
    await call(baseUrl, 'POST', `/reports/${id}/decision`, BOARD, {
      decision: 'approve',
      comment: 'Agreed at the board meeting of 12 August 2025',
    }),
    [200, 201],
    'approve',
  );
  return id;
}

if (require.main === module) {
  const baseUrl = process.env.DEMO_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
  signOffDemoQuarter(baseUrl).then(
    (id) => console.log(`Demo: the ${QUARTER} report (${id}) is signed off by the board.`),
    // The demo goes on without it (the API and the worker keep running).
    (error: Error) => console.warn(`Demo sign-off skipped: ${error.message}`),
  );
}
