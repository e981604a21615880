-- Open book (financial returns, surplus-share rules, evaluations, triggers), the work outbox
-- (job runs), immutable report versions, and webhook notifications (outbox).

CREATE TYPE cost_category AS ENUM ('direct', 'indirect', 'overhead', 'management_fee', 'other');
CREATE TYPE surplus_basis AS ENUM ('cost', 'revenue');
CREATE TYPE surplus_state AS ENUM ('below', 'warning', 'above', 'pain_share');
CREATE TYPE trigger_status AS ENUM ('open', 'acknowledged', 'settled');
CREATE TYPE run_kind AS ENUM ('report', 'share_evaluation');
CREATE TYPE run_status AS ENUM ('pending', 'running', 'done', 'failed');
CREATE TYPE report_scope AS ENUM ('quarter', 'year_to_date', 'since_start');
CREATE TYPE notification_status AS ENUM ('pending', 'delivered', 'failed');

-- A provider's open-book return for one period. Restatements are new revisions; all are kept.
CREATE TABLE financial_returns (
  partnership_id   uuid NOT NULL REFERENCES partnerships (id),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  provider_org_id  uuid NOT NULL REFERENCES organisations (id),
  period_start     date NOT NULL,
  period_end       date NOT NULL,
  period_label     text NOT NULL,
  revision         integer NOT NULL CHECK (revision >= 1),
  revenue          numeric(18, 2) NOT NULL,
  target_cost      numeric(18, 2) CHECK (target_cost >= 0),
  note             text,
  submitted_by     uuid REFERENCES users (id),
  submitted_at     timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  CONSTRAINT financial_returns_period_check CHECK (period_end >= period_start)
);
CREATE UNIQUE INDEX financial_returns_partnership_id_provider_org_id_period_start_revision_key
  ON financial_returns (partnership_id, provider_org_id, period_start, revision);
CREATE INDEX financial_returns_provider_org_id_idx ON financial_returns (provider_org_id);

CREATE TABLE financial_return_lines (
  partnership_id  uuid NOT NULL,
  return_id       uuid NOT NULL,
  line_no         integer NOT NULL CHECK (line_no >= 1),
  category        cost_category NOT NULL,
  description     text,
  amount          numeric(18, 2) NOT NULL,
  allowable       boolean NOT NULL DEFAULT true,
  PRIMARY KEY (partnership_id, return_id, line_no),
  FOREIGN KEY (partnership_id, return_id) REFERENCES financial_returns (partnership_id, id)
);

-- The contract's open-book terms. Rules are never edited: a change supersedes the rule.
CREATE TABLE share_rules (
  partnership_id         uuid NOT NULL REFERENCES partnerships (id),
  id                     uuid NOT NULL DEFAULT gen_random_uuid(),
  name                   text NOT NULL,
  provider_org_id        uuid REFERENCES organisations (id),
  basis                  surplus_basis NOT NULL DEFAULT 'cost',
  reasonable_rate        numeric(7, 6) NOT NULL CHECK (reasonable_rate >= 0 AND reasonable_rate < 10),
  warning_level          numeric(5, 4) NOT NULL DEFAULT 0.8 CHECK (warning_level > 0 AND warning_level <= 1),
  bands                  jsonb NOT NULL,
  pain_share_provider    numeric(5, 4) CHECK (pain_share_provider BETWEEN 0 AND 1),
  pain_share_cap         numeric(18, 2) CHECK (pain_share_cap >= 0),
  community_fund_org_id  uuid REFERENCES organisations (id),
  supersedes_id          uuid,
  superseded_at          timestamptz(3),
  created_by             uuid REFERENCES users (id),
  created_at             timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, supersedes_id) REFERENCES share_rules (partnership_id, id)
);
CREATE INDEX share_rules_provider_org_id_idx ON share_rules (provider_org_id);
CREATE INDEX share_rules_community_fund_org_id_idx ON share_rules (community_fund_org_id);
CREATE UNIQUE INDEX share_rules_one_successor ON share_rules (partnership_id, supersedes_id) WHERE supersedes_id IS NOT NULL;

-- Each evaluation of a rule for a provider and window. The same inputs (fingerprint) give the
-- same row, so evaluating twice stores one evaluation.
CREATE TABLE share_evaluations (
  partnership_id      uuid NOT NULL,
  id                  uuid NOT NULL DEFAULT gen_random_uuid(),
  rule_id             uuid NOT NULL,
  provider_org_id     uuid NOT NULL REFERENCES organisations (id),
  window_start        date NOT NULL,
  window_end          date NOT NULL,
  window_label        text NOT NULL,
  fingerprint         char(64) NOT NULL,
  state               surplus_state NOT NULL,
  revenue             numeric(18, 2) NOT NULL,
  allowable_cost      numeric(18, 2) NOT NULL,
  surplus             numeric(18, 2) NOT NULL,
  reasonable_surplus  numeric(18, 2) NOT NULL,
  excess              numeric(18, 2) NOT NULL,
  provider_share      numeric(18, 2) NOT NULL,
  commissioner_share  numeric(18, 2) NOT NULL,
  community_share     numeric(18, 2) NOT NULL,
  result              jsonb NOT NULL,
  run_id              uuid,
  created_at          timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, rule_id) REFERENCES share_rules (partnership_id, id)
);
CREATE UNIQUE INDEX share_evaluations_partnership_id_rule_id_provider_org_id_window_start_fingerprint_key
  ON share_evaluations (partnership_id, rule_id, provider_org_id, window_start, fingerprint);
CREATE INDEX share_evaluations_provider_org_id_idx ON share_evaluations (provider_org_id);

-- The latest state per rule, provider and window: the row locked while deciding a crossing.
CREATE TABLE share_states (
  partnership_id      uuid NOT NULL,
  rule_id             uuid NOT NULL,
  provider_org_id     uuid NOT NULL REFERENCES organisations (id),
  window_start        date NOT NULL,
  state               surplus_state NOT NULL,
  crossings           integer NOT NULL DEFAULT 0,
  last_evaluation_id  uuid NOT NULL,
  updated_at          timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, rule_id, provider_org_id, window_start),
  FOREIGN KEY (partnership_id, rule_id) REFERENCES share_rules (partnership_id, id)
);
CREATE INDEX share_states_provider_org_id_idx ON share_states (provider_org_id);

-- Raised once per crossing into warning, above-threshold or pain-share.
CREATE TABLE share_triggers (
  partnership_id    uuid NOT NULL,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  rule_id           uuid NOT NULL,
  provider_org_id   uuid NOT NULL REFERENCES organisations (id),
  window_start      date NOT NULL,
  window_end        date NOT NULL,
  crossing_no       integer NOT NULL CHECK (crossing_no >= 1),
  evaluation_id     uuid NOT NULL,
  from_state        surplus_state,
  to_state          surplus_state NOT NULL,
  excess            numeric(18, 2) NOT NULL,
  provider_share    numeric(18, 2) NOT NULL,
  commissioner_share numeric(18, 2) NOT NULL,
  community_share   numeric(18, 2) NOT NULL,
  status            trigger_status NOT NULL DEFAULT 'open',
  acknowledged_by   uuid REFERENCES users (id),
  acknowledged_at   timestamptz(3),
  acknowledge_note  text,
  settled_by        uuid REFERENCES users (id),
  settled_at        timestamptz(3),
  settle_note       text,
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, rule_id) REFERENCES share_rules (partnership_id, id),
  FOREIGN KEY (partnership_id, evaluation_id) REFERENCES share_evaluations (partnership_id, id)
);
CREATE UNIQUE INDEX share_triggers_partnership_id_rule_id_provider_org_id_window_start_crossing_no_key
  ON share_triggers (partnership_id, rule_id, provider_org_id, window_start, crossing_no);
CREATE INDEX share_triggers_provider_org_id_idx ON share_triggers (provider_org_id);

-- The work outbox: a run is written in the same transaction as the request that asks for it; a
-- reconciler enqueues runs still pending, so a crash between commit and enqueue loses nothing.
CREATE TABLE job_runs (
  partnership_id  uuid NOT NULL REFERENCES partnerships (id),
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  kind            run_kind NOT NULL,
  dedupe_key      text NOT NULL,
  status          run_status NOT NULL DEFAULT 'pending',
  params          jsonb NOT NULL DEFAULT '{}',
  attempts        integer NOT NULL DEFAULT 0,
  progress        smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  result_ref      text,
  error           text,
  requested_by    uuid REFERENCES users (id),
  not_before      timestamptz(3) NOT NULL DEFAULT now(),
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  started_at      timestamptz(3),
  finished_at     timestamptz(3),
  PRIMARY KEY (partnership_id, id)
);
-- One outstanding run per piece of work: asking again while it is pending joins it.
CREATE UNIQUE INDEX job_runs_one_outstanding ON job_runs (partnership_id, kind, dedupe_key) WHERE status IN ('pending', 'running');
CREATE INDEX job_runs_pending_idx ON job_runs (status, not_before) WHERE status IN ('pending', 'running');

-- Immutable report versions. Same inputs (fingerprint) → no new version.
CREATE TABLE reports (
  partnership_id  uuid NOT NULL REFERENCES partnerships (id),
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  scope           report_scope NOT NULL,
  period_label    text NOT NULL,
  period_start    date NOT NULL,
  period_end      date NOT NULL,
  version         integer NOT NULL CHECK (version >= 1),
  fingerprint     char(64) NOT NULL,
  figures         jsonb NOT NULL,
  changes         jsonb,
  restates_id     uuid,
  run_id          uuid,
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, restates_id) REFERENCES reports (partnership_id, id)
);
CREATE UNIQUE INDEX reports_partnership_id_scope_period_start_period_end_version_key
  ON reports (partnership_id, scope, period_start, period_end, version);
CREATE UNIQUE INDEX reports_partnership_id_scope_period_start_period_end_fingerprint_key
  ON reports (partnership_id, scope, period_start, period_end, fingerprint);

CREATE FUNCTION reports_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'report versions are immutable: late data makes a new version';
END;
$$;
CREATE TRIGGER reports_immutable BEFORE UPDATE OR DELETE ON reports
  FOR EACH ROW EXECUTE FUNCTION reports_immutable();

CREATE TABLE webhooks (
  partnership_id  uuid NOT NULL REFERENCES partnerships (id),
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  url             text NOT NULL CHECK (url ~ '^https?://'),
  secret          text NOT NULL CHECK (length(secret) >= 16),
  event_types     text[] NOT NULL DEFAULT '{}',
  active          boolean NOT NULL DEFAULT true,
  created_by      uuid REFERENCES users (id),
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id)
);

-- The notification outbox: one row per event and webhook, written with the event.
CREATE TABLE notifications (
  partnership_id    uuid NOT NULL,
  id                uuid NOT NULL DEFAULT gen_random_uuid(),
  webhook_id        uuid NOT NULL,
  event_type        text NOT NULL,
  event_key         text NOT NULL,
  payload           jsonb NOT NULL,
  status            notification_status NOT NULL DEFAULT 'pending',
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_at   timestamptz(3) NOT NULL DEFAULT now(),
  last_error        text,
  last_status_code  integer,
  delivered_at      timestamptz(3),
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  FOREIGN KEY (partnership_id, webhook_id) REFERENCES webhooks (partnership_id, id)
);
CREATE UNIQUE INDEX notifications_partnership_id_webhook_id_event_key_key ON notifications (partnership_id, webhook_id, event_key);
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'pending';
