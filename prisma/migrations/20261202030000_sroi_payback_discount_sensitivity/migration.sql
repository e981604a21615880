-- Payback, discounting and sensitivity as partnership settings (issue 14, item 6).

-- How the discount rate applies over the years. Until now a rate of exactly 3.5% silently meant the
-- HM Treasury Green Book declining schedule (3.5% to year 30, then 3%, 2.5%, ...) and any other
-- rate a constant one. The schedule is now its own setting: partnerships at exactly 0.035 today
-- get 'green_book_declining' so their reports keep the discounting they had; every other
-- partnership gets 'constant'. A flat 3.5% beyond year 30 is now 'constant' at 0.035. The Green
-- Book schedule starts at 3.5%, so it requires that rate.
CREATE TYPE discount_schedule AS ENUM ('constant', 'green_book_declining');
ALTER TABLE partnerships ADD COLUMN discount_schedule discount_schedule NOT NULL DEFAULT 'constant';
UPDATE partnerships SET discount_schedule = 'green_book_declining' WHERE discount_rate = 0.035;
ALTER TABLE partnerships ADD CONSTRAINT partnerships_green_book_rate_check
  CHECK (discount_schedule <> 'green_book_declining' OR discount_rate = 0.035);

-- Which payback definition gives a report's headline figure: 'sroi_guide' (investment ÷ monthly
-- value of the first year, what SROI assessors expect) or 'cumulative' (months until cumulative
-- undiscounted value covers the investment, the only definition until now). Every partnership
-- gets the SROI Guide's, as the issue asks; reports restate once (report method 3) and show the
-- cumulative figure beside the headline one, so the change is visible, never silent. Stored
-- versions keep the figures they were issued with.
CREATE TYPE payback_method AS ENUM ('sroi_guide', 'cumulative');
ALTER TABLE partnerships ADD COLUMN payback_method payback_method NOT NULL DEFAULT 'sroi_guide';

-- What a sensitivity case varies (the report's names: drop_off is dropOff, value_per_unit the
-- proxy value).
CREATE TYPE sensitivity_parameter AS ENUM
  ('deadweight', 'attribution', 'displacement', 'drop_off', 'value_per_unit', 'duration', 'investment');

-- A partnership's own sensitivity cases, run after the standard ones, in position order. One row
-- per case so the database checks each change for its parameter: a deduction or the drop-off by
-- points (−1 to 1), the value per unit or the investment by a relative amount (−100% to +1000%),
-- the duration by whole years (−500 to 500); never zero (a case that changes nothing).
CREATE TABLE sensitivity_cases (
  partnership_id uuid NOT NULL REFERENCES partnerships (id),
  position       smallint NOT NULL CHECK (position BETWEEN 0 AND 19),
  parameter      sensitivity_parameter NOT NULL,
  change         numeric(9,4) NOT NULL,
  PRIMARY KEY (partnership_id, position),
  CONSTRAINT sensitivity_cases_change_check CHECK (change <> 0 AND CASE parameter
    WHEN 'duration' THEN change = trunc(change) AND change BETWEEN -500 AND 500
    WHEN 'value_per_unit' THEN change BETWEEN -1 AND 10
    WHEN 'investment' THEN change BETWEEN -1 AND 10
    ELSE change BETWEEN -1 AND 1
  END)
);

-- A partnership's two-way grid: the SROI ratio for every pair of the rows' and the columns'
-- changes. Two different parameters, 1 to 9 changes each, each within its parameter's bounds (as
-- for a case; zero allowed: the base).
CREATE TABLE sensitivity_grids (
  partnership_id   uuid PRIMARY KEY REFERENCES partnerships (id),
  row_parameter    sensitivity_parameter NOT NULL,
  row_changes      numeric(9,4)[] NOT NULL,
  column_parameter sensitivity_parameter NOT NULL,
  column_changes   numeric(9,4)[] NOT NULL,
  CONSTRAINT sensitivity_grids_parameters_check CHECK (row_parameter <> column_parameter),
  CONSTRAINT sensitivity_grids_sizes_check CHECK (
    array_ndims(row_changes) = 1 AND cardinality(row_changes) BETWEEN 1 AND 9
    AND array_position(row_changes, NULL) IS NULL
    AND array_ndims(column_changes) = 1 AND cardinality(column_changes) BETWEEN 1 AND 9
    AND array_position(column_changes, NULL) IS NULL),
  CONSTRAINT sensitivity_grids_row_changes_check CHECK (CASE row_parameter
    WHEN 'duration' THEN row_changes::int[]::numeric[] = row_changes
      AND -500 <= ALL (row_changes) AND 500 >= ALL (row_changes)
    WHEN 'value_per_unit' THEN -1 <= ALL (row_changes) AND 10 >= ALL (row_changes)
    WHEN 'investment' THEN -1 <= ALL (row_changes) AND 10 >= ALL (row_changes)
    ELSE -1 <= ALL (row_changes) AND 1 >= ALL (row_changes)
  END),
  CONSTRAINT sensitivity_grids_column_changes_check CHECK (CASE column_parameter
    WHEN 'duration' THEN column_changes::int[]::numeric[] = column_changes
      AND -500 <= ALL (column_changes) AND 500 >= ALL (column_changes)
    WHEN 'value_per_unit' THEN -1 <= ALL (column_changes) AND 10 >= ALL (column_changes)
    WHEN 'investment' THEN -1 <= ALL (column_changes) AND 10 >= ALL (column_changes)
    ELSE -1 <= ALL (column_changes) AND 1 >= ALL (column_changes)
  END)
);
