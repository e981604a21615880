import { Decimal } from 'decimal.js';
import fc from 'fast-check';

import { composeReport } from './compose';
import type { MonetisedLineFigures } from './figures';
import { valuedLevelConflict } from './hierarchy';
import type { ReportOutcomeInput } from './inputs';
import { inputsOf, outcome, proxyVersion, quarter } from './scenarios/fixtures';

describe('valuedLevelConflict', () => {
  const node = (id: string, parentId: string | null, valued: boolean) => ({ id, parentId, valued });

  it('finds a valued outcome under a valued ancestor, however deep', () => {
    expect(
      valuedLevelConflict([node('a', null, true), node('b', 'a', false), node('c', 'b', true)]),
    ).toEqual({ upper: 'a', lower: 'c' });
  });

  it('allows one valued level per branch, and valued siblings', () => {
    expect(
      valuedLevelConflict([
        node('a', null, false),
        node('b', 'a', true),
        node('c', 'a', true),
        node('d', 'b', false),
      ]),
    ).toBeNull();
  });

  it('stops at a parent outside the list and at a cycle', () => {
    expect(valuedLevelConflict([node('a', 'gone', true)])).toBeNull();
    expect(valuedLevelConflict([node('a', 'b', true), node('b', 'a', false)])).toBeNull();
  });
});

/** A random forest: node i's parent is one of the nodes before it, or none. */
const forest = fc
  .array(
    fc.record({
      parent: fc.option(fc.nat(), { nil: null }),
      quantity: fc.nat({ max: 500 }),
      valued: fc.boolean(),
      ownData: fc.boolean(),
    }),
    { minLength: 1, maxLength: 14 },
  )
  .map((nodes) =>
    nodes.map((n, i) => ({
      ...n,
      id: `o${i}`,
      parentId: n.parent === null || i === 0 ? null : `o${n.parent % i}`,
    })),
  );

const PROXY = proxyVersion('v', '10.0000', { code: 'UNIT' });

function outcomesOf(
  nodes: readonly {
    id: string;
    parentId: string | null;
    quantity: number;
    valued: boolean;
    ownData: boolean;
  }[],
  dataOn: (n: { id: string; ownData: boolean }, isLeaf: boolean) => boolean,
): ReportOutcomeInput[] {
  const parents = new Set(nodes.map((n) => n.parentId));
  return nodes.map((n) =>
    outcome({
      id: n.id,
      code: n.id.toUpperCase(),
      parentId: n.parentId,
      valuation: n.valued ? { basis: 'achieved', countOutcomeId: null, proxies: [PROXY] } : null,
      delivery: [
        dataOn(n, !parents.has(n.id))
          ? quarter({ verified: [String(n.quantity), n.quantity + 1] })
          : quarter(),
      ],
    }),
  );
}

describe('hierarchy roll-up (property)', () => {
  it('values every leaf once when any outcome on its branch is valued, never twice', () => {
    fc.assert(
      fc.property(forest, (nodes) => {
        const outcomes = outcomesOf(nodes, (_, leaf) => leaf);
        const f = composeReport(inputsOf(outcomes));
        const byId = new Map(nodes.map((n) => [n.id, n]));
        const parents = new Set(nodes.map((n) => n.parentId));
        // The oracle: a leaf's delivery is worth £10 a unit when it or an ancestor is valued.
        let expected = new Decimal(0);
        for (const leaf of nodes.filter((n) => !parents.has(n.id))) {
          let at: (typeof nodes)[number] | undefined = leaf;
          while (at && !at.valued) at = at.parentId ? byId.get(at.parentId) : undefined;
          if (at) expected = expected.plus(leaf.quantity * 10);
        }
        expect(f.totals.presentValue).toBe(expected.toFixed(2));
        // Every rolled-up parent's actual is the sum of the leaves below it.
        const leavesUnder = (id: string): number =>
          nodes
            .filter((n) => n.parentId === id)
            .reduce((s, c) => s + (parents.has(c.id) ? leavesUnder(c.id) : c.quantity), 0);
        for (const o of f.outcomes.filter((x) => x.rollUp !== null)) {
          expect(o.actual).toBe(String(leavesUnder(o.outcomeId)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('report totals equal the sum of the valued lines, whoever holds data', () => {
    fc.assert(
      fc.property(forest, (nodes) => {
        const f = composeReport(inputsOf(outcomesOf(nodes, (n) => n.ownData)));
        const lines = f.valuationLines.filter((l): l is MonetisedLineFigures => l.monetised);
        const sum = lines.reduce((s, l) => s.plus(l.presentValue), new Decimal(0));
        expect(f.totals.presentValue).toBe(sum.toFixed(2));
        // No outcome is valued both by itself and inside an ancestor's roll-up.
        for (const o of f.outcomes.filter((x) => x.valuedIn !== null)) {
          expect(lines.some((l) => l.outcomeId === o.outcomeId)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
