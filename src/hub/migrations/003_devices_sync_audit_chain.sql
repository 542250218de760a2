-- Hub schema, version 3:
-- * a token per device (devices), issued for a one-time enrolment code (enrolment_codes), so a
--   lost laptop is revoked alone; a revoked device keeps its row, so when it reconnects the hub
--   can tell it so (and the app wipes that user's local notes). users.token_sha256 becomes
--   optional: tokens from before devices keep working until the user is re-keyed or removed.
-- * sync of notes and decisions: the records as the hub holds them (sync_records, with the
--   revisions conflicts kept), which records left an audience (sync_removals), each client's
--   last applied seq (sync_clients) and the outcome of every mutation (sync_outcomes), and the
--   change positions the pull cursor follows (sync_pos, handed out under an advisory lock so
--   that positions are in commit order: src/hub/services/sync.ts explains why).
-- * the audit log as a hash chain: each line, once chained, holds the hash of the line before it
--   (src/hub/audit.ts). Counted refusal lines are chained when their minute is over, so their
--   counts may grow until then; the unique index of counted lines covers only unchained ones.

ALTER TABLE users ALTER COLUMN token_sha256 DROP NOT NULL;

CREATE TABLE devices (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- NULL once the user is removed: the device is then as good as revoked
  user_id       integer NULL REFERENCES users (id) ON DELETE SET NULL,
  -- the user's name when the device was issued, for the audit log and the revoked answer
  user_name     text NOT NULL,
  label         text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  token_sha256  text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz NULL,
  last_seen_at  timestamptz NULL
);
CREATE INDEX devices_user ON devices (user_id);

CREATE TABLE enrolment_codes (
  -- sha256 hex of the code (ungrouped, upper case); the code itself is shown once
  code_sha256  text PRIMARY KEY CHECK (code_sha256 ~ '^[0-9a-f]{64}$'),
  user_id      integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  label        text NOT NULL,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz NULL,
  device_id    integer NULL REFERENCES devices (id) ON DELETE SET NULL
);
CREATE INDEX enrolment_codes_user ON enrolment_codes (user_id);

CREATE SEQUENCE sync_pos;

CREATE TABLE sync_records (
  id                  text PRIMARY KEY,
  kind                text NOT NULL,
  -- the user who created it; no foreign key: a removed user's records stay
  author_id           integer NOT NULL,
  author              text NOT NULL,
  author_party_group  text NULL,
  audience            text NOT NULL CHECK (audience IN ('private', 'partyGroup', 'public', 'council')),
  hlc                 text NOT NULL,
  deleted             boolean NOT NULL,
  body                jsonb NULL,
  revisions           jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  -- position of its latest change (sync_pos)
  pos                 bigint NOT NULL UNIQUE
);

-- A record left `audience` (of author_id / author_party_group) at position pos: devices of that
-- audience that may no longer see it are told to drop it.
CREATE TABLE sync_removals (
  pos                 bigint PRIMARY KEY,
  id                  text NOT NULL,
  kind                text NOT NULL,
  author_id           integer NOT NULL,
  author_party_group  text NULL,
  audience            text NOT NULL
);

CREATE TABLE sync_clients (
  client_id   text PRIMARY KEY CHECK (client_id ~ '^[0-9a-f]{16}$'),
  -- one client id belongs to one user, for good
  user_id     integer NOT NULL,
  last_seq    bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync_outcomes (
  client_id  text NOT NULL,
  seq        bigint NOT NULL,
  outcome    text NOT NULL CHECK (outcome IN ('applied', 'conflict', 'rejected')),
  record_id  text NOT NULL,
  -- {code, message} of a rejection
  reason     jsonb NULL,
  at         timestamptz NOT NULL,
  PRIMARY KEY (client_id, seq)
);

-- `epoch`: this database's identity in pull cursors (a cursor from another database starts over)
CREATE TABLE sync_meta (
  key    text PRIMARY KEY,
  value  text NOT NULL
);
INSERT INTO sync_meta (key, value) VALUES ('epoch', substr(md5(gen_random_uuid()::text), 1, 12));

ALTER TABLE audit_log ADD COLUMN chain_pos bigint NULL UNIQUE;
ALTER TABLE audit_log ADD COLUMN prev_hash text NULL;
ALTER TABLE audit_log ADD COLUMN hash text NULL;
CREATE INDEX audit_log_unchained ON audit_log (id) WHERE chain_pos IS NULL;
DROP INDEX audit_log_counted;
CREATE UNIQUE INDEX audit_log_counted ON audit_log (window_start, origin, action, object, actor, result) WHERE window_start IS NOT NULL AND chain_pos IS NULL;
