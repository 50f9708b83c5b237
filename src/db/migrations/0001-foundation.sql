-- Foundation: jurisdiction tree, departments, people who log in, sessions,
-- API tokens, login throttling and the hash-chained audit log.
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE jurisdictions (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('city', 'district', 'street', 'community', 'grid')),
  parent_code text REFERENCES jurisdictions (code),
  -- Materialised path of codes from the root: subtree queries are `path <@ $scope`.
  path        ltree NOT NULL UNIQUE,
  boundary    jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jurisdictions_path_gist ON jurisdictions USING gist (path);
CREATE INDEX jurisdictions_parent ON jurisdictions (parent_code);

CREATE TABLE departments (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code              text NOT NULL UNIQUE,
  name              text NOT NULL,
  kind              text NOT NULL,
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
  is_external       boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username      citext NOT NULL UNIQUE,
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  disabled_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL,
  -- SHA-256 of the secret; the secret itself is shown once and never stored.
  token_hash   text NOT NULL UNIQUE,
  created_by   uuid REFERENCES users (id),
  expires_at   timestamptz,
  revoked_at   timestamptz,
  last_used_at timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- A role held on a jurisdiction subtree (and, for department staff, a department),
-- by a user or by an API token.
CREATE TABLE role_grants (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id           uuid REFERENCES users (id) ON DELETE CASCADE,
  api_token_id      uuid REFERENCES api_tokens (id) ON DELETE CASCADE,
  role              text NOT NULL CHECK (role IN ('resident', 'grid_worker', 'community_staff', 'street_staff',
                      'department_staff', 'leader', 'party_admin', 'data_steward', 'auditor', 'sysadmin')),
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
  department_id     uuid REFERENCES departments (id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NULL) <> (api_token_id IS NULL)),
  CHECK (role <> 'department_staff' OR department_id IS NOT NULL)
);
CREATE INDEX role_grants_user ON role_grants (user_id);
CREATE INDEX role_grants_token ON role_grants (api_token_id);

CREATE TABLE sessions (
  id_hash      text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  ip           text,
  user_agent   text,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username  citext NOT NULL,
  ip        text,
  succeeded boolean NOT NULL,
  at        timestamptz NOT NULL
);
CREATE INDEX login_attempts_username_at ON login_attempts (username, at);

CREATE TABLE audit_log (
  id            bigint PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor_user_id uuid,
  actor_token_id uuid,
  actor         text,
  role          text,
  scope         text,
  action        text NOT NULL,
  target_type   text,
  target_ids    text[] NOT NULL DEFAULT '{}',
  purpose       text,
  ip            text,
  request_id    text,
  outcome       text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
  details       jsonb,
  prev_hash     text NOT NULL,
  hash          text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor);
CREATE INDEX audit_log_targets ON audit_log USING gin (target_ids);

-- Append-only: the log may grow but never change.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
