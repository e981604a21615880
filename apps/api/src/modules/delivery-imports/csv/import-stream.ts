import { isUtf8 } from 'node:buffer';
import { finished, Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { DeliveryRowChecker, ErrorSink, ExternalRefSet, readHeader } from './delivery-rows';

/** The body grew past the configured limit while streaming. */
export class PayloadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The file is larger than the limit of ${limit} bytes.`);
  }
}

/** The CSV itself is broken (unclosed quote, a record larger than allowed...). */
export class MalformedCsvError extends Error {}

/** How many bytes at the end of `buf` start a UTF-8 sequence that continues in the next chunk. */
function incompleteTail(buf: Buffer): number {
  const n = buf.length;
  for (let i = 1; i <= Math.min(3, n); i++) {
    const byte = buf[n - i];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need =
      (byte & 0xe0) === 0xc0 ? 2 : (byte & 0xf0) === 0xe0 ? 3 : (byte & 0xf8) === 0xf0 ? 4 : 1;
    return need > i ? i : 0;
  }
  return 0;
}

/**
 * Counts the bytes of the body (aborting past `limit`) and checks that they are UTF-8, chunk by
 * chunk, without copying them: a sequence split across chunks is checked when it completes.
 * The bytes pass through unchanged.
 */
export class ByteGuard extends Transform {
  bytes = 0;
  firstInvalidOffset: number | null = null;
  private carry: Buffer | null = null;

  constructor(
    private readonly limit: number,
    private readonly onInvalid: () => void,
    private readonly onBytes?: (total: number) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const start = this.bytes;
    this.bytes += chunk.length;
    this.onBytes?.(this.bytes);
    if (this.bytes > this.limit) return done(new PayloadTooLargeError(this.limit));
    if (this.firstInvalidOffset === null) {
      let from = 0;
      if (this.carry) {
        const lead = this.carry[0];
        const need = (lead & 0xe0) === 0xc0 ? 2 : (lead & 0xf0) === 0xe0 ? 3 : 4;
        from = Math.min(need - this.carry.length, chunk.length);
        const joined = Buffer.concat([this.carry, chunk.subarray(0, from)]);
        this.carry = null;
        if (joined.length < need && from === chunk.length) this.carry = joined;
        else if (!isUtf8(joined)) this.invalid(start - joined.length + from);
      }
      const tail = incompleteTail(chunk.subarray(from));
      const body = chunk.subarray(from, chunk.length - tail);
      if (this.firstInvalidOffset === null && !isUtf8(body)) this.invalid(start + from);
      if (tail > 0) this.carry = Buffer.from(chunk.subarray(chunk.length - tail));
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.carry && this.firstInvalidOffset === null)
      this.invalid(this.bytes - this.carry.length);
    done();
  }

  private invalid(offset: number): void {
    this.firstInvalidOffset = offset;
    this.onInvalid();
  }
}

/** Where valid rows go (the staging COPY): `append` says when to `flush` (and wait for it). */
export interface RowSink {
  append(row: string): boolean;
  flush(): Promise<void>;
}

export interface ReadOptions {
  maxBytes: number;
  errorCap: number;
  outcomeIds: Map<string, string>;
  period: { start: string; end: string; latest?: string };
  /** Receives every valid row, formatted for COPY; a returned promise is awaited (backpressure). */
  copy: RowSink;
  /** Told the running byte count as chunks arrive. */
  onBytes?: (total: number) => void;
  /** Collects the row errors (the caller's, to see the count while the file streams). */
  errors?: ErrorSink;
  /** Collects the external references seen more than once (the caller's, likewise). */
  suspects?: Set<string>;
}

export interface ReadResult {
  bytes: number;
  /** Data records read (valid or not). */
  rows: number;
  errors: ErrorSink;
  /** External references the hash filter saw more than once (to confirm against the staged rows). */
  suspectedDuplicates: string[];
  firstInvalidUtf8Offset: number | null;
}

/**
 * Streams a CSV body through the UTF-8/size guard and csv-parse, checks every record and writes
 * the valid ones to the staging COPY. Keeps going after bad rows so the report lists them all
 * (up to the cap). Memory stays flat: nothing but the current batch and the reference hashes.
 * Throws PayloadTooLargeError, MalformedCsvError, or the body's own error (client went away).
 */
export async function readDeliveryCsv(body: Readable, options: ReadOptions): Promise<ReadResult> {
  const errors = options.errors ?? new ErrorSink(options.errorCap);
  const refs = new ExternalRefSet();
  const suspects = options.suspects ?? new Set<string>();
  let checker: DeliveryRowChecker | undefined;
  let headerSeen = false;
  let rows = 0;
  let encodingSuspect = false;

  const guard = new ByteGuard(
    options.maxBytes,
    () => {
      encodingSuspect = true;
      if (checker) checker.checkEncoding = true;
    },
    options.onBytes,
  );
  const onRecord = (record: string[]): boolean => {
    if (!headerSeen) {
      headerSeen = true;
      const header = readHeader(record);
      header.errors.forEach((e) => errors.add(e));
      if (header.layout) {
        checker = new DeliveryRowChecker(header.layout, options.outcomeIds, options.period, errors);
        checker.checkEncoding = encodingSuspect;
      }
      return false;
    }
    rows++;
    if (!checker) return false; // bad header: count the rows, check nothing
    const line = checker.check(rows, record);
    if (line === null) return false;
    const ref = checker.externalRefOf(record);
    if (!refs.add(ref)) suspects.add(ref);
    // Valid rows are staged even once the file is sure to be refused, so repeated external
    // references can be confirmed (and reported) against the staged rows.
    return options.copy.append(line);
  };
  // (csv-parse's own `on_record` hook builds an info object per record: slower than this sink.)
  const parser = parse({
    bom: true,
    columns: false,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: 64 * 1024,
  });
  const sink = new Writable({
    objectMode: true,
    highWaterMark: 64,
    write(record: string[], _enc, done): void {
      // A full batch goes to the COPY before the next record is taken (backpressure).
      if (onRecord(record)) options.copy.flush().then(() => done(), done);
      else done();
    },
  });

  // The request is piped in rather than made part of the pipeline: a failure (too large,
  // malformed) must not destroy the request, or its socket would go before the 413/422 answer.
  const stopWatching = finished(body, (err) => {
    if (err) guard.destroy(err);
  });
  body.pipe(guard);
  try {
    await pipeline(guard, parser, sink);
  } catch (e) {
    if (e instanceof CsvError) {
      throw new MalformedCsvError(
        `The CSV is malformed near line ${typeof e.lines === 'number' ? e.lines : '?'}: ${e.message}`,
      );
    }
    throw e;
  } finally {
    stopWatching();
    body.unpipe(guard);
    // Whatever is left of a refused body is read and dropped (the answer closes the connection).
    if (!body.readableEnded) body.resume();
  }
  if (!headerSeen) {
    errors.add({ row: null, field: 'header', reason: 'the file is empty: expected a header row' });
  }
  if (guard.firstInvalidOffset !== null && errors.count === 0) {
    errors.add({
      row: null,
      field: 'file',
      reason: `is not valid UTF-8 (first invalid byte at offset ${guard.firstInvalidOffset})`,
    });
  }
  return {
    bytes: guard.bytes,
    rows,
    errors,
    suspectedDuplicates: [...suspects],
    firstInvalidUtf8Offset: guard.firstInvalidOffset,
  };
}
