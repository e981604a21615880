-- Outcome frameworks, targets, financial proxies (versioned), delivery records (append-only)
-- and delivery imports. Partnership-owned tables lead their keys with partnership_id; the proxy
-- library (proxies, proxy_versions) is reference data.

CREATE TYPE outcome_direction AS ENUM ('increase', 'decrease');
CREATE TYPE outcome_aggregation AS ENUM ('sum', 'mean', 'latest');
CREATE TYPE target_period_kind AS ENUM ('quarter', 'year');
CREATE TYPE delivery_kind AS ENUM ('original', 'reversal', 'amendment');
CREATE TYPE delivery_status AS ENUM ('claimed', 'verified', 'disputed');
CREATE TYPE evidence_grade AS ENUM ('self_reported', 'documented', 'independently_verified');
CREATE TYPE import_status AS ENUM ('receiving', 'queued', 'running', 'completed', 'rejected', 'failed');

ALTER TYPE partnership_role ADD VALUE 'verifier';

CREATE TABLE outcomes (
  partnership_id    uuid NOT NULL REFERENCES partnerships (id),
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  code              text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
  theme             text NOT NULL CHECK (length(btrim(theme)) BETWEEN 1 AND 80),
  title             text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 300),
  description       text,
  unit              text NOT NULL CHECK (length(btrim(unit)) BETWEEN 1 AND 80),
  direction         outcome_direction NOT NULL DEFAULT 'increase',
  aggregation       outcome_aggregation NOT NULL DEFAULT 'sum',
  baseline_value    numeric(18, 4),
  baseline_date     date,
  is_prevention     boolean NOT NULL DEFAULT false,
  parent_id         uuid,
  green_threshold   numeric(5, 4) NOT NULL DEFAULT 1.0 CHECK (green_threshold > 0),
  amber_threshold   numeric(5, 4) NOT NULL DEFAULT 0.9 CHECK (amber_threshold > 0),
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  updated_at        timestamptz(3) NOT NULL DEFAULT now(),
  archived_at       timestamptz(3),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, parent_id) REFERENCES outcomes (partnership_id, id),
  CONSTRAINT outcomes_thresholds_check CHECK (amber_threshold <= green_threshold),
  CONSTRAINT outcomes_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX outcomes_partnership_id_code_key ON outcomes (partnership_id, code);
CREATE INDEX outcomes_partnership_id_parent_id_idx ON outcomes (partnership_id, parent_id);

CREATE TABLE targets (
  partnership_id  uuid NOT NULL,
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  outcome_id      uuid NOT NULL,
  period_kind     target_period_kind NOT NULL,
  period_start    date NOT NULL,
  period_end      date NOT NULL,
  period_label    text NOT NULL,
  target_value    numeric(18, 4) NOT NULL,
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  updated_at      timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, outcome_id) REFERENCES outcomes (partnership_id, id),
  CONSTRAINT targets_period_check CHECK (period_end > period_start)
);
CREATE UNIQUE INDEX targets_partnership_id_outcome_id_period_kind_period_start_key
  ON targets (partnership_id, outcome_id, period_kind, period_start);

-- The proxy library: reference data, shared by every partnership. The product ships none of the
-- published sets; each proxy records its source and licence.
CREATE TABLE proxies (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code             text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
  name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 300),
  unit             text NOT NULL,
  source_citation  text NOT NULL,
  licence          text NOT NULL,
  created_at       timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX proxies_code_key ON proxies (code);

-- One row per version of a proxy's value and SROI adjustments, valid for a date range. Versions
-- are never edited: a new value is a new version, so an old report reproduces.
CREATE TABLE proxy_versions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  proxy_id        uuid NOT NULL REFERENCES proxies (id),
  valid_from      date NOT NULL,
  valid_to        date,
  value_per_unit  numeric(18, 4) NOT NULL CHECK (value_per_unit >= 0),
  currency        char(3) NOT NULL DEFAULT 'GBP',
  price_year      smallint NOT NULL CHECK (price_year BETWEEN 1900 AND 2200),
  deadweight      numeric(5, 4) NOT NULL DEFAULT 0 CHECK (deadweight BETWEEN 0 AND 1),
  attribution     numeric(5, 4) NOT NULL DEFAULT 0 CHECK (attribution BETWEEN 0 AND 1),
  displacement    numeric(5, 4) NOT NULL DEFAULT 0 CHECK (displacement BETWEEN 0 AND 1),
  drop_off        numeric(5, 4) NOT NULL DEFAULT 0 CHECK (drop_off BETWEEN 0 AND 1),
  duration_years  smallint NOT NULL DEFAULT 1 CHECK (duration_years BETWEEN 1 AND 100),
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT proxy_versions_range_check CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX proxy_versions_proxy_id_valid_from_key ON proxy_versions (proxy_id, valid_from);

-- A partnership's own value for a library proxy (local evidence), also versioned by date.
CREATE TABLE partnership_proxy_overrides (
  partnership_id  uuid NOT NULL REFERENCES partnerships (id),
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  proxy_id        uuid NOT NULL REFERENCES proxies (id),
  valid_from      date NOT NULL,
  valid_to        date,
  value_per_unit  numeric(18, 4) NOT NULL CHECK (value_per_unit >= 0),
  currency        char(3) NOT NULL DEFAULT 'GBP',
  price_year      smallint NOT NULL CHECK (price_year BETWEEN 1900 AND 2200),
  deadweight      numeric(5, 4) NOT NULL DEFAULT 0 CHECK (deadweight BETWEEN 0 AND 1),
  attribution     numeric(5, 4) NOT NULL DEFAULT 0 CHECK (attribution BETWEEN 0 AND 1),
  displacement    numeric(5, 4) NOT NULL DEFAULT 0 CHECK (displacement BETWEEN 0 AND 1),
  drop_off        numeric(5, 4) NOT NULL DEFAULT 0 CHECK (drop_off BETWEEN 0 AND 1),
  duration_years  smallint NOT NULL DEFAULT 1 CHECK (duration_years BETWEEN 1 AND 100),
  note            text,
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  CONSTRAINT partnership_proxy_overrides_range_check CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX partnership_proxy_overrides_partnership_id_proxy_id_valid_from_key
  ON partnership_proxy_overrides (partnership_id, proxy_id, valid_from);
CREATE INDEX partnership_proxy_overrides_proxy_id_idx ON partnership_proxy_overrides (proxy_id);

-- Which proxy values an outcome (at most one; an outcome may have none).
CREATE TABLE outcome_valuations (
  partnership_id  uuid NOT NULL,
  outcome_id      uuid NOT NULL,
  proxy_id        uuid NOT NULL REFERENCES proxies (id),
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, outcome_id),
  FOREIGN KEY (partnership_id, outcome_id) REFERENCES outcomes (partnership_id, id)
);
CREATE INDEX outcome_valuations_proxy_id_idx ON outcome_valuations (proxy_id);

CREATE TABLE delivery_imports (
  partnership_id    uuid NOT NULL REFERENCES partnerships (id),
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  provider_org_id   uuid NOT NULL REFERENCES organisations (id),
  created_by        uuid REFERENCES users (id),
  file_name         text,
  status            import_status NOT NULL DEFAULT 'receiving',
  bytes_received    bigint NOT NULL DEFAULT 0,
  total_rows        integer NOT NULL DEFAULT 0,
  inserted_rows     integer NOT NULL DEFAULT 0,
  duplicate_rows    integer NOT NULL DEFAULT 0,
  error_count       integer NOT NULL DEFAULT 0,
  errors            jsonb NOT NULL DEFAULT '[]',
  percent_done      smallint NOT NULL DEFAULT 0 CHECK (percent_done BETWEEN 0 AND 100),
  failure_reason    text,
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  updated_at        timestamptz(3) NOT NULL DEFAULT now(),
  finished_at       timestamptz(3),
  PRIMARY KEY (partnership_id, id)
);
-- One running import per provider at a time.
CREATE UNIQUE INDEX delivery_imports_one_active_per_provider
  ON delivery_imports (partnership_id, provider_org_id) WHERE status IN ('receiving', 'queued', 'running');
CREATE INDEX delivery_imports_provider_org_id_idx ON delivery_imports (provider_org_id);

CREATE TABLE delivery_records (
  partnership_id   uuid NOT NULL,
  id               bigint GENERATED BY DEFAULT AS IDENTITY,
  outcome_id       uuid NOT NULL,
  provider_org_id  uuid NOT NULL REFERENCES organisations (id),
  activity_date    date NOT NULL,
  quantity         numeric(18, 4) NOT NULL,
  evidence_ref     text,
  evidence_grade   evidence_grade NOT NULL DEFAULT 'self_reported',
  external_ref     text,
  kind             delivery_kind NOT NULL DEFAULT 'original',
  corrects_id      bigint,
  correction_reason text,
  status           delivery_status NOT NULL DEFAULT 'claimed',
  reviewed_by      uuid REFERENCES users (id),
  reviewed_at      timestamptz(3),
  review_note      text,
  import_id        uuid,
  created_by       uuid REFERENCES users (id),
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, outcome_id) REFERENCES outcomes (partnership_id, id),
  FOREIGN KEY (partnership_id, corrects_id) REFERENCES delivery_records (partnership_id, id),
  FOREIGN KEY (partnership_id, import_id) REFERENCES delivery_imports (partnership_id, id),
  CONSTRAINT delivery_records_correction_check CHECK ((kind = 'original') = (corrects_id IS NULL)),
  CONSTRAINT delivery_records_quantity_sign_check CHECK (kind = 'reversal' OR quantity >= 0),
  CONSTRAINT delivery_records_external_ref_check CHECK (external_ref IS NULL OR length(external_ref) BETWEEN 1 AND 200)
);
-- The provider's own reference is its idempotency key.
CREATE UNIQUE INDEX delivery_records_partnership_id_provider_org_id_external_ref_key
  ON delivery_records (partnership_id, provider_org_id, external_ref);
-- A record is reversed at most once.
CREATE UNIQUE INDEX delivery_records_one_reversal ON delivery_records (partnership_id, corrects_id) WHERE kind = 'reversal';
-- The report workload: quantities per outcome and period for one partnership (index-only scans).
CREATE INDEX delivery_records_report_idx
  ON delivery_records (partnership_id, outcome_id, activity_date) INCLUDE (quantity, status);
CREATE INDEX delivery_records_provider_idx ON delivery_records (partnership_id, provider_org_id, activity_date);
CREATE INDEX delivery_records_provider_org_id_idx ON delivery_records (provider_org_id);

-- Delivery records are append-only: the facts never change (a correction is a new record);
-- only the review (status, reviewer, time, note) may be set.
CREATE FUNCTION delivery_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'delivery records are append-only: post a correction instead of deleting';
  END IF;
  IF (NEW.partnership_id, NEW.id, NEW.outcome_id, NEW.provider_org_id, NEW.activity_date, NEW.quantity,
      NEW.evidence_ref, NEW.evidence_grade, NEW.external_ref, NEW.kind, NEW.corrects_id,
      NEW.correction_reason, NEW.import_id, NEW.created_by, NEW.created_at)
     IS DISTINCT FROM
     (OLD.partnership_id, OLD.id, OLD.outcome_id, OLD.provider_org_id, OLD.activity_date, OLD.quantity,
      OLD.evidence_ref, OLD.evidence_grade, OLD.external_ref, OLD.kind, OLD.corrects_id,
      OLD.correction_reason, OLD.import_id, OLD.created_by, OLD.created_at) THEN
    RAISE EXCEPTION 'delivery records are append-only: post a correction instead of changing a record';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER delivery_records_append_only BEFORE UPDATE OR DELETE ON delivery_records
  FOR EACH ROW EXECUTE FUNCTION delivery_records_append_only();

-- Per-import staging tables (UNLOGGED, dropped after the move) live apart from the model.
CREATE SCHEMA IF NOT EXISTS ol_staging;
