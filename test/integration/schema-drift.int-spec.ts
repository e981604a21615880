import { get_dmmf } from '@prisma/prisma-schema-wasm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * schema.prisma (what the client believes) and the database built by the SQL migrations (what
 * is true) must agree: tables, columns, types, nullability, enums, primary keys. Migrations are
 * hand-written SQL, so this is what stops them drifting apart.
 */
interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  type: string;
  isRequired: boolean;
  isId: boolean;
  isList: boolean;
  nativeType?: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
}
interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: { name: string; dbName: string | null }[];
}

const schema = readFileSync(join(__dirname, '..', '..', 'prisma', 'schema.prisma'), 'utf8');
const dmmf = JSON.parse(
  get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] })),
) as {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[] };
};
const enumDbName = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));

/** What information_schema should say for a Prisma field. */
function expectedType(f: DmmfField): string {
  const [native, args] = f.nativeType ?? [null, []];
  if (f.kind === 'enum') return `USER-DEFINED:${enumDbName.get(f.type)}`;
  if (f.isList) {
    if (f.type === 'String' && !native) return 'ARRAY:_text';
    // information_schema gives no precision for array elements: the element type only.
    if (f.type === 'Decimal') return 'ARRAY:_numeric';
    return `ARRAY:unmapped-list:${f.type}`;
  }
  switch (f.type) {
    case 'String':
      if (native === 'Uuid') return 'uuid';
      if (native === 'Char') return `character(${args[0]})`;
      if (native === 'VarChar') return `character varying(${args[0]})`;
      return 'text';
    case 'Int':
      return native === 'SmallInt' ? 'smallint' : 'integer';
    case 'BigInt':
      return 'bigint';
    case 'Boolean':
      return 'boolean';
    case 'DateTime':
      if (native === 'Date') return 'date';
      if (native === 'Timestamptz') return `timestamp with time zone(${args[0] ?? 6})`;
      return `timestamp without time zone(${args[0] ?? 3})`;
    case 'Decimal':
      return `numeric(${args[0] ?? 65},${args[1] ?? 30})`;
    case 'Json':
      return native === 'Json' ? 'json' : 'jsonb';
    case 'Bytes':
      return 'bytea';
    default:
      return `unmapped:${f.type}`;
  }
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  datetime_precision: number | null;
}

function actualType(c: ColumnRow): string {
  switch (c.data_type) {
    case 'USER-DEFINED':
      return `USER-DEFINED:${c.udt_name}`;
    case 'ARRAY':
      return `ARRAY:${c.udt_name}`;
    case 'character':
    case 'character varying':
      return `${c.data_type}(${c.character_maximum_length})`;
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return `${c.data_type}(${c.datetime_precision})`;
    case 'numeric':
      return `numeric(${c.numeric_precision},${c.numeric_scale})`;
    default:
      return c.data_type;
  }
}

describe('schema.prisma and the migrated database', () => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  let columns: ColumnRow[];

  beforeAll(async () => {
    await client.connect();
    columns = (
      await client.query<ColumnRow>(
        `SELECT table_name, column_name, data_type, udt_name, is_nullable, character_maximum_length,
                numeric_precision, numeric_scale, datetime_precision
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
      )
    ).rows;
  });
  afterAll(() => client.end());

  it('have the same tables', () => {
    const fromSchema = dmmf.datamodel.models.map((m) => m.dbName ?? m.name).sort();
    const fromDb = [...new Set(columns.map((c) => c.table_name))].sort();
    expect(fromDb).toEqual(fromSchema);
  });

  it.each(dmmf.datamodel.models.map((m) => [m.dbName ?? m.name, m] as const))(
    'agree on every column of %s (name, type, nullability)',
    (table, model) => {
      const expected = model.fields
        .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
        .map((f) => ({
          column: f.dbName ?? f.name,
          type: expectedType(f),
          nullable: !f.isRequired,
        }))
        .sort((a, b) => a.column.localeCompare(b.column));
      const actual = columns
        .filter((c) => c.table_name === table)
        .map((c) => ({
          column: c.column_name,
          type: actualType(c),
          nullable: c.is_nullable === 'YES',
        }))
        .sort((a, b) => a.column.localeCompare(b.column));
      expect(actual).toEqual(expected);
    },
  );

  it('have the same enums and values', async () => {
    const { rows } = await client.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname::text AS typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`,
    );
    const expected = dmmf.datamodel.enums
      .map((e) => ({
        typname: e.dbName ?? e.name,
        labels: e.values.map((v) => v.dbName ?? v.name),
      }))
      .sort((a, b) => a.typname.localeCompare(b.typname));
    expect(rows).toEqual(expected);
  });

  it('have the same primary keys', async () => {
    const { rows } = await client.query<{ table_name: string; cols: string[] }>(
      `SELECT tc.table_name, array_agg(kcu.column_name::text ORDER BY kcu.ordinal_position) AS cols
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu
           ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
        WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' AND tc.table_name <> '_prisma_migrations'
        GROUP BY tc.table_name ORDER BY tc.table_name`,
    );
    const expected = dmmf.datamodel.models
      .map((m) => {
        const column = (name: string) => {
          const f = m.fields.find((x) => x.name === name)!;
          return f.dbName ?? f.name;
        };
        const cols = m.primaryKey
          ? m.primaryKey.fields.map(column)
          : m.fields.filter((f) => f.isId).map((f) => f.dbName ?? f.name);
        return { table_name: m.dbName ?? m.name, cols };
      })
      .sort((a, b) => a.table_name.localeCompare(b.table_name));
    expect(rows).toEqual(expected);
  });

  it('put partnership_id first in the key of every partnership-owned table', () => {
    for (const m of dmmf.datamodel.models) {
      const hasPartnership = m.fields.some((f) => f.name === 'partnershipId');
      if (hasPartnership) expect(m.primaryKey?.fields[0]).toBe('partnershipId');
    }
  });
});
