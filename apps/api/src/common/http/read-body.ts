import { Readable } from 'node:stream';
import { ProblemException, ProblemType } from '../problems/problem';
import { textProblem } from './json-limits';

/**
 * The whole text of a small non-JSON body (e.g. a proxy-library CSV), whether the content-type
 * parser handed over a stream or a buffer. Refuses bodies over `maxBytes` with 413, and bodies
 * that are not valid UTF-8 or hold a NUL character with 400.
 */
export async function readBodyText(body: unknown, maxBytes: number): Promise<string> {
  let buffer: Buffer;
  if (body instanceof Readable) {
    buffer = await collect(body, maxBytes);
  } else if (Buffer.isBuffer(body)) {
    buffer = body;
  } else if (typeof body === 'string') {
    buffer = Buffer.from(body, 'utf8');
  } else {
    throw ProblemException.validation([
      { field: 'body', reason: 'send the file as the request body with Content-Type: text/csv' },
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw ProblemException.validation([{ field: 'body', reason: 'is not valid UTF-8 text' }]);
  }
  const reason = textProblem(text);
  if (reason) throw ProblemException.validation([{ field: 'body', reason }]);
  return text;
}

/**
 * The stream's bytes, or a 413 once they pass `maxBytes`. An oversized body is not destroyed (the
 * client would see its connection reset instead of the answer): what is left of it is read and
 * dropped while the 413 is sent.
 */
function collect(body: Readable, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    body.on('data', (chunk: Buffer | string) => {
      if (refused) return;
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += b.length;
      if (size > maxBytes) {
        refused = true;
        chunks.length = 0;
        reject(
          new ProblemException({
            type: ProblemType.PayloadTooLarge,
            title: 'Payload too large',
            status: 413,
            detail: `The body is larger than ${maxBytes} bytes.`,
          }),
        );
        return;
      }
      chunks.push(b);
    });
    body.once('end', () => resolve(Buffer.concat(chunks)));
    body.once('error', reject);
  });
}
