import { useEffect, useState } from 'react';
import { api, ApiError, money, percent } from '../../api';
import { asApiError, ProblemAlert } from '../../components/errors';
import { usePartnership } from '../../access';
import { SurplusChart, type SurplusPoint } from '../../components/surplus-chart';
import { FinanceNav, nameOf, STATE_WORDS, useMembers } from './common';

interface Evaluation {
  id: string;
  ruleId: string;
  providerOrganisationId: string;
  window: string;
  kind: string | null;
  state: string | null;
  revenue: string | null;
  allowableCost: string | null;
  surplus: string | null;
  reasonableSurplus: string | null;
  variation: string | null;
  explanation: { code: string; values: Record<string, string> }[];
  createdAt: string;
}

interface Rule {
  id: string;
  name: string;
  terms: { kind: string; earlyWarningLevel?: string | number };
}

interface Row extends SurplusPoint {
  evaluation: Evaluation;
  margin: string | null;
  rate: string | null;
  level: string | null;
}

interface Position {
  key: string;
  providerId: string;
  ruleId: string;
  rows: Row[];
}

/** The end date of a window label ("2026-27 to 2026-09-30" → "2026-09-30"). */
const windowEnd = (label: string) => label.split(' to ').at(-1) ?? label;

/**
 * Per provider and rule, the latest completed evaluation of each window (the list comes newest
 * first), oldest window first. Reasonable-surplus rules only: they have the threshold.
 */
function positionsOf(evaluations: Evaluation[]): Position[] {
  const byKey = new Map<string, Position>();
  for (const e of evaluations) {
    if (e.kind !== 'reasonable_surplus' || e.surplus === null || e.reasonableSurplus === null)
      continue;
    const key = `${e.providerOrganisationId}:${e.ruleId}`;
    const position = byKey.get(key) ?? {
      key,
      providerId: e.providerOrganisationId,
      ruleId: e.ruleId,
      rows: [],
    };
    byKey.set(key, position);
    if (position.rows.some((r) => r.label === e.window)) continue;
    const threshold = e.explanation.find((s) => s.code === 'threshold')?.values ?? {};
    position.rows.push({
      label: e.window,
      surplus: e.surplus,
      reasonableSurplus: e.reasonableSurplus,
      warningAmount: threshold.warningAmount ?? null,
      margin: threshold.margin ?? null,
      rate: threshold.rate ?? null,
      level: threshold.earlyWarningLevel ?? null,
      evaluation: e,
    });
  }
  const positions = [...byKey.values()];
  for (const p of positions)
    p.rows.sort((a, b) => windowEnd(a.label).localeCompare(windowEnd(b.label)));
  return positions;
}

function PositionTable({ caption, rows }: { caption: string; rows: Row[] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Window</th>
          <th scope="col">Revenue</th>
          <th scope="col">Allowable cost</th>
          <th scope="col">Surplus</th>
          <th scope="col">Margin</th>
          <th scope="col">Warning level</th>
          <th scope="col">Reasonable surplus</th>
          <th scope="col">Variation</th>
          <th scope="col">Position</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td>{money(r.evaluation.revenue, 'GBP', true)}</td>
            <td>{money(r.evaluation.allowableCost, 'GBP', true)}</td>
            <td>{money(r.surplus, 'GBP', true)}</td>
            <td>
              {r.margin === null ? '—' : percent(r.margin)}
              {r.rate && <span className="small"> (reasonable: {percent(r.rate)})</span>}
            </td>
            <td>{money(r.warningAmount, 'GBP', true)}</td>
            <td>{money(r.reasonableSurplus, 'GBP', true)}</td>
            <td>{money(r.evaluation.variation, 'GBP', true)}</td>
            <td>{STATE_WORDS[r.evaluation.state ?? ''] ?? r.evaluation.state}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The position against the reasonable surplus: for each provider (and reasonable-surplus rule)
 * the surplus over the windows evaluated, against the threshold and the early-warning level, as
 * a chart and as a table of the same figures.
 */
export function SurplusPage() {
  const { partnershipId, partnershipName, can } = usePartnership();
  const members = useMembers();
  const [positions, setPositions] = useState<Position[] | null>(null);
  const [rules, setRules] = useState<Rule[]>([]);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    api<{ data: Evaluation[] }>(
      `/v1/partnerships/${partnershipId}/share-evaluations?status=completed&limit=200`,
    )
      .then(({ data }) => setPositions(positionsOf(data)))
      .catch((e: unknown) => setError(asApiError(e)));
    // The rules' names and warning settings (roles without share-rules:read see the working's).
    if (can('share-rules:read'))
      api<{ data: Rule[] }>(`/v1/partnerships/${partnershipId}/share-rules?includeSuperseded=true`)
        .then(({ data }) => setRules(data))
        .catch(() => setRules([]));
  }, [partnershipId, can]);

  return (
    <main>
      <h1>{partnershipName}: position against the reasonable surplus</h1>
      <FinanceNav />
      <ProblemAlert error={error} />
      {(positions === null || members === null) && !error && (
        <p aria-busy="true">Loading the evaluations…</p>
      )}
      {positions?.length === 0 && <p>No reasonable-surplus rule has been evaluated yet.</p>}
      {members &&
        positions?.map((p) => {
          const provider = nameOf(members, p.providerId);
          const rule = rules.find((r) => r.id === p.ruleId);
          const level = String(rule?.terms.earlyWarningLevel ?? p.rows.at(-1)?.level ?? '0.8');
          const headingId = `position-${p.key.replace(':', '-')}`;
          const summary = p.rows
            .map(
              (r) =>
                `${r.label}: surplus ${money(r.surplus)}, warning level ${money(r.warningAmount)}, reasonable surplus ${money(r.reasonableSurplus)}`,
            )
            .join('; ');
          return (
            <section key={p.key} aria-labelledby={headingId} className="position">
              <h2 id={headingId}>{provider}</h2>
              <p className="meta">
                Rule: {rule?.name ?? 'a reasonable-surplus rule'}; early warning at {percent(level)}{' '}
                of the reasonable surplus.
              </p>
              <SurplusChart
                points={p.rows}
                title={`${provider}: surplus against the reasonable surplus and the warning level. ${summary}`}
              />
              <PositionTable caption={`${provider}: the figures in the chart`} rows={p.rows} />
            </section>
          );
        })}
    </main>
  );
}
