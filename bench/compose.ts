/**
 * npm run bench:compose -- <mode> ... — the report's computing without its reads: composeReport
 * (and the figures' JSON) on captured inputs, timed per call, to measure the worker's CPU after
 * the reads apart from the machine's other load (bench:report times the whole report end to end).
 *
 *   node dist/bench/compose.js capture <database-url> <file> [quarter] [scope] [partnership name]
 *     reads the inputs of the large partnership's quarter report (default 2025-26 Q4) from a
 *     database kept by bench:report (BENCH_KEEP_DB=1) with the worker's ReportBuilder, and writes
 *     them as JSON (status final, so the same file gives the same figures any day);
 *   node dist/bench/compose.js time <file> [calls]
 *     composes the report `calls` times (default 200) after 30 untimed calls, and prints the
 *     median and quartiles of composeReport, the process's CPU per call (all its threads), of
 *     JSON.stringify of the figures, and the sha256 of the figures' JSON (the same inputs must give the same bytes before and after a change);
 *   node dist/bench/compose.js first <file> [calls]
 *     the first `calls` calls (default 11) of a fresh process, compose and JSON each: what
 *     bench:report's single report sees (a worker started for it, one untimed report, then ten).
 *
 * Profile with `node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/compose.js time <file>`.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DatabaseConfig, loadConfig } from '@ol/config';
import {
  composeReport,
  parseQuarterLabel,
  reportWindow,
  type ReportInputs,
  type ReportScope,
} from '@ol/outcomes';
import {
  Db,
  PartnershipRepository,
  PrismaService,
  ReportInputsRepository,
  createPool,
} from '@ol/persistence';
import { ReportBuilder } from '../apps/worker/src/reports/report-builder.service';

const FY = 4;
const START = '2024-04-01';

async function capture(
  url: string,
  file: string,
  quarter: string,
  scope: ReportScope = 'quarter',
  name = 'Bench large',
): Promise<void> {
  const config = loadConfig(DatabaseConfig, { ...process.env, DATABASE_URL: url });
  const prisma = new PrismaService(createPool(config, 'bench-compose'));
  try {
    const { id } = await prisma.partnership.findFirstOrThrow({ where: { name } });
    const partnership = (await new PartnershipRepository(new Db(prisma)).findById(id))!;
    const window = reportWindow(scope, parseQuarterLabel(quarter, FY), START);
    const builder = new ReportBuilder(new ReportInputsRepository(new Db(prisma)));
    const { inputs } = await builder.prepare(partnership, window, undefined, 'final');
    writeFileSync(file, JSON.stringify(inputs));
    console.log(`captured ${inputs.outcomes.length} outcomes to ${file}`);
  } finally {
    await prisma.onModuleDestroy();
  }
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

function time(file: string, calls: number): void {
  const inputs = JSON.parse(readFileSync(file, 'utf8')) as ReportInputs;
  const compose: number[] = [];
  const json: number[] = [];
  let text = '';
  let cpu = process.cpuUsage();
  for (let i = 0; i < 30 + calls; i++) {
    if (i === 30) cpu = process.cpuUsage();
    const t0 = performance.now();
    const figures = composeReport(inputs);
    const t1 = performance.now();
    text = JSON.stringify(figures);
    const t2 = performance.now();
    if (i < 30) continue;
    compose.push(t1 - t0);
    json.push(t2 - t1);
  }
  const line = (name: string, xs: number[]) =>
    `${name}: median ${percentile(xs, 0.5).toFixed(2)} ms (p25 ${percentile(xs, 0.25).toFixed(2)}, p75 ${percentile(xs, 0.75).toFixed(2)})`;
  const used = process.cpuUsage(cpu);
  console.log(line('composeReport', compose));
  console.log(
    `process CPU per call (compose and JSON, every thread: GC and compiler too): ${((used.user + used.system) / 1000 / calls).toFixed(2)} ms`,
  );
  console.log(line('JSON.stringify(figures)', json));
  console.log(
    `figures: ${text.length} chars, sha256 ${createHash('sha256').update(text).digest('hex')}`,
  );
}

/** The first `calls` calls of a fresh process, as bench:report's single report sees them. */
function first(file: string, calls: number): void {
  const inputs = JSON.parse(readFileSync(file, 'utf8')) as ReportInputs;
  const times: number[] = [];
  let text = '';
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    text = JSON.stringify(composeReport(inputs));
    times.push(performance.now() - t0);
  }
  const rest = times.slice(1);
  console.log(
    `first ${calls} calls (compose + JSON), ms: ${times.map((t) => t.toFixed(0)).join(' ')}; median after the first ${percentile(rest, 0.5).toFixed(1)}`,
  );
  console.log(`sha256 ${createHash('sha256').update(text).digest('hex')}`);
}

async function main(): Promise<void> {
  const [mode, a, b, c, d, e] = process.argv.slice(2);
  if (mode === 'capture') await capture(a, b, c ?? '2025-26 Q4', d as ReportScope, e);
  else if (mode === 'time') time(a, Number(b ?? 200));
  else if (mode === 'first') first(a, Number(b ?? 11));
  else
    throw new Error(
      'usage: compose.js capture <url> <file> [quarter] | time <file> [calls] | first <file> [calls]',
    );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
