import { useMemo } from 'react';
import type { OutcomeFigures, ReportChanges, ReportFigures } from '@ol/outcomes';
import { money, percent, quantity } from '../api';

const RAG_TEXT: Record<string, string> = {
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
  no_data: 'No data',
};

export function Outcomes({ figures: f }: { figures: ReportFigures }) {
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

export function MissingData({ figures: f }: { figures: ReportFigures }) {
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

export function Breakdowns({ figures: f }: { figures: ReportFigures }) {
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

export function Changes({
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

export function Sensitivity({ figures: f }: { figures: ReportFigures }) {
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
