-- Every change to what authenticates a caller (a key's revocation, expiry, scope or owner; a user's
-- disabling, platform-admin flag or email; any role) notifies channel `ol_auth_changed` when its
-- transaction commits. API processes LISTEN and empty their key → actor and roles cache, so a
-- revocation takes effect on the next request in every process, whatever path wrote it (the API,
-- the admin CLI, an operator's SQL). ADR 0020.
CREATE FUNCTION ol_notify_auth_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ol_auth_changed', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER api_keys_auth_changed
  AFTER UPDATE OF revoked_at, expires_at, key_hash, user_id, prefix, scope_partnership_id, scope_organisation_id
     OR DELETE OR TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION ol_notify_auth_changed();

CREATE TRIGGER users_auth_changed
  AFTER UPDATE OF disabled_at, is_platform_admin, email OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION ol_notify_auth_changed();

CREATE TRIGGER user_roles_auth_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_roles
  FOR EACH STATEMENT EXECUTE FUNCTION ol_notify_auth_changed();
