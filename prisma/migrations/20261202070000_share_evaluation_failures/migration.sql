-- An evaluation that the rule could not complete (e.g. a return without the target cost a
-- pain-share rule needs) is stored too, as `failed` with the reason, so finance staff see why no
-- trigger was raised. A failed evaluation has no figures; a completed one has no failure.
CREATE TYPE share_evaluation_status AS ENUM ('completed', 'failed');

ALTER TABLE share_evaluations
  ADD COLUMN status share_evaluation_status NOT NULL DEFAULT 'completed',
  ADD COLUMN failure_reason text,
  ALTER COLUMN state DROP NOT NULL,
  ALTER COLUMN revenue DROP NOT NULL,
  ALTER COLUMN allowable_cost DROP NOT NULL,
  ALTER COLUMN surplus DROP NOT NULL,
  ALTER COLUMN reasonable_surplus DROP NOT NULL,
  ALTER COLUMN excess DROP NOT NULL,
  ALTER COLUMN provider_share DROP NOT NULL,
  ALTER COLUMN commissioner_share DROP NOT NULL,
  ALTER COLUMN community_share DROP NOT NULL;

ALTER TABLE share_evaluations ADD CONSTRAINT share_evaluations_figures_by_status CHECK (
  CASE status
    WHEN 'completed' THEN failure_reason IS NULL
      AND state IS NOT NULL AND revenue IS NOT NULL AND allowable_cost IS NOT NULL
      AND surplus IS NOT NULL AND reasonable_surplus IS NOT NULL AND excess IS NOT NULL
      AND provider_share IS NOT NULL AND commissioner_share IS NOT NULL
      AND community_share IS NOT NULL
    ELSE failure_reason IS NOT NULL AND length(failure_reason) BETWEEN 1 AND 2000
      AND state IS NULL AND revenue IS NULL AND allowable_cost IS NULL AND surplus IS NULL
      AND reasonable_surplus IS NULL AND excess IS NULL AND provider_share IS NULL
      AND commissioner_share IS NULL AND community_share IS NULL
  END);

-- The same inputs give one completed evaluation, and fail at most once (one failure, one
-- `evaluation.failed` notification); a failure of some inputs does not stand in for their success.
DROP INDEX share_evaluations_partnership_id_rule_id_provider_org_id_window_start_fingerprint_key;
CREATE UNIQUE INDEX share_evaluations_inputs_status_key
  ON share_evaluations (partnership_id, rule_id, provider_org_id, window_start, fingerprint, status);

-- Finance staff list a partnership's evaluations newest first, often only the failed ones.
CREATE INDEX share_evaluations_partnership_id_created_at_idx
  ON share_evaluations (partnership_id, created_at DESC);
