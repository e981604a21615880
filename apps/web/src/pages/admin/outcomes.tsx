import { Link } from 'react-router';
import { usePartnership } from '../../access';
import { LoadProblem, useApiData, words } from './form-kit';
import { OutcomeForm } from './outcome-form';

export interface Outcome {
  id: string;
  code: string;
  title: string;
  theme: string;
  unit: string;
  direction: string;
  aggregation: string;
  parentId: string | null;
  stakeholder: string | null;
  description: string | null;
  baselineValue: string | null;
  baselineDate: string | null;
  greenThreshold: string;
  amberThreshold: string;
  isPrevention: boolean;
  valueDisbenefits: boolean;
  valuation: { proxyCode: string; proxyName: string; basis: string | null } | null;
}

/** The partnership's outcomes, every one of them (a partnership has dozens, not thousands). */
export function useOutcomes() {
  const { partnershipId } = usePartnership();
  return useApiData<{ data: Outcome[] }>(`/v1/partnerships/${partnershipId}/outcomes?limit=200`);
}

/** Children by parent id ('' for the top level), each list in code order. */
function childrenOf(outcomes: Outcome[]): Map<string, Outcome[]> {
  const ids = new Set(outcomes.map((o) => o.id));
  const map = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    // A parent that is archived (not listed) leaves its child at the top level.
    const key = o.parentId && ids.has(o.parentId) ? o.parentId : '';
    map.set(key, [...(map.get(key) ?? []), o]);
  }
  for (const list of map.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  return map;
}

function Tree({
  parent,
  tree,
  base,
}: {
  parent: string;
  tree: Map<string, Outcome[]>;
  base: string;
}) {
  const items = tree.get(parent) ?? [];
  if (items.length === 0) return null;
  return (
    <ul className="tree">
      {items.map((o) => (
        <li key={o.id} data-outcome={o.code}>
          <Link to={`${base}/${o.id}`}>
            {o.code} {o.title}
          </Link>{' '}
          <span className="small">
            {o.theme}; {words(o.direction)}, {o.aggregation} of {o.unit}
            {o.isPrevention && '; prevention'}
            {o.valuation ? `; valued by ${o.valuation.proxyCode}` : '; not valued'}
          </span>
          <Tree parent={o.id} tree={tree} base={base} />
        </li>
      ))}
    </ul>
  );
}

/** Set-up: the outcome hierarchy as a tree, and a form for a new outcome. */
export function OutcomesPage() {
  const { partnershipId } = usePartnership();
  const { data, error, reload } = useOutcomes();
  const outcomes = data?.data ?? null;
  const base = `/app/partnerships/${partnershipId}/admin/outcomes`;
  return (
    <main>
      <h1>Outcomes and targets</h1>
      <section aria-labelledby="hierarchy-heading">
        <h2 id="hierarchy-heading">The outcome hierarchy</h2>
        <p className="small">Open an outcome to change it or set its quarterly targets.</p>
        <LoadProblem error={error} />
        {outcomes?.length === 0 && <p>No outcome yet.</p>}
        {outcomes && <Tree parent="" tree={childrenOf(outcomes)} base={base} />}
      </section>
      <OutcomeForm outcomes={outcomes ?? []} onSaved={reload} />
    </main>
  );
}
