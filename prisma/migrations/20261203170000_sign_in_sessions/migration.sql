-- Sign-in for people (issue 17 item 1, issue 18 item 5): email and password, server-side
-- sessions sent as an HTTP-only cookie, password reset by email, throttled failures, and OpenID
-- Connect single sign-on. API keys stay for systems. See docs/adr/0017-sign-in-sessions.md.
-- None of these tables is partnership-owned: they are about people, like users and api_keys.

-- A user's password: a slow hash (scrypt, its parameters and salt stored with it). Its own table,
-- so reading users never reads a hash. No row: the user cannot sign in with a password.
CREATE TABLE user_passwords (
  user_id    uuid PRIMARY KEY REFERENCES users (id),
  hash       text NOT NULL,
  changed_at timestamptz(3) NOT NULL DEFAULT now()
);

-- A signed-in session. Only the SHA-256 of the cookie's token is stored; the CSRF token is
-- derived from the token, so it is not stored either. A session ends at expires_at, after
-- idle time without use (checked against last_seen_at), or when revoked_at is set.
CREATE TABLE user_sessions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users (id),
  token_hash   text NOT NULL,
  method       text NOT NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at   timestamptz(3) NOT NULL,
  revoked_at   timestamptz(3),
  user_agent   text,
  CONSTRAINT user_sessions_method_check CHECK (method IN ('password', 'oidc'))
);
CREATE UNIQUE INDEX user_sessions_token_hash_key ON user_sessions (token_hash);
CREATE INDEX user_sessions_user_id_idx ON user_sessions (user_id);

-- A password-reset token sent by email: stored hashed, single use, expiring.
CREATE TABLE password_reset_tokens (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id),
  token_hash text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3) NOT NULL,
  used_at    timestamptz(3)
);
CREATE UNIQUE INDEX password_reset_tokens_token_hash_key ON password_reset_tokens (token_hash);
CREATE INDEX password_reset_tokens_user_id_idx ON password_reset_tokens (user_id);

-- Counters of failed sign-ins (and reset requests) per key: 'email:<address>' or
-- 'address:<client address>'. A key with too many failures in its window is locked until
-- locked_until. Keyed by what was typed, so an unknown email is throttled as a known one.
CREATE TABLE sign_in_throttles (
  key             text PRIMARY KEY,
  failures        integer NOT NULL DEFAULT 0,
  window_start_at timestamptz(3) NOT NULL DEFAULT now(),
  locked_until    timestamptz(3)
);

-- An OpenID Connect sign-in under way: the browser holds a random binding token in a short-lived
-- cookie, this row (found by the token's hash) holds the state, nonce and PKCE verifier sent to
-- the provider. Deleted when the callback uses it, so a callback is accepted once.
CREATE TABLE oidc_sign_ins (
  binding_hash  text PRIMARY KEY,
  state         text NOT NULL,
  nonce         text NOT NULL,
  code_verifier text NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  expires_at    timestamptz(3) NOT NULL
);
