import { Readable } from 'node:stream';
import { ByteGuard } from './import-stream';
import {
  DeliveryRowChecker,
  ErrorSink,
  ExternalRefSet,
  readHeader,
  storableRowError,
} from './delivery-rows';

const OUTCOME_ID = '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234';

async function guard(chunks: Buffer[]): Promise<number | null> {
  const g = new ByteGuard(1_000_000, () => undefined);
  await new Promise<void>((resolve, reject) =>
    Readable.from(chunks)
      .pipe(g)
      .on('data', () => undefined)
      .on('end', resolve)
      .on('error', reject),
  );
  return g.firstInvalidOffset;
}

describe(ByteGuard.name, () => {
  const text = Buffer.from('a,é,€,😀\n', 'utf8');

  it.each([1, 2, 3, 4, 5, 7])(
    'accepts UTF-8 split anywhere across chunks (%i-byte chunks)',
    async (size) => {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.subarray(i, i + size));
      expect(await guard(chunks)).toBeNull();
    },
  );

  it('finds invalid bytes, and a sequence cut off at the end', async () => {
    expect(await guard([Buffer.from('ab'), Buffer.from([0xc3, 0x28])])).toBe(2);
    expect(await guard([Buffer.from('ab'), Buffer.from([0xe2, 0x82])])).toBe(2);
  });
});

describe(DeliveryRowChecker.name, () => {
  const layout = readHeader(['outcome_code', 'activity_date', 'quantity', 'external_ref']).layout!;
  const make = () => {
    const errors = new ErrorSink(10);
    const checker = new DeliveryRowChecker(
      layout,
      new Map([['JOBS-1', OUTCOME_ID]]),
      { start: '2026-04-01', end: '2031-03-31' },
      errors,
    );
    return { errors, checker };
  };

  it('formats a valid row as COPY text, escaping tabs and backslashes, quantity kept as sent', () => {
    const { checker, errors } = make();
    expect(checker.check(1, ['JOBS-1', '2028-02-29', '12.3400', 'a\tb\\c'])).toBe(
      `1\t${OUTCOME_ID}\t2028-02-29\t12.3400\ta\\tb\\\\c\t\\N\tself_reported`,
    );
    expect(errors.count).toBe(0);
  });

  it.each([
    [['JOBS-1', '2027-02-29', '1', 'x'], 'activity_date'],
    [['JOBS-1', '2026-03-31', '1', 'x'], 'activity_date'],
    [['JOBS-1', '2031-04-01', '1', 'x'], 'activity_date'],
    [['JOBS-1', '2026-04-01', '1.00001', 'x'], 'quantity'],
    [['JOBS-1', '2026-04-01', '.5', 'x'], 'quantity'],
    [['JOBS-1', '2026-04-01', '1', 'x'.repeat(201)], 'external_ref'],
    [['OTHER', '2026-04-01', '1', 'x'], 'outcome_code'],
  ])('refuses %j in %s', (record, field) => {
    const { checker, errors } = make();
    expect(checker.check(7, record)).toBeNull();
    expect(errors.kept).toEqual([expect.objectContaining({ row: 7, field })]);
  });

  it('refuses a date after today (the latest date given), and accepts it', () => {
    const errors = new ErrorSink(10);
    const checker = new DeliveryRowChecker(
      layout,
      new Map([['JOBS-1', OUTCOME_ID]]),
      { start: '2026-04-01', end: '2031-03-31', latest: '2026-06-01' },
      errors,
    );
    checker.check(1, ['JOBS-1', '2026-06-01', '1', 'a']);
    checker.check(2, ['JOBS-1', '2026-06-02', '1', 'b']);
    expect(errors.kept).toEqual([
      {
        row: 2,
        field: 'activity_date',
        value: '2026-06-02',
        reason: 'must not be after today (2026-06-01): delivery cannot be dated in the future',
      },
    ]);
  });

  it('accepts the first and last day of the partnership', () => {
    const { checker, errors } = make();
    checker.check(1, ['JOBS-1', '2026-04-01', '0', 'a']);
    checker.check(2, ['JOBS-1', '2031-03-31', '0', 'b']);
    expect(errors.count).toBe(0);
  });
});

describe(ExternalRefSet.name, () => {
  it('tells repeats apart from new references, through many resizes', () => {
    const set = new ExternalRefSet(4);
    let fresh = 0;
    for (let i = 0; i < 50_000; i++) if (set.add(`case-${i}`)) fresh++;
    expect(fresh).toBe(50_000);
    expect(set.add('case-123')).toBe(false);
    expect(set.add('case-50000')).toBe(true);
  });
});

describe(storableRowError.name, () => {
  it('shows a NUL in what an error quotes as \\u0000 (jsonb cannot hold it), leaving the rest', () => {
    expect(
      storableRowError({
        row: 2,
        field: 'evidence_grade',
        value: 'a\u0000b',
        reason: 'is not one of x',
      }),
    ).toEqual({ row: 2, field: 'evidence_grade', value: 'a\\u0000b', reason: 'is not one of x' });
    expect(storableRowError({ row: null, field: 'header.x\u0000', reason: 'bad \u0000' })).toEqual({
      row: null,
      field: 'header.x\\u0000',
      reason: 'bad \\u0000',
    });
  });
});
