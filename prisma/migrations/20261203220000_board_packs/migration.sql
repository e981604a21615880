-- Board packs: a report version rendered as a PDF by the worker (a `board_pack` run), stored once
-- per version and view. `view` is what the reader may see: `full`, or `withheld` (the open book's
-- figures left out, for readers the partnership does not share it with). A version is immutable,
-- so its pack is too: written once, never updated (the trigger below).
ALTER TYPE run_kind ADD VALUE 'board_pack';

CREATE TABLE board_packs (
  partnership_id uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  report_id      uuid NOT NULL,
  view           text NOT NULL CHECK (view IN ('full', 'withheld')),
  pdf            bytea NOT NULL CHECK (octet_length(pdf) > 0),
  pages          integer NOT NULL CHECK (pages >= 1),
  run_id         uuid,
  created_at     timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (partnership_id, id),
  UNIQUE (partnership_id, report_id, view),
  FOREIGN KEY (partnership_id, report_id) REFERENCES reports (partnership_id, id)
);

CREATE FUNCTION board_packs_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'board packs are immutable: a new report version has its own';
END;
$$;
CREATE TRIGGER board_packs_immutable BEFORE UPDATE OR DELETE ON board_packs
  FOR EACH ROW EXECUTE FUNCTION board_packs_immutable();
