-- Administration (issue 18, item 4): API keys scoped to one partnership (and, within it, one
-- member organisation), and a person disabled in one partnership by its admins.

-- A scoped key works only in its partnership (anywhere else: 404, as for a non-member) and, with
-- an organisation, acts only for that organisation (its holder's roles bound to another
-- organisation do not count). No foreign key to partnerships: api_keys stays a reference table
-- beside users when partnership data is distributed (the API checks the partnership exists);
-- named scope_* as they do not make the key partnership-owned data.
ALTER TABLE api_keys
  ADD COLUMN scope_partnership_id  uuid,
  ADD COLUMN scope_organisation_id uuid REFERENCES organisations (id),
  ADD CONSTRAINT api_keys_scope_check CHECK (scope_organisation_id IS NULL OR scope_partnership_id IS NOT NULL);
CREATE INDEX api_keys_scope_partnership_id_idx ON api_keys (scope_partnership_id);
CREATE INDEX api_keys_scope_organisation_id_idx ON api_keys (scope_organisation_id);

-- A partnership admin disables a person in the partnership: every role they hold there is
-- suspended (kept, so re-enabling restores exactly what they had) and counts for nothing until
-- then; their access elsewhere is untouched.
ALTER TABLE user_roles ADD COLUMN suspended_at timestamptz(3);
