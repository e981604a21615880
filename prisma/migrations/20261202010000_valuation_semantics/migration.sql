-- Numbers a board can trust: what a proxy values (the valuation basis of each outcome's proxy
-- link), whether a decrease outcome values a rise above its baseline as a disbenefit, whether
-- claimed-but-unverified delivery counts in headline figures, and an index that lets reports read
-- only the records in force (not reversed) per review status.

-- achieved: the count achieved (increasing count outcomes);
-- avoided: the window's baseline minus the actual (decreasing count outcomes), a rise a disbenefit;
-- change_in_stock: the latest level against the baseline (stock outcomes);
-- count_outcome: a score valued through a companion count outcome (e.g. people whose score
--   improved by at least N), never the score itself.
CREATE TYPE valuation_basis AS ENUM ('achieved', 'avoided', 'change_in_stock', 'count_outcome');

ALTER TABLE outcome_valuations
  ADD COLUMN basis valuation_basis,
  ADD COLUMN count_outcome_id uuid,
  ADD CONSTRAINT outcome_valuations_count_outcome_fkey
    FOREIGN KEY (partnership_id, count_outcome_id) REFERENCES outcomes (partnership_id, id),
  ADD CONSTRAINT outcome_valuations_count_outcome_check
    CHECK ((basis = 'count_outcome') = (count_outcome_id IS NOT NULL)),
  ADD CONSTRAINT outcome_valuations_not_own_count CHECK (count_outcome_id IS DISTINCT FROM outcome_id);
CREATE INDEX outcome_valuations_count_outcome_id_idx
  ON outcome_valuations (partnership_id, count_outcome_id) WHERE count_outcome_id IS NOT NULL;

-- Existing links get the basis their outcome implies. A score (mean) linked to a per-unit proxy
-- keeps a NULL basis: its reports say it is not valued until the link names a count outcome.
UPDATE outcome_valuations v
   SET basis = CASE
         WHEN o.aggregation = 'sum' AND o.direction = 'increase' THEN 'achieved'
         WHEN o.aggregation = 'sum' THEN 'avoided'
         WHEN o.aggregation = 'latest' THEN 'change_in_stock'
       END::valuation_basis
  FROM outcomes o
 WHERE o.partnership_id = v.partnership_id AND o.id = v.outcome_id;

-- A decrease outcome whose actual rises above its baseline: valued as a negative line (true), or
-- shown and not valued (false).
ALTER TABLE outcomes ADD COLUMN value_disbenefits boolean NOT NULL DEFAULT true;

-- Whether claimed-but-unverified delivery counts in headline figures (it is always shown apart).
ALTER TABLE partnerships ADD COLUMN count_unverified boolean NOT NULL DEFAULT true;

-- Reports read the records in force per review status: the report index carries what that needs
-- (the kind, to leave reversals out; the id, to leave reversed records out), so the GROUP BY stays
-- an index-only scan.
DROP INDEX delivery_records_report_idx;
CREATE INDEX delivery_records_report_idx
  ON delivery_records (partnership_id, outcome_id, activity_date) INCLUDE (quantity, status, kind, id);
