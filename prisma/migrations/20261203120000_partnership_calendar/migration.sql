-- A calendar per partnership (issue 19, item 1): when a quarter's delivery data and open-book
-- return are due and when the board reviews it, each as a number of working days after the
-- quarter's last day; working days are Monday to Friday less the partnership's holidays.

-- The partnership's deadlines. No row: the defaults (10, 20 and 30 working days, as in
-- libs/outcomes DEFAULT_CALENDAR_SETTINGS). Each from 1 to 130 working days (about half a year);
-- the board review not before either deadline (it reviews what has arrived).
CREATE TABLE partnership_calendars (
  partnership_id                 uuid PRIMARY KEY REFERENCES partnerships (id),
  delivery_deadline_working_days smallint NOT NULL DEFAULT 10,
  return_deadline_working_days   smallint NOT NULL DEFAULT 20,
  board_review_working_days      smallint NOT NULL DEFAULT 30,
  updated_at                     timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT partnership_calendars_days_check CHECK (
    delivery_deadline_working_days BETWEEN 1 AND 130
    AND return_deadline_working_days BETWEEN 1 AND 130
    AND board_review_working_days BETWEEN 1 AND 130),
  CONSTRAINT partnership_calendars_board_review_check CHECK (
    board_review_working_days >= delivery_deadline_working_days
    AND board_review_working_days >= return_deadline_working_days)
);

-- The partnership's holidays (bank holidays, office closures): days that are not working days.
-- One per date, within the ledger's supported dates; a name that says what it is (not blank; the
-- API holds it to 200 characters). A weekend date is allowed (lists imported from elsewhere may
-- have one) and changes nothing.
CREATE TABLE partnership_holidays (
  partnership_id uuid NOT NULL REFERENCES partnerships (id),
  date           date NOT NULL,
  name           text NOT NULL,
  created_at     timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, date),
  CONSTRAINT partnership_holidays_date_check CHECK (date BETWEEN DATE '1900-01-01' AND DATE '2199-12-31'),
  CONSTRAINT partnership_holidays_name_check CHECK (btrim(name) <> '')
);
