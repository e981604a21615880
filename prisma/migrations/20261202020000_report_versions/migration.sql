-- Report versions a board can rely on.
-- A version of a report whose window had not ended when it was produced is provisional (it may be
-- superseded without a restatement); once the window has ended, versions are final.
CREATE TYPE report_status AS ENUM ('provisional', 'final');
ALTER TABLE reports ADD COLUMN status report_status NOT NULL DEFAULT 'final';

-- Exactly one current version per report (scope and period): the one the latest run produced or
-- found (same inputs as an earlier version), never merely the highest version number.
CREATE TABLE current_reports (
  partnership_id  uuid NOT NULL,
  scope           report_scope NOT NULL,
  period_start    date NOT NULL,
  period_end      date NOT NULL,
  report_id       uuid NOT NULL,
  updated_at      timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, scope, period_start, period_end),
  FOREIGN KEY (partnership_id, report_id) REFERENCES reports (partnership_id, id)
);
CREATE INDEX current_reports_report_idx ON current_reports (partnership_id, report_id);
INSERT INTO current_reports (partnership_id, scope, period_start, period_end, report_id)
SELECT DISTINCT ON (partnership_id, scope, period_start, period_end)
       partnership_id, scope, period_start, period_end, id
  FROM reports
 ORDER BY partnership_id, scope, period_start, period_end, version DESC;

-- A run asked for while the same work runs no longer joins it: it follows it (data committed
-- during a running report is counted by the next run). One pending and one running at most.
DROP INDEX job_runs_one_outstanding;
CREATE UNIQUE INDEX job_runs_one_pending ON job_runs (partnership_id, kind, dedupe_key)
  WHERE status = 'pending';
CREATE UNIQUE INDEX job_runs_one_running ON job_runs (partnership_id, kind, dedupe_key)
  WHERE status = 'running';
