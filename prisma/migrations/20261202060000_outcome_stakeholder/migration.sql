-- The stakeholder group an outcome's change happens to (residents, NHS, the council, ...), for the
-- report's value by stakeholder. Optional: an outcome without one is reported under "not named".
ALTER TABLE outcomes ADD COLUMN stakeholder text
  CHECK (stakeholder IS NULL OR (length(stakeholder) BETWEEN 1 AND 120 AND stakeholder = btrim(stakeholder)));
