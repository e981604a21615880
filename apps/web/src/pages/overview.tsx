import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ReportChanges, ReportFigures } from '@ol/outcomes';
import { api, ApiError, money } from '../api';
import { BoardPack } from '../components/board-pack';
import { Headline, ValuationLines } from '../components/headline';
import {
  Breakdowns,
  Changes,
  MissingData,
  Outcomes,
  Sensitivity,
} from '../components/report-tables';
import { TrendChart, type TrendPoint } from '../components/trend-chart';
import { asApiError } from '../components/errors';

interface ReportSummary {
  id: string;
  scope: string;
  period: string;
  periodStart: string;
  version: number;
  status: string;
  current: boolean;
  fingerprint: string;
  issuedAt: string;
  changes: ReportChanges | null;
}

interface ReportView extends ReportSummary {
  figures: ReportFigures;
}

/**
 * The board's overview of one quarter: the current version of the quarter report (outcomes against
 * targets with RAG and missing data, value, SROI ratio, breakdowns, sensitivity, what changed) and
 * the trend over the quarters reported so far. Every figure is printed from the report's
 * `ReportFigures` as the API serves them.
 */
export function OverviewPage() {
  const { partnershipId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const [quarters, setQuarters] = useState<ReportSummary[] | null>(null);
  const [trend, setTrend] = useState<TrendPoint[]>([]);
  const [report, setReport] = useState<ReportView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [drill, setDrill] = useState(false);

  useEffect(() => {
    setError(null);
    api<{ data: ReportSummary[] }>(`/v1/partnerships/${partnershipId}/reports?scope=quarter`)
      .then(({ data }) => {
        const current = data
          .filter((r) => r.current)
          .sort((a, b) => a.periodStart.localeCompare(b.periodStart));
        setQuarters(current);
      })
      .catch((e: unknown) => setError(asApiError(e)));
  }, [partnershipId]);

  const quarter = search.get('quarter') ?? quarters?.at(-1)?.period ?? null;

  useEffect(() => {
    if (!quarter) return;
    setReport(null);
    api<ReportView>(
      `/v1/partnerships/${partnershipId}/reports/current?scope=quarter&quarter=${encodeURIComponent(quarter)}`,
    )
      .then(setReport)
      .catch((e: unknown) => setError(asApiError(e)));
  }, [partnershipId, quarter]);

  useEffect(() => {
    // The trend: each reported quarter's current version's totals, in one read.
    api<{ data: { period: string; presentValue: string | null; sroiRatio: string | null }[] }>(
      `/v1/partnerships/${partnershipId}/reports/trend?limit=12`,
    )
      .then(({ data }) =>
        setTrend(
          data
            .filter((p) => p.presentValue !== null)
            .map((p) => ({ period: p.period, value: p.presentValue!, ratio: p.sroiRatio })),
        ),
      )
      .catch(() => setTrend([]));
  }, [partnershipId]);

  if (error) {
    return (
      <main>
        <h1>Quarter overview</h1>
        <p role="alert" className="error">
          {error.status === 403 || error.status === 404
            ? 'You do not have access to this partnership’s reports.'
            : error.detail || error.title}
        </p>
      </main>
    );
  }
  if (quarters && quarters.length === 0) {
    return (
      <main>
        <h1>Quarter overview</h1>
        <p>No quarter has been reported yet.</p>
      </main>
    );
  }
  if (!report) {
    return (
      <main aria-busy="true">
        <h1>Quarter overview</h1>
        <p>Loading the quarter…</p>
      </main>
    );
  }
  const f = report.figures;
  return (
    <main>
      <header className="page-header">
        <h1>
          {f.partnership.name}: {f.period.label}
        </h1>
        <label htmlFor="quarter">Quarter</label>{' '}
        <select
          id="quarter"
          value={quarter ?? ''}
          onChange={(e) => setSearch({ quarter: e.target.value })}
        >
          {quarters?.map((q) => (
            <option key={q.id} value={q.period}>
              {q.period}
            </option>
          ))}
        </select>
        <p className="meta">
          Version {report.version} (
          {report.status === 'provisional' ? 'provisional: the quarter has not ended' : 'final'}),
          issued {report.issuedAt.slice(0, 10)}, fingerprint{' '}
          <code>{report.fingerprint.slice(0, 12)}</code>
        </p>
        <BoardPack partnershipId={partnershipId} reportId={report.id} />
      </header>

      <Headline figures={f} onDrill={() => setDrill((d) => !d)} drill={drill} />
      {drill && <ValuationLines figures={f} />}

      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">Social value and SROI ratio over the quarters</h2>
        <TrendChart
          points={trend}
          title={`Social value and SROI ratio by quarter: ${trend.map((p) => `${p.period} ${money(p.value)}, ratio ${p.ratio ?? 'none'}`).join('; ')}`}
        />
      </section>

      <Outcomes figures={f} />
      <MissingData figures={f} />
      <Breakdowns figures={f} />
      <Changes changes={report.changes} figures={f} />
      <Sensitivity figures={f} />
      <p>
        <Link to={`/app/partnerships/${partnershipId}`}>Back to the partnership</Link>
      </p>
    </main>
  );
}
