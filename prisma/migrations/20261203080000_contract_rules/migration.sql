-- Contract rules people sign, and a settlement ledger that raises only the difference (issue 15,
-- ADR 0011). A rule is now its kind and typed terms (libs/outcomes' ContractRule: any parties,
-- reasonable surplus with money or margin-point bands, or a target-cost contract); evaluations
-- keep every party's position; a trigger carries per-party ADJUSTMENTS (entitlement − raised
-- before), never the gross again; settlements are recorded per party against triggers.

-- 1. Rules. The three-party columns become terms with the same meaning (margin-point band edges;
--    party `provider` = the provider evaluated; `commissioner`; the community fund = its
--    organisation, or `community_fund`). The lineage is the first rule of a chain of
--    replacements: the ledger belongs to it, so replacing a rule does not raise the gross again.
ALTER TABLE share_rules
  ADD COLUMN kind text,
  ADD COLUMN terms jsonb,
  ADD COLUMN lineage_id uuid;

WITH fund AS (
  SELECT r.partnership_id, r.id,
         coalesce(r.community_fund_org_id::text, 'community_fund') AS fund_id,
         (r.community_fund_org_id IS NOT NULL OR EXISTS (
            SELECT 1 FROM jsonb_array_elements(r.bands) b
             WHERE coalesce((b ->> 'communityFund')::numeric, 0) <> 0)) AS has_fund
    FROM share_rules r
)
UPDATE share_rules r
   SET kind = 'reasonable_surplus',
       terms = jsonb_build_object(
         'kind', 'reasonable_surplus',
         'parties',
           jsonb_build_array(
             jsonb_build_object('id', 'provider', 'name', 'Provider', 'role', 'provider'),
             jsonb_build_object('id', 'commissioner', 'name', 'Commissioner', 'role', 'commissioner'))
           || CASE WHEN f.has_fund THEN jsonb_build_array(jsonb_build_object(
                'id', f.fund_id, 'name', 'Community fund', 'role', 'community_fund'))
              ELSE '[]'::jsonb END,
         'reasonableSurplus', jsonb_build_object('basis', r.basis::text, 'rate', r.reasonable_rate::text),
         'earlyWarningLevel', r.warning_level::text,
         'bandEdges', 'margin_points',
         'bands', (
           SELECT jsonb_agg(
                    CASE WHEN b ? 'upTo' AND b ->> 'upTo' IS NOT NULL
                         THEN jsonb_build_object('upTo', b ->> 'upTo') ELSE '{}'::jsonb END
                    || jsonb_build_object('shares',
                         jsonb_build_object('provider', b ->> 'provider', 'commissioner', b ->> 'commissioner')
                         || CASE WHEN f.has_fund
                                 THEN jsonb_build_object(f.fund_id, coalesce(b ->> 'communityFund', '0'))
                                 ELSE '{}'::jsonb END)
                    ORDER BY e.ord)
             FROM jsonb_array_elements(r.bands) WITH ORDINALITY AS e(b, ord)))
       || CASE WHEN r.pain_share_provider IS NULL THEN '{}'::jsonb
               ELSE jsonb_build_object('painShare',
                      jsonb_build_object('shares', jsonb_build_object(
                        'provider', r.pain_share_provider::text,
                        'commissioner', (1 - r.pain_share_provider)::text))
                      || CASE WHEN r.pain_share_cap IS NULL THEN '{}'::jsonb
                              ELSE jsonb_build_object('caps', jsonb_build_object('provider', r.pain_share_cap::text),
                                                      'beyondCaps', 'commissioner') END)
          END
  FROM fund f
 WHERE f.partnership_id = r.partnership_id AND f.id = r.id;

WITH RECURSIVE chain AS (
  SELECT partnership_id, id, id AS lineage_id FROM share_rules WHERE supersedes_id IS NULL
  UNION ALL
  SELECT r.partnership_id, r.id, c.lineage_id
    FROM share_rules r JOIN chain c ON r.partnership_id = c.partnership_id AND r.supersedes_id = c.id
)
UPDATE share_rules r SET lineage_id = c.lineage_id
  FROM chain c WHERE c.partnership_id = r.partnership_id AND c.id = r.id;

ALTER TABLE share_rules
  ALTER COLUMN kind SET NOT NULL,
  ALTER COLUMN terms SET NOT NULL,
  ALTER COLUMN lineage_id SET NOT NULL,
  ADD CONSTRAINT share_rules_kind_check CHECK (kind IN ('reasonable_surplus', 'target_cost')),
  ADD CONSTRAINT share_rules_terms_check CHECK (jsonb_typeof(terms) = 'object' AND terms ->> 'kind' = kind),
  ADD CONSTRAINT share_rules_lineage_fkey FOREIGN KEY (partnership_id, lineage_id)
    REFERENCES share_rules (partnership_id, id);
CREATE INDEX share_rules_lineage_idx ON share_rules (partnership_id, lineage_id);

-- 2. Evaluations keep each party's position (receives, bears, net) and the signed variation;
--    `excess` becomes `gain` (the amount shared: an excess or an underspend), `pain` is what is
--    borne. The three fixed party columns go (their amounts are in the positions).
ALTER TABLE share_evaluations
  ADD COLUMN kind text,
  ADD COLUMN variation numeric(18, 2),
  ADD COLUMN pain numeric(18, 2),
  ADD COLUMN positions jsonb;
ALTER TABLE share_evaluations RENAME COLUMN excess TO gain;

UPDATE share_evaluations e
   SET kind = 'reasonable_surplus',
       variation = e.surplus - e.reasonable_surplus,
       pain = (e.result -> 'painShare' ->> 'overrun')::numeric(18, 2),
       positions = jsonb_build_array(
         jsonb_build_object('partyId', 'provider', 'name', 'Provider', 'role', 'provider',
           'receives', e.provider_share::text,
           'bears', coalesce((e.result -> 'painShare' -> 'rounded' ->> 'provider')::numeric(18, 2), 0)::text,
           'net', (e.provider_share - coalesce((e.result -> 'painShare' -> 'rounded' ->> 'provider')::numeric(18, 2), 0))::text),
         jsonb_build_object('partyId', 'commissioner', 'name', 'Commissioner', 'role', 'commissioner',
           'receives', e.commissioner_share::text,
           'bears', coalesce((e.result -> 'painShare' -> 'rounded' ->> 'commissioner')::numeric(18, 2), 0)::text,
           'net', (e.commissioner_share - coalesce((e.result -> 'painShare' -> 'rounded' ->> 'commissioner')::numeric(18, 2), 0))::text),
         jsonb_build_object('partyId', (SELECT r.terms -> 'parties' -> 2 ->> 'id' FROM share_rules r
                                          WHERE r.partnership_id = e.partnership_id AND r.id = e.rule_id),
           'name', 'Community fund', 'role', 'community_fund',
           'receives', e.community_share::text, 'bears', '0.00', 'net', e.community_share::text))
 WHERE e.status = 'completed';
-- A rule without a community fund party has no third position.
UPDATE share_evaluations SET positions = positions - 2
 WHERE status = 'completed' AND positions -> 2 ->> 'partyId' IS NULL;

ALTER TABLE share_evaluations DROP CONSTRAINT share_evaluations_figures_by_status;
ALTER TABLE share_evaluations
  DROP COLUMN provider_share,
  DROP COLUMN commissioner_share,
  DROP COLUMN community_share,
  ADD CONSTRAINT share_evaluations_kind_check CHECK (kind IN ('reasonable_surplus', 'target_cost')),
  ADD CONSTRAINT share_evaluations_figures_by_status CHECK (
    CASE status
      WHEN 'completed' THEN failure_reason IS NULL AND kind IS NOT NULL
        AND state IS NOT NULL AND revenue IS NOT NULL AND allowable_cost IS NOT NULL
        AND surplus IS NOT NULL AND variation IS NOT NULL AND gain IS NOT NULL
        AND jsonb_typeof(positions) = 'array'
        AND (kind = 'target_cost' OR reasonable_surplus IS NOT NULL)
      ELSE failure_reason IS NOT NULL AND length(failure_reason) BETWEEN 1 AND 2000
        AND state IS NULL AND revenue IS NULL AND allowable_cost IS NULL AND surplus IS NULL
        AND reasonable_surplus IS NULL AND gain IS NULL AND pain IS NULL AND variation IS NULL
        AND positions IS NULL
    END);

-- 3. Triggers: raised by a crossing, or by an adjustment (the position changed without a
--    crossing: a later quarter, a restatement, a replaced rule). They keep the evaluation's
--    gain, pain and signed variation; the money to move is in share_adjustments.
ALTER TABLE share_triggers
  ADD COLUMN reason text NOT NULL DEFAULT 'crossing',
  ADD COLUMN variation numeric(18, 2),
  ADD COLUMN pain numeric(18, 2),
  ADD CONSTRAINT share_triggers_reason_check CHECK (reason IN ('crossing', 'adjustment'));
ALTER TABLE share_triggers RENAME COLUMN excess TO gain;
UPDATE share_triggers t SET variation = e.variation, pain = e.pain
  FROM share_evaluations e WHERE e.partnership_id = t.partnership_id AND e.id = t.evaluation_id;
UPDATE share_triggers SET variation = 0 WHERE variation IS NULL;
ALTER TABLE share_triggers ALTER COLUMN variation SET NOT NULL;

-- 4. The ledger: adjustments raised on triggers (per party, entitlement − raised before) and
--    settlements recorded against them. Both belong to the rule's lineage, provider and year.
CREATE TABLE share_adjustments (
  partnership_id   uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  lineage_id       uuid NOT NULL,
  provider_org_id  uuid NOT NULL REFERENCES organisations (id),
  window_start     date NOT NULL,
  trigger_id       uuid NOT NULL,
  party_id         text NOT NULL CHECK (length(party_id) BETWEEN 1 AND 200),
  position         integer NOT NULL DEFAULT 0 CHECK (position >= 0),
  party_name       text NOT NULL,
  party_role       text NOT NULL,
  entitlement      numeric(18, 2) NOT NULL,
  raised_before    numeric(18, 2) NOT NULL,
  amount           numeric(18, 2) NOT NULL,
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  CONSTRAINT share_adjustments_difference_check CHECK (amount = entitlement - raised_before),
  FOREIGN KEY (partnership_id, trigger_id) REFERENCES share_triggers (partnership_id, id),
  FOREIGN KEY (partnership_id, lineage_id) REFERENCES share_rules (partnership_id, id)
);
CREATE UNIQUE INDEX share_adjustments_trigger_party_key ON share_adjustments (partnership_id, trigger_id, party_id);
CREATE INDEX share_adjustments_ledger_idx ON share_adjustments (partnership_id, lineage_id, provider_org_id, window_start);
CREATE INDEX share_adjustments_provider_org_id_idx ON share_adjustments (provider_org_id);

CREATE TABLE share_settlements (
  partnership_id   uuid NOT NULL,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  lineage_id       uuid NOT NULL,
  provider_org_id  uuid NOT NULL REFERENCES organisations (id),
  window_start     date NOT NULL,
  trigger_id       uuid NOT NULL,
  party_id         text NOT NULL CHECK (length(party_id) BETWEEN 1 AND 200),
  position         integer NOT NULL DEFAULT 0 CHECK (position >= 0),
  amount           numeric(18, 2) NOT NULL CHECK (amount <> 0),
  -- No money moved: the party holds it already (a provider's share of the excess it keeps, or of
  -- the overrun it absorbs; a buyer's side of a target-cost price).
  retained         boolean NOT NULL DEFAULT false,
  -- Recorded by this migration from a trigger settled before the ledger (its amounts inferred).
  inferred         boolean NOT NULL DEFAULT false,
  paid_on          date NOT NULL,
  reference        text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
  settled_by       uuid REFERENCES users (id),
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, trigger_id) REFERENCES share_triggers (partnership_id, id),
  FOREIGN KEY (partnership_id, lineage_id) REFERENCES share_rules (partnership_id, id)
);
CREATE UNIQUE INDEX share_settlements_trigger_party_key ON share_settlements (partnership_id, trigger_id, party_id);
CREATE INDEX share_settlements_ledger_idx ON share_settlements (partnership_id, lineage_id, provider_org_id, window_start);
CREATE INDEX share_settlements_provider_org_id_idx ON share_settlements (provider_org_id);

-- Triggers raised before the ledger carried the gross of each crossing (and pain-share amounts
-- only in prose): their adjustments are each party's NET position under the trigger's evaluation
-- (receives − bears, backfilled above) minus that of the previous trigger of the same window —
-- what the ledger would have raised.
WITH gross AS (
  SELECT t.partnership_id, t.id AS trigger_id, r.lineage_id, t.provider_org_id, t.window_start,
         t.crossing_no, t.created_at, (p.ord - 1)::int AS position, p.pos ->> 'partyId' AS party_id,
         p.pos ->> 'name' AS party_name, p.pos ->> 'role' AS party_role,
         (p.pos ->> 'net')::numeric(18, 2) AS amount
    FROM share_triggers t
    JOIN share_rules r ON r.partnership_id = t.partnership_id AND r.id = t.rule_id
    JOIN share_evaluations e ON e.partnership_id = t.partnership_id AND e.id = t.evaluation_id
   CROSS JOIN LATERAL jsonb_array_elements(e.positions) WITH ORDINALITY AS p(pos, ord)
)
INSERT INTO share_adjustments (partnership_id, lineage_id, provider_org_id, window_start, trigger_id,
                               position, party_id, party_name, party_role, entitlement, raised_before,
                               amount, created_at)
SELECT partnership_id, lineage_id, provider_org_id, window_start, trigger_id, position, party_id, party_name,
       party_role, amount,
       coalesce(lag(amount) OVER w, 0),
       amount - coalesce(lag(amount) OVER w, 0),
       created_at
  FROM gross
WINDOW w AS (PARTITION BY partnership_id, lineage_id, provider_org_id, window_start, party_id
             ORDER BY created_at, crossing_no);

-- Settled triggers: what they moved, inferred (the amounts are the adjustments above; the
-- reference the settle note). The provider's share under these reasonable-surplus rules is
-- retained (it holds the surplus, or absorbs its part of an overrun).
INSERT INTO share_settlements (partnership_id, lineage_id, provider_org_id, window_start, trigger_id,
                               position, party_id, amount, retained, inferred, paid_on, reference,
                               settled_by, created_at)
SELECT a.partnership_id, a.lineage_id, a.provider_org_id, a.window_start, a.trigger_id, a.position, a.party_id,
       a.amount, a.party_role = 'provider', true, t.settled_at::date,
       left(coalesce(nullif(btrim(t.settle_note), ''), 'settled before the ledger'), 200),
       t.settled_by, t.settled_at
  FROM share_adjustments a
  JOIN share_triggers t ON t.partnership_id = a.partnership_id AND t.id = a.trigger_id
 WHERE t.status = 'settled' AND a.amount <> 0;

ALTER TABLE share_triggers
  DROP COLUMN provider_share,
  DROP COLUMN commissioner_share,
  DROP COLUMN community_share;

-- 5. The three-party columns of rules go last (the backfills above read them).
ALTER TABLE share_rules
  DROP COLUMN basis,
  DROP COLUMN reasonable_rate,
  DROP COLUMN warning_level,
  DROP COLUMN bands,
  DROP COLUMN pain_share_provider,
  DROP COLUMN pain_share_cap,
  DROP COLUMN community_fund_org_id;
DROP TYPE surplus_basis;
