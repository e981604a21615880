import { randomUUID } from 'node:crypto';
import type { ApiUnderTest } from './api-under-test';
import type { ChangeCounter } from './db-changes';
import { describeDeep, isCsvOp, type BodySpec, type Spec } from './generators';
import { send, type RawRequest } from './http-client';
import { describeJson, Repeated, toJsonText } from './json-text';
import type { Operation } from './openapi';

export type FailureKind =
  | 'no-answer'
  | 'process-died'
  | 'server-error'
  | 'not-problem-json'
  | 'db-changed-on-refusal'
  | 'db-changed-after-answer'
  | 'not-run';

export interface Result {
  n: number;
  spec: Spec;
  method: string;
  path: string;
  contentType: string | null;
  headers: Record<string, string | string[]>;
  bodyExcerpt: string;
  /** A way to send the same body again (shell), for reports. */
  bodyShell: string;
  status?: number;
  responseType?: string;
  responseExcerpt?: string;
  requestId?: string;
  error?: string;
  ms: number;
  skipped?: string;
}

export interface Failure {
  kind: FailureKind;
  result: Result;
  detail: string;
}

export interface RunnerContext {
  api: ApiUnderTest;
  counter: ChangeCounter;
  adminKey: string;
  providerKey: string;
  validBody(op: Operation): unknown;
  baseQuery(op: Operation): string;
  /** The value of a path parameter for the k-th request of the operation (k from 0). */
  pathValue(op: Operation, name: string, k: number): string | undefined;
  /** The body text of the k-th request of the operation (fresh pool rows swapped in). */
  swap(op: Operation, k: number, text: string): string;
  timeoutMs: number;
  /** After this many deaths or hang-ups of one kind of input, its remaining requests are skipped. */
  quarantineAfter: number;
  onProgress?: (done: number, total: number) => void;
}

/** Refusals that record something on purpose: a rejected import keeps its row and audit event. */
function allowedRefusalChanges(
  spec: Spec,
  json: unknown,
  changes: Record<string, number>,
): boolean {
  if (!/\/delivery-imports$/.test(spec.op.template) || spec.op.method !== 'POST') return false;
  if (!json || typeof json !== 'object' || !('importId' in json)) return false;
  return Object.keys(changes).every(
    (k) => k.startsWith('delivery_imports:') || k === 'audit_events:INSERT',
  );
}

const uniq = (text: string, n: number): string => text.split('$UNIQ').join(String(n));

function shellQuote(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters need $'…' quoting
  if (!/[\u0000-\u001f\u007f-\uffff']/.test(text)) return `'${text}'`;
  let out = "$'";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === "'" || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c > 0x7e) {
      for (const b of Buffer.from(ch, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else out += ch;
  }
  return `${out}'`;
}

/** The answer to one valid request of the baseline. */
export interface BaselineResult {
  op: string;
  method: string;
  path: string;
  body: string;
  status: number | string;
  excerpt: string;
}

export class FuzzRunner {
  readonly results: Result[] = [];
  readonly failures: Failure[] = [];
  readonly baseline: BaselineResult[] = [];
  /** Requests per operation in the run (the baseline's request is the next one of each). */
  readonly requestsByOp = new Map<string, number>();
  private readonly trouble = new Map<string, number>();
  private lastAfter?: { n: number; maxId: number };
  private last?: { result: Result; refused: boolean };

  constructor(private readonly ctx: RunnerContext) {}

  /**
   * The request a spec describes, with fixtures and the request number `n` filled in; `k` is
   * its position among the requests of its operation (which pool row it gets).
   */
  build(
    spec: Spec,
    n: number,
    k: number,
  ): { raw: RawRequest; contentType: string | null; bodyExcerpt: string; bodyShell: string } {
    const { op } = spec;
    const path = op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      const override = spec.pathParams?.[name];
      if (override !== undefined) return override;
      return encodeURIComponent(this.ctx.pathValue(op, name, k) ?? randomUUID());
    });
    const fill = (text: string): string => this.ctx.swap(op, k, uniq(text, n));
    const query = uniq(spec.query ?? this.ctx.baseQuery(op), n);
    const headers: Record<string, string | string[]> = {};
    const auth = spec.auth ?? 'admin';
    if (auth === 'admin') headers['x-api-key'] = this.ctx.adminKey;
    if (auth === 'provider') headers['x-api-key'] = this.ctx.providerKey;
    for (const [name, v] of Object.entries(spec.headers ?? {})) {
      headers[name] = Array.isArray(v) ? v.map((x) => uniq(x, n)) : uniq(v, n);
    }
    let body: BodySpec = spec.body;
    if (body.kind === 'valid') {
      const valid = this.ctx.validBody(op);
      body =
        valid === undefined
          ? { kind: 'none' }
          : typeof valid === 'string'
            ? { kind: 'text', text: valid }
            : { kind: 'json', value: valid };
    }
    let bytes: Buffer | undefined;
    let bodyExcerpt = '';
    let bodyShell = '';
    switch (body.kind) {
      case 'none':
        break;
      case 'json': {
        const text = fill(toJsonText(body.value));
        bytes = Buffer.from(text, 'utf8');
        bodyExcerpt = fill(describeJson(body.value));
        bodyShell =
          text.length <= 600
            ? shellQuote(text)
            : `@body.json  # ${bodyExcerpt} (${bytes.length} bytes)`;
        break;
      }
      case 'text': {
        const text = body.text instanceof Repeated ? body.text.toString() : fill(body.text);
        bytes = Buffer.from(text, 'utf8');
        if (body.text instanceof Repeated) {
          bodyExcerpt = body.label ?? describeDeep(body.text);
          bodyShell = `@<(node -e ${shellQuote(`process.stdout.write(${jsOf(body.text)})`)})`;
        } else {
          bodyExcerpt = JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
          bodyShell =
            text.length <= 600
              ? shellQuote(text)
              : `@body.txt  # ${bodyExcerpt} (${bytes.length} bytes)`;
        }
        break;
      }
      case 'bytes':
        bytes = body.bytes;
        bodyExcerpt = `<bytes ${body.label}>`;
        bodyShell = `@<(printf ${shellQuote(
          [...body.bytes].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join(''),
        )})`;
        break;
    }
    let contentType: string | null = null;
    if (bytes !== undefined) {
      const own = isCsvOp(op) ? 'text/csv' : 'application/json';
      contentType = spec.contentType === undefined ? own : spec.contentType;
      if (contentType !== null) headers['content-type'] = contentType;
    }
    return {
      raw: { method: op.method, path: query ? `${path}?${query}` : path, headers, body: bytes },
      contentType,
      bodyExcerpt,
      bodyShell,
    };
  }

  /**
   * One valid request per operation, sent after the run: each must succeed (2xx) on what the
   * run left, which shows that the fuzzed requests could have succeeded too. Operations that
   * use up their rows get the pool row after the run's last one.
   */
  async sendBaseline(
    ops: Operation[],
    baselineBody: (op: Operation) => unknown,
    baselineQuery: (op: Operation) => string,
  ): Promise<void> {
    for (const op of ops) {
      const valid = baselineBody(op);
      const spec: Spec = {
        op,
        category: 'body-field',
        variant: 'baseline (valid)',
        signature: 'baseline',
        query: baselineQuery(op),
        body:
          valid === undefined
            ? { kind: 'none' }
            : typeof valid === 'string'
              ? { kind: 'text', text: valid }
              : { kind: 'json', value: valid },
      };
      const built = this.build(
        spec,
        900_000 + this.baseline.length,
        this.requestsByOp.get(op.key) ?? 0,
      );
      const ex = await send(this.ctx.api.port, built.raw, { timeoutMs: this.ctx.timeoutMs });
      this.baseline.push({
        op: op.key,
        method: op.method,
        path: built.raw.path,
        body: built.bodyExcerpt,
        status: ex.kind === 'answer' ? ex.answer.status : `no answer (${ex.error})`,
        excerpt: ex.kind === 'answer' ? ex.answer.body.toString('utf8').slice(0, 300) : '',
      });
      if (!this.ctx.api.alive() || (ex.kind !== 'answer' && !(await this.ctx.api.healthy()))) {
        await this.ctx.api.recordDeathAndRestart(-1);
      }
    }
  }

  async run(specs: Spec[]): Promise<void> {
    // Each request's position among its operation's requests, fixed by the list alone.
    const ordinals = specs.map((s) => {
      const k = this.requestsByOp.get(s.op.key) ?? 0;
      this.requestsByOp.set(s.op.key, k + 1);
      return k;
    });
    this.lastAfter = await this.ctx.counter.read();
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i];
      const n = i + 1;
      const troubleKey = `${spec.signature}|${isCsvOp(spec.op) ? 'csv-route' : 'json-route'}`;
      const built = this.build(spec, n, ordinals[i]);
      const result: Result = {
        n,
        spec,
        method: spec.op.method,
        path: built.raw.path,
        contentType: built.contentType,
        headers: built.raw.headers,
        bodyExcerpt: built.bodyExcerpt,
        bodyShell: built.bodyShell,
        ms: 0,
      };
      this.results.push(result);
      if ((this.trouble.get(troubleKey) ?? 0) >= this.ctx.quarantineAfter) {
        result.skipped = `skipped: ${this.ctx.quarantineAfter} earlier ${troubleKey} requests killed or hung the API`;
        continue;
      }
      // A process that died after answering the previous request: that request's failure.
      if (!this.ctx.api.alive()) {
        if (this.last) {
          this.fail('process-died', this.last.result, 'the API process exited after answering');
          this.bump(this.last.result);
        }
        if (!(await this.restart(n, specs, i))) return;
      }
      const before = await this.ctx.counter.read();
      if (this.lastAfter && before.n !== this.lastAfter.n && this.last?.refused) {
        const changes = await this.ctx.counter.since(this.lastAfter.maxId);
        if (Object.keys(changes).length > 0) {
          this.fail(
            'db-changed-after-answer',
            this.last.result,
            `rows changed after the refusal was answered: ${JSON.stringify(changes)}`,
          );
        }
      }
      const ex = await send(this.ctx.api.port, built.raw, {
        timeoutMs: this.ctx.timeoutMs,
        maxBodyBytes: 8 << 20,
      });
      let refused = true;
      let json: unknown;
      if (ex.kind === 'no-answer') {
        result.error = ex.error;
        result.ms = ex.ms;
        const died = await this.ctx.api.waitForExit(4_000);
        const healthy = !died && (await this.ctx.api.healthy());
        this.fail('no-answer', result, ex.error);
        this.trouble.set(troubleKey, (this.trouble.get(troubleKey) ?? 0) + 1);
        if (!healthy) {
          this.fail(
            'process-died',
            result,
            died
              ? 'the API process exited while handling the request'
              : 'the API stopped answering /health',
          );
          if (!(await this.restart(n, specs, i))) return;
          this.lastAfter = await this.ctx.counter.read();
          this.last = { result, refused: true };
          continue;
        }
      } else {
        const a = ex.answer;
        result.status = a.status;
        result.ms = a.ms;
        const type = String(a.headers['content-type'] ?? '');
        result.responseType = type;
        const text = a.body.toString('utf8');
        result.responseExcerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        const problemStatus =
          json && typeof json === 'object' ? (json as { status?: unknown }).status : undefined;
        const fromBody =
          json && typeof json === 'object'
            ? (json as { requestId?: unknown }).requestId
            : undefined;
        const fromHeader = a.headers['x-request-id'];
        result.requestId =
          typeof fromBody === 'string'
            ? fromBody
            : typeof fromHeader === 'string'
              ? fromHeader
              : undefined;
        refused = a.status >= 400;
        if (a.status >= 500) this.fail('server-error', result, `HTTP ${a.status}`);
        if (a.status >= 400) {
          const isProblem = /^application\/problem\+json\b/i.test(type);
          if (!isProblem || problemStatus !== a.status) {
            const code =
              json && typeof json === 'object' && 'code' in json && typeof json.code === 'string'
                ? ` (${json.code})`
                : '';
            this.fail(
              'not-problem-json',
              result,
              !isProblem
                ? `content-type ${type || '(none)'} instead of application/problem+json${code}`
                : `problem status ${JSON.stringify(problemStatus)} ≠ HTTP ${a.status}`,
            );
          }
        }
        await new Promise((r) => setImmediate(r));
        if (!this.ctx.api.alive()) {
          await this.ctx.api.waitForExit(2_000);
          this.fail('process-died', result, 'the API process exited right after answering');
          this.trouble.set(troubleKey, (this.trouble.get(troubleKey) ?? 0) + 1);
          if (!(await this.restart(n, specs, i))) return;
          this.lastAfter = await this.ctx.counter.read();
          this.last = { result, refused };
          continue;
        }
      }
      const after = await this.ctx.counter.read();
      if (refused && after.n !== before.n) {
        const changes = await this.ctx.counter.since(before.maxId);
        const net = Object.keys(changes).length > 0;
        if (net && !(result.status !== undefined && allowedRefusalChanges(spec, json, changes))) {
          this.fail(
            'db-changed-on-refusal',
            result,
            `${result.status ?? 'no answer'} but rows changed: ${JSON.stringify(changes)}`,
          );
        }
      }
      this.lastAfter = after;
      this.last = { result, refused };
      this.ctx.onProgress?.(n, specs.length);
    }
  }

  private bump(result: Result): void {
    const key = `${result.spec.signature}|${isCsvOp(result.spec.op) ? 'csv-route' : 'json-route'}`;
    this.trouble.set(key, (this.trouble.get(key) ?? 0) + 1);
  }

  /** Restarts the API; when the budget is spent, the rest of the run is recorded as not run. */
  private async restart(n: number, specs: Spec[], i: number): Promise<boolean> {
    if (await this.ctx.api.recordDeathAndRestart(n)) return true;
    const rest = specs.length - i - 1;
    const result = this.results[this.results.length - 1];
    this.fail(
      'not-run',
      result,
      `the API died ${this.ctx.api.deaths.length} times (restart budget ${this.ctx.api.maxRestarts} spent); ${rest} requests were not sent`,
    );
    for (let j = i + 1; j < specs.length; j++) {
      this.results.push({
        n: j + 1,
        spec: specs[j],
        method: specs[j].op.method,
        path: '',
        contentType: null,
        headers: {},
        bodyExcerpt: '',
        bodyShell: '',
        ms: 0,
        skipped: 'not run: restart budget spent',
      });
    }
    return false;
  }

  private fail(kind: FailureKind, result: Result, detail: string): void {
    this.failures.push({ kind, result, detail });
  }
}

/** A JavaScript expression that builds a long repetition (for shell reproductions). */
function jsOf(r: Repeated): string {
  const d = r as Repeated & { open?: string; close?: string; depth?: number; inner?: string };
  if (d.open !== undefined && d.close !== undefined && d.depth !== undefined) {
    const inner = d.inner ?? '';
    const innerJs =
      inner.length > 100 && /^(.)\1*$/s.test(inner)
        ? `${JSON.stringify(inner[0])}.repeat(${inner.length})`
        : JSON.stringify(inner);
    return `${JSON.stringify(d.open)}.repeat(${d.depth})+${innerJs}+${JSON.stringify(d.close)}.repeat(${d.depth})`;
  }
  return `${JSON.stringify(r.unit)}.repeat(${r.count})`;
}
