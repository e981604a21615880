import {
  evaluateContract,
  evaluateSurplusShare,
  toMoneyString,
  type ContractRule,
} from '@ol/outcomes';
import { databaseBefore } from '../setup/migration-under-test';

const CONTRACT_RULES = '20261203080000_contract_rules';

/**
 * The contract-rules migration on a database with three-party rules, evaluations and triggers
 * stored before it: each rule becomes terms with the same meaning (evaluated, they share exactly
 * as the old rule did), a replacement joins its predecessor's lineage, evaluations keep each
 * party's position, and the old triggers' gross amounts become adjustments of the difference
 * (a second crossing raises its increase only), with settlements for the settled ones.
 */
describe(`migration ${CONTRACT_RULES}`, () => {
  const m = databaseBefore(CONTRACT_RULES, 'contracts');

  it('turns rules into terms with the same meaning, and gross triggers into adjustments of the difference', async () => {
    const { db, one } = m;
    const { id: org } = await one<{ id: string }>(
      "INSERT INTO organisations (name, kind) VALUES ('P', 'provider') RETURNING id::text",
    );
    const { id: fundOrg } = await one<{ id: string }>(
      "INSERT INTO organisations (name, kind) VALUES ('F', 'community') RETURNING id::text",
    );
    const { id: user } = await one<{ id: string }>(
      "INSERT INTO users (email, name) VALUES ('f@example.test', 'F') RETURNING id::text",
    );
    const { id: pid } = await one<{ id: string }>(
      "INSERT INTO partnerships (name, model, start_date, end_date) VALUES ('M', 'alliance', '2026-04-01', '2031-03-31') RETURNING id::text",
    );
    const bands = [
      { upTo: '0.05', provider: '0.5', commissioner: '0.5' },
      { provider: '0', commissioner: '0.8', communityFund: '0.2' },
    ];
    const { id: first } = await one<{ id: string }>(
      `INSERT INTO share_rules (partnership_id, name, basis, reasonable_rate, warning_level, bands,
         pain_share_provider, pain_share_cap, community_fund_org_id)
       VALUES ($1, 'Old', 'cost', 0.05, 0.8, $2::jsonb, 0.4, 1000, $3) RETURNING id::text`,
      [pid, JSON.stringify(bands), fundOrg],
    );
    const { id: second } = await one<{ id: string }>(
      `INSERT INTO share_rules (partnership_id, name, basis, reasonable_rate, bands, supersedes_id)
       VALUES ($1, 'New', 'revenue', 0.1, '[{"provider":"0.5","commissioner":"0.5"}]', $2)
       RETURNING id::text`,
      [pid, first],
    );
    const { id: evaluation } = await one<{ id: string }>(
      `INSERT INTO share_evaluations (partnership_id, rule_id, provider_org_id, window_start,
         window_end, window_label, fingerprint, state, revenue, allowable_cost, surplus,
         reasonable_surplus, excess, provider_share, commissioner_share, community_share, result)
       VALUES ($1, $2, $3, '2026-04-01', '2026-09-30', 'H1', repeat('a', 64), 'above', 60000,
         40000, 20000, 2000, 18000, 1000, 13800, 3200, '{"steps":[]}') RETURNING id::text`,
      [pid, first, org],
    );
    const trigger = async (n: number, shares: [number, number, number], settled: boolean) => {
      // Each crossing is raised on its own evaluation (the first one's for the first).
      const evaluationId =
        n === 1
          ? evaluation
          : (
              await one<{ id: string }>(
                `INSERT INTO share_evaluations (partnership_id, rule_id, provider_org_id,
                   window_start, window_end, window_label, fingerprint, state, revenue,
                   allowable_cost, surplus, reasonable_surplus, excess, provider_share,
                   commissioner_share, community_share, result)
                 VALUES ($1, $2, $3, '2026-04-01', '2026-12-31', 'Q3', repeat($4, 64), 'above',
                   90000, 60000, 30000, 3000, $5, $6, $7, $8, '{"steps":[]}') RETURNING id::text`,
                [pid, first, org, String(n), shares[0] + shares[1] + shares[2], ...shares],
              )
            ).id;
      return one<{ id: string }>(
        `INSERT INTO share_triggers (partnership_id, rule_id, provider_org_id, window_start,
           window_end, crossing_no, evaluation_id, from_state, to_state, excess, provider_share,
           commissioner_share, community_share, status, acknowledged_by, acknowledged_at,
           settled_by, settled_at, settle_note, created_at)
         VALUES ($1, $2, $3, '2026-04-01', '2026-09-30', $4::int, $5, 'below', 'above', $6, $7, $8, $9,
           $10::trigger_status, $11, $12, $11, $12, $13, now() + $4::int * interval '1 second')
         RETURNING id::text`,
        [
          pid,
          first,
          org,
          n,
          evaluationId,
          shares[0] + shares[1] + shares[2],
          ...shares,
          settled ? 'settled' : 'open',
          settled ? user : null,
          settled ? new Date('2026-10-15T12:00:00Z') : null,
          settled ? 'BACS 1' : null,
        ],
      );
    };
    const t1 = await trigger(1, [1000, 13800, 3200], true);
    const t2 = await trigger(2, [1000, 15000, 3500], false);
    // The next year an overrun: pain-share amounts were in the result (and the prose) only.
    const { id: painEvaluation } = await one<{ id: string }>(
      `INSERT INTO share_evaluations (partnership_id, rule_id, provider_org_id, window_start,
         window_end, window_label, fingerprint, state, revenue, allowable_cost, surplus,
         reasonable_surplus, excess, provider_share, commissioner_share, community_share, result)
       VALUES ($1, $2, $3, '2027-04-01', '2027-06-30', 'Q1', repeat('b', 64), 'pain_share', 50000,
         55000, -5000, 2750, 0, 0, 0, 0,
         '{"steps":[],"painShare":{"overrun":"5000","rounded":{"provider":"1000.00","commissioner":"4000.00"}}}')
       RETURNING id::text`,
      [pid, first, org],
    );
    const { id: t3 } = await one<{ id: string }>(
      `INSERT INTO share_triggers (partnership_id, rule_id, provider_org_id, window_start,
         window_end, crossing_no, evaluation_id, from_state, to_state, excess, provider_share,
         commissioner_share, community_share, status, acknowledged_by, acknowledged_at,
         settled_by, settled_at, settle_note)
       VALUES ($1, $2, $3, '2027-04-01', '2027-06-30', 1, $4, 'below', 'pain_share', 0, 0, 0, 0,
         'settled', $5, now(), $5, now(), 'Overrun invoiced')
       RETURNING id::text`,
      [pid, first, org, painEvaluation, user],
    );

    await m.applyIt();

    const rules = await db.query<{
      id: string;
      kind: string;
      terms: ContractRule;
      lineage_id: string;
    }>(
      'SELECT id::text, kind, terms, lineage_id::text FROM share_rules ORDER BY created_at, name DESC',
    );
    const old = rules.rows.find((r) => r.id === first)!;
    expect(old.kind).toBe('reasonable_surplus');
    expect(old.terms).toEqual({
      kind: 'reasonable_surplus',
      parties: [
        { id: 'provider', name: 'Provider', role: 'provider' },
        { id: 'commissioner', name: 'Commissioner', role: 'commissioner' },
        { id: fundOrg, name: 'Community fund', role: 'community_fund' },
      ],
      reasonableSurplus: { basis: 'cost', rate: '0.050000' },
      earlyWarningLevel: '0.8000',
      bandEdges: 'margin_points',
      bands: [
        { upTo: '0.05', shares: { provider: '0.5', commissioner: '0.5', [fundOrg]: '0' } },
        { shares: { provider: '0', commissioner: '0.8', [fundOrg]: '0.2' } },
      ],
      painShare: {
        shares: { provider: '0.4000', commissioner: '0.6000' },
        caps: { provider: '1000.00' },
        beyondCaps: 'commissioner',
      },
    });
    expect(rules.rows.map((r) => r.lineage_id)).toEqual([first, first]);
    // The same meaning: the terms share what the old three-party rule shared.
    const entries = [
      {
        periodStart: '2026-04-01',
        periodEnd: '2026-06-30',
        revenue: '60000',
        targetCost: '38000',
        costs: [{ category: 'direct', amount: '40000' }],
      },
    ];
    const window = { start: '2026-04-01', end: '2027-03-31' };
    const before = evaluateSurplusShare(
      {
        basis: 'cost',
        reasonableSurplusRate: '0.05',
        bands,
        painShare: { providerShare: '0.4', providerCap: '1000' },
      },
      entries,
      window,
    );
    const after = evaluateContract(old.terms, entries, window);
    expect(after.gain.parties.map((p) => toMoneyString(p.rounded))).toEqual(
      [
        before.roundedShares.provider,
        before.roundedShares.commissioner,
        before.roundedShares.communityFund,
      ].map((d) => toMoneyString(d)),
    );
    expect(after.pain!.parties.slice(0, 2).map((p) => toMoneyString(p.rounded))).toEqual([
      toMoneyString(before.painShare!.rounded.provider),
      toMoneyString(before.painShare!.rounded.commissioner),
    ]);
    expect(rules.rows.find((r) => r.id === second)!.terms).toMatchObject({
      reasonableSurplus: { basis: 'revenue', rate: '0.100000' },
      parties: [{ id: 'provider' }, { id: 'commissioner' }],
    });

    expect(
      await one(
        "SELECT kind, variation::text, gain::text, positions -> 2 ->> 'net' AS fund FROM share_evaluations WHERE state = 'above' AND window_label = 'H1'",
      ),
    ).toEqual({
      kind: 'reasonable_surplus',
      variation: '18000.00',
      gain: '18000.00',
      fund: '3200.00',
    });

    const adjustments = await db.query<{
      trigger_id: string;
      party_id: string;
      amount: string;
      raised_before: string;
    }>(
      'SELECT trigger_id::text, party_id, amount::text, raised_before::text FROM share_adjustments ORDER BY window_start, created_at, position',
    );
    expect(adjustments.rows).toEqual([
      { trigger_id: t1.id, party_id: 'provider', amount: '1000.00', raised_before: '0.00' },
      { trigger_id: t1.id, party_id: 'commissioner', amount: '13800.00', raised_before: '0.00' },
      { trigger_id: t1.id, party_id: fundOrg, amount: '3200.00', raised_before: '0.00' },
      // The second crossing raised its increase only.
      { trigger_id: t2.id, party_id: 'provider', amount: '0.00', raised_before: '1000.00' },
      { trigger_id: t2.id, party_id: 'commissioner', amount: '1200.00', raised_before: '13800.00' },
      { trigger_id: t2.id, party_id: fundOrg, amount: '300.00', raised_before: '3200.00' },
      // The pain-share trigger: what each bore (the amounts the old trigger said were 0.00).
      { trigger_id: t3, party_id: 'provider', amount: '-1000.00', raised_before: '0.00' },
      { trigger_id: t3, party_id: 'commissioner', amount: '-4000.00', raised_before: '0.00' },
      { trigger_id: t3, party_id: fundOrg, amount: '0.00', raised_before: '0.00' },
    ]);
    const settlements = await db.query<{
      trigger_id: string;
      party_id: string;
      amount: string;
      retained: boolean;
      inferred: boolean;
      reference: string;
    }>(
      'SELECT trigger_id::text, party_id, amount::text, retained, inferred, reference FROM share_settlements ORDER BY created_at, position',
    );
    expect(settlements.rows).toEqual([
      {
        trigger_id: t1.id,
        party_id: 'provider',
        amount: '1000.00',
        retained: true,
        inferred: true,
        reference: 'BACS 1',
      },
      {
        trigger_id: t1.id,
        party_id: 'commissioner',
        amount: '13800.00',
        retained: false,
        inferred: true,
        reference: 'BACS 1',
      },
      {
        trigger_id: t1.id,
        party_id: fundOrg,
        amount: '3200.00',
        retained: false,
        inferred: true,
        reference: 'BACS 1',
      },
      {
        trigger_id: t3,
        party_id: 'provider',
        amount: '-1000.00',
        retained: true,
        inferred: true,
        reference: 'Overrun invoiced',
      },
      {
        trigger_id: t3,
        party_id: 'commissioner',
        amount: '-4000.00',
        retained: false,
        inferred: true,
        reference: 'Overrun invoiced',
      },
    ]);
    // Terms must name their kind, and an adjustment is the difference.
    await expect(
      db.query("UPDATE share_rules SET kind = 'target_cost' WHERE id = $1", [first]),
    ).rejects.toThrow(/share_rules_terms_check/);
    await expect(db.query('UPDATE share_adjustments SET amount = amount + 1')).rejects.toThrow(
      /share_adjustments_difference_check/,
    );
  });
});
