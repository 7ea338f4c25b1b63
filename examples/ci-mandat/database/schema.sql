-- CI-Mandat schema (stand-in: the real file holds the full schema). Runs once, when the
-- postgres-data volume is first initialised, as the ci_mandat_user role in ci_mandat_db.
CREATE TABLE IF NOT EXISTS users (
  id            BIGSERIAL PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL DEFAULT 'agent',
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS mandats (
  id             BIGSERIAL PRIMARY KEY,
  reference      TEXT NOT NULL UNIQUE,
  owner_id       BIGINT NOT NULL REFERENCES users (id),
  -- personal data encrypted by the backend (ENCRYPTION_KEY / DATA_ENCRYPTION_IV)
  client_data    BYTEA NOT NULL,
  pdf_path       TEXT,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS refresh_tokens (
  id          BIGSERIAL PRIMARY KEY,
  user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash  TEXT NOT NULL UNIQUE,
  expires_at  TIMESTAMPTZ NOT NULL
);
