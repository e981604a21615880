-- Foundation: organisations, users, API keys, partnerships, members, user roles, audit events,
-- idempotency keys. Partnership-owned tables carry partnership_id first in their primary key.

CREATE TYPE organisation_kind AS ENUM ('commissioner', 'provider', 'funder', 'community', 'other');
CREATE TYPE partnership_model AS ENUM ('alliance', 'innovation_partnership', 'social_impact_bond',
  'outcomes_based_contract', 'open_book_contract', 'grant');
CREATE TYPE partnership_status AS ENUM ('draft', 'active', 'closed');
CREATE TYPE member_role AS ENUM ('commissioner', 'provider', 'funder', 'community');
CREATE TYPE partnership_role AS ENUM ('admin', 'board', 'provider', 'finance', 'auditor');
CREATE TYPE discount_convention AS ENUM ('end_of_year', 'start_of_year', 'mid_year', 'none');

CREATE TABLE organisations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  kind        organisation_kind NOT NULL,
  reference   text,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  updated_at  timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX organisations_name_idx ON organisations (lower(name));

CREATE TABLE users (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email              text NOT NULL,
  name               text NOT NULL,
  is_platform_admin  boolean NOT NULL DEFAULT false,
  created_at         timestamptz(3) NOT NULL DEFAULT now(),
  disabled_at        timestamptz(3)
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE api_keys (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users (id),
  name          text NOT NULL,
  prefix        text NOT NULL,
  key_hash      text NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  expires_at    timestamptz(3),
  last_used_at  timestamptz(3),
  revoked_at    timestamptz(3)
);
CREATE UNIQUE INDEX api_keys_prefix_key ON api_keys (prefix);
CREATE INDEX api_keys_user_id_idx ON api_keys (user_id);

CREATE TABLE partnerships (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                 text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  purpose              text,
  model                partnership_model NOT NULL,
  status               partnership_status NOT NULL DEFAULT 'draft',
  start_date           date NOT NULL,
  end_date             date NOT NULL,
  currency             char(3) NOT NULL DEFAULT 'GBP' CHECK (currency ~ '^[A-Z]{3}$'),
  fy_start_month       smallint NOT NULL DEFAULT 4 CHECK (fy_start_month BETWEEN 1 AND 12),
  discount_rate        numeric(5, 4) NOT NULL DEFAULT 0.035 CHECK (discount_rate >= 0 AND discount_rate < 1),
  discount_convention  discount_convention NOT NULL DEFAULT 'end_of_year',
  contract_value       numeric(18, 2) CHECK (contract_value >= 0),
  created_at           timestamptz(3) NOT NULL DEFAULT now(),
  updated_at           timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT partnerships_dates_check CHECK (end_date > start_date)
);

CREATE TABLE members (
  partnership_id   uuid NOT NULL REFERENCES partnerships (id),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  organisation_id  uuid NOT NULL REFERENCES organisations (id),
  role             member_role NOT NULL,
  joined_at        timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id)
);
CREATE UNIQUE INDEX members_partnership_id_organisation_id_role_key ON members (partnership_id, organisation_id, role);
CREATE INDEX members_organisation_id_idx ON members (organisation_id);

CREATE TABLE user_roles (
  partnership_id   uuid NOT NULL REFERENCES partnerships (id),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id          uuid NOT NULL REFERENCES users (id),
  role             partnership_role NOT NULL,
  organisation_id  uuid REFERENCES organisations (id),
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  -- a provider role is bound to exactly one organisation; other roles to none
  CONSTRAINT user_roles_provider_org_check CHECK ((role = 'provider') = (organisation_id IS NOT NULL))
);
CREATE UNIQUE INDEX user_roles_partnership_id_user_id_role_key ON user_roles (partnership_id, user_id, role);
CREATE INDEX user_roles_user_id_idx ON user_roles (user_id);
CREATE INDEX user_roles_organisation_id_idx ON user_roles (organisation_id);

CREATE TABLE audit_events (
  partnership_id  uuid NOT NULL REFERENCES partnerships (id),
  id              bigserial NOT NULL,
  actor_user_id   uuid,
  actor_key_id    uuid,
  action          text NOT NULL,
  entity_type     text NOT NULL,
  entity_id       text NOT NULL,
  request_id      text,
  details         jsonb NOT NULL DEFAULT '{}',
  occurred_at     timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id)
);
CREATE INDEX audit_events_partnership_id_occurred_at_idx ON audit_events (partnership_id, occurred_at);

CREATE TABLE platform_audit_events (
  id             bigserial PRIMARY KEY,
  actor_user_id  uuid,
  actor_key_id   uuid,
  action         text NOT NULL,
  entity_type    text NOT NULL,
  entity_id      text NOT NULL,
  request_id     text,
  details        jsonb NOT NULL DEFAULT '{}',
  occurred_at    timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX platform_audit_events_occurred_at_idx ON platform_audit_events (occurred_at);

-- Audit trails are append-only: refuse UPDATE and DELETE at the database.
CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
CREATE TRIGGER platform_audit_events_append_only BEFORE UPDATE OR DELETE ON platform_audit_events
  FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

CREATE TABLE idempotency_keys (
  user_id          uuid NOT NULL,
  key              text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  method           text NOT NULL,
  path             text NOT NULL,
  request_hash     char(64) NOT NULL,
  response_status  integer NOT NULL,
  response_body    json NOT NULL,
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
