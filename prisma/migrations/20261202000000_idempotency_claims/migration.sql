-- Idempotency keys are claimed before the request runs (state in_progress, in a statement of its
-- own), so a concurrent duplicate waits for the first request and replays it instead of racing
-- it; the claim becomes the stored response (state done) in the request's own transaction.
-- A response that carries a secret (a new API key, a webhook's signing secret) is stored without
-- it: `withheld` names the fields left out, and a replay says the secret is shown only once.
ALTER TABLE idempotency_keys
  ADD COLUMN state text NOT NULL DEFAULT 'done' CHECK (state IN ('in_progress', 'done')),
  ADD COLUMN withheld text[] NOT NULL DEFAULT '{}',
  ALTER COLUMN response_status DROP NOT NULL,
  ALTER COLUMN response_body DROP NOT NULL,
  ADD CONSTRAINT idempotency_keys_done_check
    CHECK (state = 'in_progress' OR (response_status IS NOT NULL AND response_body IS NOT NULL));

-- Secrets stored by earlier versions are removed.
UPDATE idempotency_keys
   SET response_body = (response_body::jsonb - 'key')::json, withheld = '{key}'
 WHERE method = 'POST' AND path LIKE '/v1/api-keys%' AND (response_body::jsonb ? 'key');
UPDATE idempotency_keys
   SET response_body = (response_body::jsonb - 'secret')::json, withheld = '{secret}'
 WHERE method = 'POST' AND path LIKE '/v1/partnerships/%/webhooks%' AND (response_body::jsonb ? 'secret');
