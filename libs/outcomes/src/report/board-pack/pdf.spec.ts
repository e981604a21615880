import { composeReport } from '../compose';
import { withholdOpenBook } from '../withhold';
import { fullReportInputs, richReportInputs } from '../scenarios/fixtures';
import { barChartSvg } from './charts';
import type { BoardPackVersion } from './context';
import { boardPackPdf, type PdfNode } from './pdf';
import { storedFigures } from './table';

const VERSION: BoardPackVersion = {
  version: 2,
  status: 'final',
  fingerprint: 'c'.repeat(64),
  issuedAt: '2026-07-02T08:00:00.000Z',
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Every text of a node tree, in order. */
function texts(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(texts);
  if (typeof node === 'object' && node !== null) {
    return Object.entries(node).flatMap(([k, v]) => (k === 'svg' ? [] : texts(v)));
  }
  return [];
}

const svgs = (content: readonly PdfNode[]): string[] =>
  content.flatMap((n) => (typeof n === 'object' && typeof n.svg === 'string' ? [n.svg] : []));

describe('boardPackPdf', () => {
  const figures = composeReport(fullReportInputs());
  const trend = [
    { period: '2025-26 Q4', presentValue: '1200.00', sroiRatio: '1.10' },
    {
      period: figures.period.label,
      presentValue: figures.totals.presentValue,
      sroiRatio: figures.totals.sroiRatio,
    },
  ];
  const doc = boardPackPdf(storedFigures(figures), VERSION, trend);
  const all = texts(doc.content);

  it('is an A4 document with a cover, the summary, charts, outcomes, breakdowns, sensitivity and the working', () => {
    expect(doc.pageSize).toBe('A4');
    for (const heading of [
      'Board pack',
      figures.partnership.name,
      `Quarter report ${figures.period.label}`,
      'Summary',
      'Social value and SROI ratio over the quarters',
      'Outcomes against targets',
      'Value by theme, stakeholder and provider',
      'Sensitivity',
      'Appendix A: valuation lines',
      'Appendix B: the working behind every total',
    ])
      expect(all).toContain(heading);
    expect(doc.info.subject).toBe(`Fingerprint ${VERSION.fingerprint}`);
  });

  it('prints the figures as stored, amounts grouped, years and small counts as written', () => {
    const [whole, pence] = figures.totals.presentValue.split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    expect(all).toContain(`${grouped}.${pence}`);
    expect(all).toContain(String(figures.prices.reportPriceYear));
    expect(all).not.toContain(String(figures.prices.reportPriceYear).replace(/^(\d)/, '$1,'));
  });

  it('names outcomes by code, never by id', () => {
    expect(all.join('\n')).not.toMatch(UUID);
    expect(all).toContain(figures.outcomes[0].code);
  });

  it('puts the partnership, the version, the fingerprint and the page on every page', () => {
    const footer = texts(doc.footer(3, 9)).join(' ');
    expect(footer).toContain(figures.partnership.name);
    expect(footer).toContain(`fingerprint ${VERSION.fingerprint}`);
    expect(footer).toContain('version 2');
    expect(footer).toContain('Page 3 of 9');
  });

  it('draws the trend and the themes as charts', () => {
    const charts = svgs(doc.content);
    expect(charts).toHaveLength(3);
    expect(charts[0]).toContain('2025-26 Q4');
    expect(charts[2]).toContain(figures.byTheme[0].theme ?? 'No theme');
  });

  it('says what a withheld view leaves out, and has no investment', () => {
    const withheld = withholdOpenBook(composeReport(richReportInputs()));
    const view = boardPackPdf(storedFigures(withheld), VERSION, []);
    const words = texts(view.content);
    expect(words.some((t) => t.startsWith('Withheld in this view:'))).toBe(true);
    expect(withheld.totals.investment).toBeNull();
  });

  it('reads a version stored before most fields existed without failing', () => {
    const old = boardPackPdf(storedFigures({ totals: { presentValue: '1.00' } }), VERSION, []);
    expect(texts(old.content)).toContain('Board pack');
    expect(texts(old.content)).toContain('Report');
    expect(texts(old.footer(1, 1)).join(' ')).toContain('Partnership');
  });

  it('names the year-to-date and since-start reports as such', () => {
    const ytd = boardPackPdf(storedFigures({ ...figures, scope: 'year_to_date' }), VERSION, []);
    expect(texts(ytd.content)).toContain(`Year-to-date report ${figures.period.label}`);
    const all = boardPackPdf(storedFigures({ ...figures, scope: 'since_start' }), VERSION, []);
    expect(texts(all.content)).toContain(`Report since the start ${figures.period.label}`);
  });
});

describe('barChartSvg', () => {
  it('is the same bytes for the same data, escapes labels and draws negative values downwards in red', () => {
    const data = [
      { label: 'Jobs & <skills>', value: '1200.50' },
      { label: 'A very long theme name indeed', value: '-300.00' },
      { label: 'None', value: null },
    ];
    const svg = barChartSvg(data, { title: 'Value "by" theme', unit: '£' });
    expect(barChartSvg(data, { title: 'Value "by" theme', unit: '£' })).toBe(svg);
    expect(svg).toContain('Jobs &#38; &#60;skills&#62;');
    expect(svg).toContain('&#34;by&#34;');
    expect(svg).toContain('A very long theme…');
    expect(svg).toContain('fill="#d4351c"');
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('£-500');
  });

  it('draws an empty or all-zero series on a unit axis', () => {
    expect(barChartSvg([], { title: 't', unit: '' })).toContain('<svg');
    expect(barChartSvg([{ label: 'a', value: '0' }], { title: 't', unit: '' })).toContain('>1<');
  });
});
