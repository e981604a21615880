import { request, type IncomingHttpHeaders } from 'node:http';

/** One raw HTTP request: any method, path (already encoded), headers and body bytes. */
export interface RawRequest {
  method: string;
  /** Path and query string exactly as sent on the request line. */
  path: string;
  headers: Record<string, string | string[]>;
  body?: Buffer;
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The first `maxBodyBytes` of the body (the rest is read and dropped). */
  body: Buffer;
  ms: number;
}

export type Exchange =
  { kind: 'answer'; answer: RawAnswer } | { kind: 'no-answer'; error: string; ms: number };

/**
 * Sends one request on a fresh connection (no keep-alive, so a server-side reset never leaks into
 * the next request) and never throws: a reset, hang-up, refused connection or timeout comes back
 * as `no-answer`.
 */
export function send(
  port: number,
  req: RawRequest,
  options: { timeoutMs: number; maxBodyBytes?: number },
): Promise<Exchange> {
  const started = Date.now();
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  return new Promise<Exchange>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined = undefined;
    // A response whose status line arrived: a reset afterwards still counts as its answer.
    let partial: RawAnswer | undefined;
    const finish = (result: Exchange): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const headers: Record<string, string | string[]> = { ...req.headers, connection: 'close' };
    if (req.body !== undefined) headers['content-length'] = String(req.body.length);
    let clientRequest: ReturnType<typeof request>;
    try {
      clientRequest = request({
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        headers,
        agent: false,
      });
    } catch (error) {
      // The client itself refused the request (e.g. a header value it does not allow).
      finish({ kind: 'no-answer', error: `client refused: ${String(error)}`, ms: 0 });
      return;
    }
    timer = setTimeout(() => {
      clientRequest.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    clientRequest.on('error', (error: NodeJS.ErrnoException) => {
      if (partial) {
        finish({ kind: 'answer', answer: { ...partial, ms: Date.now() - started } });
        return;
      }
      finish({
        kind: 'no-answer',
        error: `${error.code ?? 'error'}: ${error.message}`,
        ms: Date.now() - started,
      });
    });
    clientRequest.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      partial = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.alloc(0), ms: 0 };
      res.on('data', (chunk: Buffer) => {
        if (size < maxBody) chunks.push(chunk.subarray(0, maxBody - size));
        size += chunk.length;
        partial!.body = Buffer.concat(chunks);
      });
      res.on('error', () => {
        finish({ kind: 'answer', answer: { ...partial!, ms: Date.now() - started } });
      });
      res.on('end', () => {
        finish({
          kind: 'answer',
          answer: {
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: Date.now() - started,
          },
        });
      });
    });
    clientRequest.end(req.body);
  });
}
