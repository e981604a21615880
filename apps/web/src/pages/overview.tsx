import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { OutcomeFigures, ReportChanges, ReportFigures } from '@ol/outcomes';
import { api, ApiError, money, percent, quantity } from '../api';
import { TrendChart, type TrendPoint } from '../components/trend-chart';

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

const RAG_TEXT: Record<string, string> = {
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
  no_data: 'No data',
};

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
      .catch((e: unknown) =>
        setError(e instanceof ApiError ? e : new ApiError(0, 'Error', String(e))),
      );
  }, [partnershipId]);

  const quarter = search.get('quarter') ?? quarters?.at(-1)?.period ?? null;

  useEffect(() => {
    if (!quarter) return;
    setReport(null);
    api<ReportView>(
      `/v1/partnerships/${partnershipId}/reports/current?scope=quarter&quarter=${encodeURIComponent(quarter)}`,
    )
      .then(setReport)
      .catch((e: unknown) =>
        setError(e instanceof ApiError ? e : new ApiError(0, 'Error', String(e))),
      );
  }, [partnershipId, quarter]);

  useEffect(() => {
    if (!quarters) return;
    // The trend: each reported quarter's current version (a board's quarters are few).
    void Promise.all(
      quarters.map((q) =>
        api<ReportView>(`/v1/partnerships/${partnershipId}/reports/${q.id}`).then((r) => ({
          period: q.period,
          value: r.figures.totals.presentValue,
          ratio: r.figures.totals.sroiRatio,
        })),
      ),
    )
      .then(setTrend)
      .catch(() => setTrend([]));
  }, [partnershipId, quarters]);

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

function Headline({
  figures: f,
  onDrill,
  drill,
}: {
  figures: ReportFigures;
  onDrill: () => void;
  drill: boolean;
}) {
  const t = f.totals;
  const prevention = useMemo(() => preventionShare(f), [f]);
  return (
    <section aria-labelledby="headline-heading" className="headline">
      <h2 id="headline-heading">Headline</h2>
      <dl className="cards">
        <div>
          <dt>Social value (present value)</dt>
          <dd>
            <button
              type="button"
              className="link"
              aria-expanded={drill}
              aria-controls="valuation-lines"
              onClick={onDrill}
            >
              {money(t.presentValue, f.partnership.currency)}
            </button>
          </dd>
          <dd className="small">
            {money(t.presentValueFromClaims)} rests on claimed, unverified delivery (
            {t.countedDelivery} counted)
          </dd>
        </div>
        <div>
          <dt>SROI ratio</dt>
          <dd>{t.sroiRatioText ?? t.ratioUnavailableReason ?? '—'}</dd>
        </div>
        <div>
          <dt>Investment</dt>
          <dd>
            {t.investment === null ? 'Withheld' : money(t.investment, f.partnership.currency)}
          </dd>
          <dd className="small">{t.investmentBasis}</dd>
        </div>
        <div>
          <dt>Payback</dt>
          <dd>
            {t.paybackMonths === null
              ? (t.paybackUnavailableReason ?? '—')
              : `${t.paybackMonths} months`}
          </dd>
        </div>
        <div>
          <dt>Prevention share</dt>
          <dd>{prevention === null ? '—' : percent(prevention)}</dd>
        </div>
      </dl>
      {f.warnings.length > 0 && (
        <ul className="warnings">
          {f.warnings.map((w) => (
            <li key={w.code + w.text}>{w.text}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The prevention outcomes' share of the total present value, as a 4-place fraction string. */
function preventionShare(f: ReportFigures): string | null {
  const total = toUnits(f.totals.presentValue);
  if (total <= 0n) return null;
  let prevention = 0n;
  for (const o of f.outcomes) {
    if (o.isPrevention && o.presentValue !== null && o.valuedIn === null)
      prevention += toUnits(o.presentValue);
  }
  // fraction = prevention / total, 4 places, half up (integers in pence: exact).
  const scaledShare = (prevention * 20000n + total) / (2n * total);
  const text = scaledShare.toString().padStart(5, '0');
  return `${text.slice(0, -4)}.${text.slice(-4)}`;
}

/** A money string in pence as a BigInt (2 places). */
function toUnits(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const units = BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -units : units;
}

function Outcomes({ figures: f }: { figures: ReportFigures }) {
  const depth = useMemo(() => depthOf(f.outcomes), [f]);
  return (
    <section aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">Outcomes against targets</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Outcome</th>
            <th scope="col">Actual</th>
            <th scope="col">Target</th>
            <th scope="col">Progress</th>
            <th scope="col">RAG</th>
            <th scope="col">Disputed</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {f.outcomes.map((o) => (
            <tr key={o.outcomeId}>
              <th scope="row" style={{ paddingLeft: `${0.5 + depth.get(o.outcomeId)! * 1.25}rem` }}>
                {o.code} {o.title}
                {o.rollUp && (
                  <span className="small"> (rolled up from {o.rollUp.from.join(', ')})</span>
                )}
              </th>
              <td>
                {quantity(o.actual)} {o.unit}
              </td>
              <td>{quantity(o.target)}</td>
              <td>{o.progress === null ? (o.progressNote ?? '—') : percent(o.progress)}</td>
              <td>
                {o.rag ? (
                  <span className={`rag rag-${o.rag}`}>{RAG_TEXT[o.rag] ?? o.rag}</span>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {o.verification.disputed.entries > 0
                  ? quantity(o.verification.disputed.quantity)
                  : '—'}
              </td>
              <td>
                {o.presentValue === null
                  ? (o.notMonetisedNote ?? 'Not monetised')
                  : o.valuedIn
                    ? `Counted in ${o.valuedIn}`
                    : money(o.presentValue)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function depthOf(outcomes: readonly OutcomeFigures[]): Map<string, number> {
  const parent = new Map(outcomes.map((o) => [o.outcomeId, o.parentId]));
  const depth = new Map<string, number>();
  for (const o of outcomes) {
    let d = 0;
    let p = o.parentId;
    while (p && d < 10) {
      d += 1;
      p = parent.get(p) ?? null;
    }
    depth.set(o.outcomeId, d);
  }
  return depth;
}

function MissingData({ figures: f }: { figures: ReportFigures }) {
  if (f.missingData.length === 0) return null;
  return (
    <section aria-labelledby="missing-heading">
      <h2 id="missing-heading">Missing data</h2>
      <ul>
        {f.missingData.map((m) => (
          <li key={m.outcomeId}>
            {m.code} {m.title}:{' '}
            {m.expectedFrom.length
              ? `owed by ${m.expectedFrom.map((p) => p.name).join(', ')}`
              : 'no provider has reported it yet'}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ShareTable({
  caption,
  rows,
}: {
  caption: string;
  rows: {
    key: string;
    name: string;
    presentValue: string;
    share: string | null;
    ratioText: string | null;
  }[];
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Value</th>
          <th scope="col">Share</th>
          <th scope="col">Part of the ratio</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.name}</th>
            <td>{money(r.presentValue)}</td>
            <td>{percent(r.share)}</td>
            <td>{r.ratioText ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Breakdowns({ figures: f }: { figures: ReportFigures }) {
  return (
    <section aria-labelledby="breakdowns-heading" className="breakdowns">
      <h2 id="breakdowns-heading">Value by theme, stakeholder and provider</h2>
      <ShareTable
        caption="By theme"
        rows={f.byTheme.map((t, i) => ({ key: `t${i}`, name: t.theme ?? 'No theme', ...t }))}
      />
      <ShareTable
        caption="By stakeholder"
        rows={f.byStakeholder.map((s, i) => ({
          key: `s${i}`,
          name: s.stakeholder ?? 'Not named',
          ...s,
        }))}
      />
      <ShareTable
        caption="By provider"
        rows={f.byProvider.map((p, i) => ({
          key: `p${i}`,
          name: p.provider?.name ?? 'No one provider (changes against a baseline)',
          ...p,
        }))}
      />
    </section>
  );
}

function Changes({
  changes,
  figures: f,
}: {
  changes: ReportChanges | null;
  figures: ReportFigures;
}) {
  const codes = new Map(f.outcomes.map((o) => [o.outcomeId, `${o.code} ${o.title}`]));
  return (
    <section aria-labelledby="changes-heading">
      <h2 id="changes-heading">What changed since the previous version</h2>
      {!changes ? (
        <p>This is the first version of this quarter’s report.</p>
      ) : changes.differences.length === 0 ? (
        <p>Version {changes.previousVersion} had the same headline figures.</p>
      ) : (
        <table>
          <caption>
            Against version {changes.previousVersion}
            {changes.restatement ? ' (a restatement of a final version)' : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">Was</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {changes.differences.map((d) => (
              <tr key={d.field}>
                <th scope="row">
                  {d.field.replace(/outcomes\[([^\]]+)\]/, (_m, id: string) => codes.get(id) ?? id)}
                </th>
                <td>{d.from ?? '—'}</td>
                <td>{d.to ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Sensitivity({ figures: f }: { figures: ReportFigures }) {
  if (!f.sensitivity) return null;
  return (
    <section aria-labelledby="sensitivity-heading">
      <h2 id="sensitivity-heading">Sensitivity</h2>
      <table>
        <caption>Base ratio {f.sensitivity.baseRatio ?? '—'}</caption>
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Change</th>
            <th scope="col">Value</th>
            <th scope="col">Ratio</th>
            <th scope="col">Break-even</th>
          </tr>
        </thead>
        <tbody>
          {f.sensitivity.results.map((r, i) => (
            <tr key={i}>
              <th scope="row">
                {r.parameter}
                {r.source === 'partnership' ? ' (partnership case)' : ''}
              </th>
              <td>{r.change}</td>
              <td>{money(r.presentValue)}</td>
              <td>{r.ratio ?? '—'}</td>
              <td>{r.breakEven.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The drill-down from the total: each valuation line with its working. */
function ValuationLines({ figures: f }: { figures: ReportFigures }) {
  const names = new Map(f.outcomes.map((o) => [o.outcomeId, `${o.code} ${o.title}`]));
  return (
    <section id="valuation-lines" aria-labelledby="lines-heading">
      <h2 id="lines-heading">How the social value is worked out</h2>
      <ol className="steps">
        {f.explanation.map((s) => (
          <li key={s.code}>{s.text}</li>
        ))}
      </ol>
      {f.valuationLines.map((line, i) =>
        line.monetised ? (
          <details key={i}>
            <summary>
              {names.get(line.outcomeId)}: {money(line.presentValue)}
            </summary>
            <p>{line.basisText}</p>
            <ol className="steps">
              {line.explanation.map((s) => (
                <li key={s.code}>{s.text}</li>
              ))}
            </ol>
          </details>
        ) : (
          <p key={i}>
            {names.get(line.outcomeId)}: {quantity(line.quantity)} {line.unit ?? ''} (not monetised:{' '}
            {line.reason})
          </p>
        ),
      )}
    </section>
  );
}
