import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrismaService } from '@ol/persistence';
import { ALLIANCE_TERM, PARTNERSHIP_ID, day } from './calendar';

/**
 * The alliance's member organisations: the council commissions, three providers deliver (jobs,
 * health, housing), an outcomes fund co-funds and the community foundation speaks for residents
 * (and receives a share of any excess surplus).
 */
export const ORGANISATIONS = {
  council: { name: 'Northshire County Council', kind: 'commissioner' },
  acorn: { name: 'Acorn Employment CIC', kind: 'provider' },
  riverside: { name: 'Riverside Housing Trust', kind: 'provider' },
  brightpath: { name: 'Brightpath Health and Wellbeing', kind: 'provider' },
  fund: { name: 'Better Futures Outcomes Fund', kind: 'funder' },
  foundation: { name: 'Northshire Community Foundation', kind: 'community' },
} as const;

export type OrgKey = keyof typeof ORGANISATIONS;
export type ProviderKey = 'acorn' | 'riverside' | 'brightpath';
export const PROVIDERS: readonly ProviderKey[] = ['acorn', 'riverside', 'brightpath'];
/** Organisation ids by key. */
export type OrgIds = Record<OrgKey, string>;

/** The organisations (found by name, or created), the partnership and its members. */
export async function seedAlliance(prisma: PrismaService, seriesId: string): Promise<OrgIds> {
  const ids = {} as OrgIds;
  for (const [key, { name, kind }] of Object.entries(ORGANISATIONS) as [
    OrgKey,
    (typeof ORGANISATIONS)[OrgKey],
  ][]) {
    const existing = await prisma.organisation.findFirst({ where: { name } });
    ids[key] = (existing ?? (await prisma.organisation.create({ data: { name, kind } }))).id;
  }
  await prisma.partnership.upsert({
    where: { id: PARTNERSHIP_ID },
    update: {},
    create: {
      id: PARTNERSHIP_ID,
      name: 'Northshire Employment Alliance (demo)',
      purpose:
        'Help long-term unemployed residents into sustained work, better health and a secure home.',
      model: 'alliance',
      status: 'active',
      startDate: day(ALLIANCE_TERM.start),
      endDate: day(ALLIANCE_TERM.end),
      contractValue: '18500000.00',
      // Every report in 2025 prices: proxies priced in 2023 and 2024 are uprated with EX-GDPD.
      reportPriceYear: 2025,
      priceIndexSeriesId: seriesId,
      // The HM Treasury Green Book's declining long-term rates (3.5% to year 30), chosen
      // explicitly: a 3.5% rate alone is a constant rate.
      discountSchedule: 'green_book_declining',
    },
  });
  const existing = await prisma.member.findMany({ where: { partnershipId: PARTNERSHIP_ID } });
  await prisma.member.createMany({
    data: (Object.keys(ORGANISATIONS) as OrgKey[])
      .filter(
        (key) =>
          !existing.some(
            (m) => m.organisationId === ids[key] && m.role === ORGANISATIONS[key].kind,
          ),
      )
      .map((key) => ({
        partnershipId: PARTNERSHIP_ID,
        organisationId: ids[key],
        role: ORGANISATIONS[key].kind,
      })),
  });
  return ids;
}

/** Reads one of the demo's CSV files (header row, comma-separated, no quoted commas). */
export function readCsv(...path: string[]): Record<string, string>[] {
  const [header, ...rows] = readFileSync(join(__dirname, '..', ...path), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

/**
 * An illustrative price index (ILLUSTRATIVE values shaped like a GDP deflator, not official
 * statistics): the demo partnership reports in 2025 prices, so its 2023 and 2024 proxies are
 * uprated with it.
 */
export async function seedIndexSeries(prisma: PrismaService): Promise<string> {
  const code = 'EX-GDPD';
  const series =
    (await prisma.indexSeries.findUnique({ where: { code } })) ??
    (await prisma.indexSeries.create({
      data: {
        code,
        name: 'GDP deflator (ILLUSTRATIVE)',
        sourceCitation:
          'Illustrative values for demonstration only; import the published series your partnership uses.',
      },
    }));
  await prisma.indexSeriesValue.createMany({
    skipDuplicates: true,
    data: readCsv('index-series', 'example-gdp-deflator.csv').map((row) => ({
      seriesId: series.id,
      year: Number.parseInt(row.year, 10),
      value: row.value,
    })),
  });
  return series.id;
}

/** The illustrative proxies of prisma/proxies/example-proxies.csv (kept as found): ids by code. */
export async function seedProxies(prisma: PrismaService): Promise<Map<string, string>> {
  const proxyIds = new Map<string, string>();
  for (const row of readCsv('proxies', 'example-proxies.csv')) {
    const existing = await prisma.proxy.findUnique({ where: { code: row.code } });
    const proxy =
      existing ??
      (await prisma.proxy.create({
        data: {
          code: row.code,
          name: row.name,
          unit: row.unit,
          sourceCitation: row.source_citation,
          licence: row.licence,
          versions: {
            create: {
              validFrom: day(row.valid_from),
              valuePerUnit: row.value_per_unit,
              currency: row.currency,
              priceYear: Number.parseInt(row.price_year, 10),
              deadweight: row.deadweight,
              attribution: row.attribution,
              displacement: row.displacement,
              dropOff: row.drop_off,
              durationYears: Number.parseInt(row.duration_years, 10),
            },
          },
        },
      }));
    proxyIds.set(row.code, proxy.id);
  }
  return proxyIds;
}
