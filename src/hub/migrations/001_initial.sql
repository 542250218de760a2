-- Hub schema, version 1: people and their hashed tokens, trusted publisher keys, packages and
-- their immutable versions, the chunk index (chunk bytes live on disk, addressed by sha256),
-- and the audit log. Runs on PostgreSQL 15+ and on PGlite alike: plain SQL, no extensions.
-- Notes, decisions and sync mutations come in later migrations (002 and up).

CREATE TABLE users (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role          text NOT NULL CHECK (role IN ('advisor', 'member', 'clerk', 'alderman')),
  party_group   text NULL CHECK (party_group IS NULL OR length(party_group) BETWEEN 1 AND 200),
  -- sha256 hex of the bearer token; the token itself is shown once and never stored.
  token_sha256  text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE publisher_keys (
  keyid         text PRIMARY KEY CHECK (keyid ~ '^[0-9a-f]{64}$'),
  -- base64 of the raw 32-byte Ed25519 public key
  public_key    text NOT NULL,
  label         text NOT NULL,
  -- NULL: trusted for every package; otherwise only for these package ids
  package_ids   text[] NULL,
  added_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE packages (
  package_id       text PRIMARY KEY,
  title            text NOT NULL,
  current_version  integer NOT NULL CHECK (current_version > 0)
);

CREATE TABLE package_versions (
  package_id       text NOT NULL REFERENCES packages (package_id),
  version          integer NOT NULL CHECK (version > 0),
  manifest_sha256  text NOT NULL CHECK (manifest_sha256 ~ '^[0-9a-f]{64}$'),
  -- the exact signed bytes as published; served unchanged
  manifest         bytea NOT NULL,
  published_by     text NOT NULL,
  published_at     timestamptz NOT NULL,
  PRIMARY KEY (package_id, version)
);

CREATE TABLE chunks (
  sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size        bigint NOT NULL CHECK (size >= 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at      timestamptz NOT NULL,
  actor   text NOT NULL,
  action  text NOT NULL,
  object  text NOT NULL,
  result  text NOT NULL CHECK (result IN ('ok', 'denied', 'rejected')),
  origin  text NOT NULL,
  detail  text NULL
);

CREATE INDEX audit_log_at ON audit_log (at);
