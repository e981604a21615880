-- Price years: a report's pounds are all in one price year. Proxy versions and partnership
-- overrides have carried their price year since the foundation migration (price_year NOT NULL), so
-- no existing proxy row changes here. What is new:
-- - index series kept by platform admins (reference data, like the proxy library), e.g. the GDP
--   deflator, with one positive value per year;
-- - each partnership's report price year (NULL: the default, the calendar year in which a report's
--   period ends) and the index series it uprates with (NULL: none; a proxy in another price year is
--   then shown and not valued, with a warning, never added in unlike pounds).
-- Existing partnerships get NULL for both: their reports are restated once (report method 3), each
-- line in the period's prices when its proxy already is, else shown unvalued until a series is named.

CREATE TABLE index_series (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code            text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
  name            text NOT NULL CHECK (length(btrim(name)) > 0),
  source_citation text NOT NULL CHECK (length(btrim(source_citation)) > 0),
  created_at      timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE index_series_values (
  series_id  uuid NOT NULL REFERENCES index_series (id),
  year       smallint NOT NULL CHECK (year BETWEEN 1900 AND 2199),
  value      numeric(18, 6) NOT NULL CHECK (value > 0),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (series_id, year)
);

ALTER TABLE partnerships
  ADD COLUMN report_price_year smallint CHECK (report_price_year BETWEEN 1900 AND 2199),
  ADD COLUMN price_index_series_id uuid REFERENCES index_series (id);
CREATE INDEX partnerships_price_index_series_id_idx ON partnerships (price_index_series_id);
