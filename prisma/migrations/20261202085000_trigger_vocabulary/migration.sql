-- One vocabulary for triggers: the state a crossing comes from is always named. A trigger raised
-- by the first evaluation of a window came from `below` (no excess), which is what the crossing
-- compared with and what its webhook said; the API said null.
UPDATE share_triggers SET from_state = 'below' WHERE from_state IS NULL;
ALTER TABLE share_triggers ALTER COLUMN from_state SET NOT NULL;
