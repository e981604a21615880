import type { Death } from './api-under-test';
import type { Failure, FailureKind, FuzzRunner, Result } from './runner';

/** requestId → what the API logged about the error (its type and the last line of its message). */
export function causesFromLog(output: string): Map<string, string> {
  const causes = new Map<string, string>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{') || !line.includes('"err"')) continue;
    try {
      const entry = JSON.parse(line) as {
        req?: { id?: string };
        requestId?: string;
        err?: { type?: string; message?: string; code?: string };
      };
      const id = entry.requestId ?? entry.req?.id;
      if (!id || !entry.err) continue;
      causes.set(id, errorCause(entry.err));
    } catch {
      // not a JSON log line
    }
  }
  return causes;
}

function errorCause(err: { type?: string; message?: string; code?: string }): string {
  const lines = (err.message ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/^→?\s*\d+\s/.test(l));
  const last = lines[lines.length - 1] ?? '';
  const code = err.code ? ` [${err.code}]` : '';
  return `${err.type ?? 'Error'}${code}: ${last}`.slice(0, 300);
}

/** A short cause for a process death, from its last output (its own crash report first). */
export function deathCause(death: Death): string {
  const lines = death.lastOutput.split('\n').map((l) => l.trim());
  const plain = lines.filter((l) => l.length > 0 && !l.startsWith('{'));
  const fatal = lines
    .filter((l) => l.startsWith('{') && /"level":60/.test(l))
    .map((l) => l.slice(0, 200));
  const what =
    plain.find((l) => /Assertion failed|FATAL ERROR|JavaScript heap|Maximum call stack/.test(l)) ??
    plain.find((l) => /\b(\w*Error|Exception)\b/.test(l)) ??
    fatal[fatal.length - 1] ??
    'no crash report in its output';
  const frame = plain.find((l) => /^\d+: [a-zA-Z_$]/.test(l) || /^at \S/.test(l));
  const how = `exit code ${death.code ?? '-'}, signal ${death.signal ?? '-'}`;
  return `${what.replace(/^#\s*/, '')}${frame ? ` at ${frame.replace(/^\d+: |^at /, '')}` : ''} (${how})`.slice(
    0,
    400,
  );
}

/** UUIDs and long numbers out, so the same cause groups together. */
const normalise = (text: string): string =>
  text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\d{4,}/g, '<n>')
    .replace(/\/work\/\S+\/(node_modules|\.test-build)\//g, '$1/');

export interface Group {
  kind: FailureKind;
  status: string;
  /** The operations it happened on. */
  ops: Map<string, number>;
  input: string;
  cause: string;
  count: number;
  example: Failure;
}

export function causeOf(f: Failure, causes: Map<string, string>, deaths: Death[]): string {
  if (f.kind === 'process-died' || f.kind === 'no-answer') {
    const death = deaths.find((d) => d.atRequest === f.result.n || d.atRequest === f.result.n + 1);
    return death
      ? `${f.kind === 'no-answer' ? `${f.detail}; ` : ''}${deathCause(death)}`
      : f.detail;
  }
  if (f.kind === 'server-error') {
    return (f.result.requestId && causes.get(f.result.requestId)) || 'no log line found';
  }
  return f.detail;
}

/** Failures with the same kind, status, class of input and cause, whatever the operation. */
export function groupFailures(
  failures: Failure[],
  causes: Map<string, string>,
  deaths: Death[],
): Group[] {
  const groups = new Map<string, Group>();
  for (const f of failures) {
    const cause = normalise(causeOf(f, causes, deaths));
    const status = f.result.status !== undefined ? String(f.result.status) : 'no answer';
    const input = f.kind === 'not-run' ? '-' : f.result.spec.signature;
    const key = [f.kind, status, input, cause].join('|');
    let g = groups.get(key);
    if (!g) {
      g = { kind: f.kind, status, ops: new Map(), input, cause, count: 0, example: f };
      groups.set(key, g);
    }
    g.count++;
    g.ops.set(f.result.spec.op.key, (g.ops.get(f.result.spec.op.key) ?? 0) + 1);
  }
  return [...groups.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || b.count - a.count || a.cause.localeCompare(b.cause),
  );
}

const opsOf = (g: Group, max = 6): string => {
  const ops = [...g.ops.keys()];
  return ops.length <= max
    ? ops.join(', ')
    : `${ops.slice(0, max).join(', ')} and ${ops.length - max} more operations`;
};

/** The example as a curl command (fixture ids shown by name, the admin key as $ADMIN_KEY). */
export function curlOf(r: Result, names: Map<string, string>, keys: Map<string, string>): string {
  let path = r.path
    .split('/')
    .map((segment) => {
      const [bare, query] = segment.split('?');
      const name = names.get(bare);
      return name ? `<${name}>${query !== undefined ? `?${query}` : ''}` : segment;
    })
    .join('/');
  for (const [id, name] of names) if (id.length >= 32) path = path.split(id).join(`<${name}>`);
  path = path.replace(/(.)\1{99,}/g, (run: string, ch: string) => `<${ch}×${run.length}>`);
  const parts = [`curl -sS -X ${r.method} 'http://127.0.0.1:$PORT${path}'`];
  for (const [k, v] of Object.entries(r.headers)) {
    if (k === 'connection' || k === 'content-length') continue;
    for (const value of Array.isArray(v) ? v : [v]) {
      const shown = keys.get(value) ?? (value.length > 80 ? `<${value.length} chars>` : value);
      parts.push(`-H '${k}: ${shown}'`);
    }
  }
  if (r.bodyShell) {
    let body = r.bodyShell;
    for (const [id, name] of names) if (id.length >= 32) body = body.split(id).join(`<${name}>`);
    parts.push(`--data-binary ${body}`);
  }
  return parts.join(' ');
}

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

const table = (rows: string[][]): string => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ')).join('\n');
};

export interface SummaryInput {
  runner: FuzzRunner;
  seed: number;
  runs: number;
  seconds: number;
  targets: string[];
  deaths: Death[];
  restarts: number;
  causes: Map<string, string>;
  names: Map<string, string>;
  keys: Map<string, string>;
}

export function summary(input: SummaryInput): { text: string; groups: Group[] } {
  const { runner } = input;
  const sent = runner.results.filter((r) => !r.skipped);
  const skipped = runner.results.filter((r) => r.skipped);
  const statusOf = (r: Result): string =>
    r.status !== undefined ? String(r.status) : r.error ? 'no answer' : 'skipped';
  const lines: string[] = [];
  const failed = new Set(runner.failures.map((f) => f.result.n));
  lines.push('='.repeat(100));
  lines.push(
    `API fuzz summary: seed ${input.seed} (FUZZ_SEED=${input.seed} to replay), FUZZ_RUNS=${input.runs}`,
  );
  lines.push(
    `${sent.length} requests sent, ${skipped.length} skipped, in ${input.seconds.toFixed(1)} s; ` +
      `${input.targets.length} operations; API restarts: ${input.restarts}; failures: ${runner.failures.length} ` +
      `(on ${failed.size} requests)`,
  );
  lines.push(
    `2xx answers to malformed requests (allowed, counted): ${sent.filter((r) => (r.status ?? 0) >= 200 && (r.status ?? 0) < 300).length}`,
  );
  lines.push('');
  lines.push('By status:');
  const byStatus = [...countBy(runner.results, statusOf)].sort(([a], [b]) => a.localeCompare(b));
  lines.push(`  ${byStatus.map(([s, c]) => `${s}: ${c}`).join(', ')}`);
  lines.push('');
  lines.push('By category (sent / failed requests):');
  const cats = countBy(sent, (r) => r.spec.category);
  const catFailed = countBy(
    runner.results.filter((r) => failed.has(r.n)),
    (r) => r.spec.category,
  );
  lines.push(
    table([
      ['category', 'sent', 'failed'],
      ...[...cats].map(([c, n]) => [c, String(n), String(catFailed.get(c) ?? 0)]),
    ]).replace(/^/gm, '  '),
  );
  lines.push('');
  lines.push('By operation:');
  const rows: string[][] = [
    ['operation', 'sent', '2xx', '4xx', '5xx', 'no answer', 'skipped', 'failed'],
  ];
  for (const op of input.targets) {
    const mine = runner.results.filter((r) => r.spec.op.key === op);
    const s = (lo: number, hi: number): string =>
      String(mine.filter((r) => (r.status ?? 0) >= lo && (r.status ?? 0) < hi).length);
    rows.push([
      op,
      String(mine.filter((r) => !r.skipped).length),
      s(200, 300),
      s(400, 500),
      s(500, 600),
      String(mine.filter((r) => r.error).length),
      String(mine.filter((r) => r.skipped).length),
      String(mine.filter((r) => failed.has(r.n)).length),
    ]);
  }
  lines.push(table(rows).replace(/^/gm, '  '));
  const no2xx = rows.slice(1).filter((r) => r[2] === '0');
  lines.push(`Operations with no 2xx answer: ${no2xx.map((r) => r[0]).join(', ') || 'none'}`);
  lines.push('');
  lines.push('Baseline (one valid request per operation, sent after the run; each must be 2xx):');
  for (const b of runner.baseline) {
    const ok = typeof b.status === 'number' && b.status >= 200 && b.status < 300;
    lines.push(`  ${String(b.status).padEnd(4)} ${b.op}${ok ? '' : `  ${b.excerpt}`}`);
  }
  lines.push('');
  const kinds = countBy(runner.failures, (f) => f.kind);
  lines.push(`Failures by kind: ${[...kinds].map(([k, c]) => `${k}: ${c}`).join(', ') || 'none'}`);
  const groups = groupFailures(runner.failures, input.causes, input.deaths);
  if (groups.length > 0) {
    lines.push('');
    lines.push(
      `Distinct failures (${groups.length}), grouped by kind, status, class of input and cause:`,
    );
    for (const g of groups) {
      lines.push(`  [${g.count}×] ${g.kind} ${g.status}, input ${g.input}`);
      lines.push(`      cause: ${g.cause}`);
      lines.push(`      on:    ${opsOf(g)}`);
      lines.push(
        `      first: ${g.example.result.method} ${g.example.result.spec.op.template} — ${g.example.result.spec.variant}`,
      );
      lines.push(`      e.g.   ${curlOf(g.example.result, input.names, input.keys)}`);
    }
  }
  if (input.deaths.length > 0) {
    lines.push('');
    lines.push(`API process deaths (${input.deaths.length}):`);
    for (const d of input.deaths) lines.push(`  at request ${d.atRequest}: ${deathCause(d)}`);
  }
  if (runner.failures.length > 0) {
    lines.push('');
    lines.push(`First ${Math.min(50, runner.failures.length)} failures in detail:`);
    for (const f of runner.failures.slice(0, 50)) {
      const r = f.result;
      lines.push(
        `  #${r.n} ${f.kind}: ${r.method} ${shorten(r.path, 160)} [${r.spec.category}: ${r.spec.variant}]`,
      );
      lines.push(
        `      content-type: ${r.contentType ?? '(none)'}; body: ${shorten(r.bodyExcerpt, 200)}`,
      );
      lines.push(
        `      answer: ${r.status ?? r.error ?? '-'} ${r.responseType ?? ''} ${shorten(r.responseExcerpt ?? '', 200)}`,
      );
      lines.push(`      ${f.detail}; cause: ${causeOf(f, input.causes, input.deaths)}`);
    }
  }
  lines.push('='.repeat(100));
  return { text: lines.join('\n'), groups };
}

function shorten(text: string, max: number): string {
  const compact = text.replace(/(.)\1{99,}/g, (run: string, ch: string) => `<${ch}×${run.length}>`);
  return compact.length > max ? `${compact.slice(0, max)}…` : compact;
}

/** One line per failure kind and distinct group: the message of the final assertion. */
export function failureMessage(failures: Failure[], groups: Group[]): string {
  if (failures.length === 0) return 'no failures';
  const kinds = countBy(failures, (f) => f.kind);
  return [
    `${failures.length} failures: ${[...kinds].map(([k, c]) => `${k} ${c}`).join(', ')}`,
    ...groups
      .slice(0, 60)
      .map(
        (g) =>
          `  ${g.count}× ${g.kind} ${g.status} (${g.input}) on ${opsOf(g, 2)}: ${g.cause.slice(0, 160)}`,
      ),
    ...(groups.length > 60 ? [`  … and ${groups.length - 60} more groups (see the summary)`] : []),
  ].join('\n');
}
