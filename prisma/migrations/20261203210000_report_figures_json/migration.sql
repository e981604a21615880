-- A report version's figures are stored as json (the text the worker wrote), not jsonb. They are
-- written once, read whole and never queried inside on the product's paths: jsonb parsed the
-- megabyte of a large report into its binary form on every write (~9 ms of the write statement,
-- against ~3 ms for json's validation) and printed it back to text on every read (~15 ms). json
-- also keeps the composer's key order. What a restatement compares stays jsonb (`compared`).
-- The type change rewrites the column, and would drop its lz4 compression: set again in the
-- same statement, so the rewritten rows are lz4 too.
ALTER TABLE reports
  ALTER COLUMN figures TYPE json USING figures::json,
  ALTER COLUMN figures SET COMPRESSION lz4;
