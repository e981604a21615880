-- Overlapped imports: the API commits the upload to staging slice by slice
-- (ol_staging.import_<id>_<n>) while the worker, in its one commit transaction, already moves the
-- slices it can see; the transaction commits once the upload is complete and valid (status
-- 'queued') and rolls back if it is rejected or fails.

ALTER TABLE delivery_imports
  -- Content-Length of the upload, when the client sent one (for percent done while receiving).
  ADD COLUMN expected_bytes bigint,
  -- Slices committed to staging so far (slice n exists for n <= staged_slices).
  ADD COLUMN staged_slices integer NOT NULL DEFAULT 0,
  -- Bytes of the file read when the last staged slice was committed.
  ADD COLUMN staged_bytes bigint NOT NULL DEFAULT 0,
  -- External references the API's hash filter has seen more than once so far (confirmed against
  -- the staged rows at the end). While it or error_count is above 0 the file is bound to be
  -- refused, and the commit moves nothing more.
  ADD COLUMN repeated_refs integer NOT NULL DEFAULT 0;
