-- Hub schema, version 2:
-- * one maximum package version (MAX_PACKAGE_VERSION in src/shared/limits.ts, 2^31 - 1), stated
--   as a CHECK beside the integer type so the schema says the same bound as the manifest schema
--   and the routes;
-- * which chunks each version lists (version_chunks), so chunks no retained version lists can be
--   collected; filled here from the manifests already stored;
-- * pins of publishes in progress (chunk_pins): a chunk a publish is about to record is never
--   collected (src/hub/services/retention.ts explains the ordering);
-- * audit lines that count (count, window_start): refused requests are audited as one line per
--   address, action, object and minute with a count, not one row per refusal.

ALTER TABLE packages ADD CONSTRAINT packages_current_version_range CHECK (current_version BETWEEN 1 AND 2147483647);
ALTER TABLE package_versions ADD CONSTRAINT package_versions_version_range CHECK (version BETWEEN 1 AND 2147483647);

CREATE TABLE version_chunks (
  package_id  text NOT NULL,
  version     integer NOT NULL,
  sha256      text NOT NULL REFERENCES chunks (sha256),
  PRIMARY KEY (package_id, version, sha256),
  FOREIGN KEY (package_id, version) REFERENCES package_versions (package_id, version) ON DELETE CASCADE
);
CREATE INDEX version_chunks_sha256 ON version_chunks (sha256);

INSERT INTO version_chunks (package_id, version, sha256)
  SELECT DISTINCT v.package_id, v.version, c.value ->> 'sha256'
    FROM package_versions v
    CROSS JOIN LATERAL jsonb_array_elements(convert_from(v.manifest, 'UTF8')::jsonb -> 'chunks') AS c(value)
   WHERE EXISTS (SELECT 1 FROM chunks k WHERE k.sha256 = c.value ->> 'sha256');

CREATE TABLE chunk_pins (
  publish_id  text NOT NULL,
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  pinned_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (publish_id, sha256)
);
CREATE INDEX chunk_pins_sha256 ON chunk_pins (sha256);

ALTER TABLE audit_log ADD COLUMN count integer NOT NULL DEFAULT 1 CHECK (count >= 1);
-- set only on counted lines: the start of the minute they count refusals for
ALTER TABLE audit_log ADD COLUMN window_start timestamptz NULL;
CREATE UNIQUE INDEX audit_log_counted ON audit_log (window_start, origin, action, object, actor, result) WHERE window_start IS NOT NULL;
