-- Importing department data: mapping profiles (how a department's file maps to
-- registry fields), and imports with their staged rows. An import stages every
-- row first (normalised record, or the errors that quarantine it), then applies
-- the valid rows in chunks; `applied_through` is the ledger that makes applying
-- resumable after a crash and never double-applies a row.

CREATE TABLE mapping_profiles (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]*$'),
  name          text NOT NULL,
  department_id uuid NOT NULL REFERENCES departments (id),
  dataset       text NOT NULL,
  -- The profile as validated (JSON) and as written (YAML or JSON, comments kept).
  document      jsonb NOT NULL,
  text          text NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  created_by    uuid REFERENCES users (id),
  updated_by    uuid REFERENCES users (id),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

CREATE TABLE imports (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Rows must land inside this jurisdiction; people the file cannot place in a
  -- community are placed here.
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
  jurisdiction_path ltree NOT NULL,
  source_id         text REFERENCES data_sources (id),
  profile_id        text REFERENCES mapping_profiles (id) ON DELETE SET NULL,
  -- The profile exactly as used, so an import can be explained after the profile changes.
  profile           jsonb,
  -- The file's column names, as read when validating.
  header            jsonb,
  file_name         text NOT NULL,
  file_size         bigint NOT NULL,
  file_sha256       text NOT NULL,
  -- When the data was true according to the department (the export date): survivorship
  -- compares this, not the time of import.
  observed_at       timestamptz NOT NULL,
  status            text NOT NULL CHECK (status IN ('uploaded', 'validating', 'validated', 'applying', 'completed', 'failed')),
  total_rows        integer,
  valid_rows        integer NOT NULL DEFAULT 0,
  invalid_rows      integer NOT NULL DEFAULT 0,
  warning_rows      integer NOT NULL DEFAULT 0,
  staged_through    integer NOT NULL DEFAULT 0,
  applied_through   integer NOT NULL DEFAULT 0,
  applied_rows      integer NOT NULL DEFAULT 0,
  rejected_rows     integer NOT NULL DEFAULT 0,
  held_rows         integer NOT NULL DEFAULT 0,
  stats             jsonb NOT NULL DEFAULT '{}',
  error             text,
  created_by        uuid REFERENCES users (id),
  created_by_name   text NOT NULL,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  completed_at      timestamptz
);
CREATE INDEX imports_path_gist ON imports USING gist (jurisdiction_path);
CREATE INDEX imports_file ON imports (source_id, file_sha256);

-- The uploaded file, kept until the import has been applied.
CREATE TABLE import_files (
  import_id uuid PRIMARY KEY REFERENCES imports (id) ON DELETE CASCADE,
  bytes     bytea NOT NULL
);

CREATE TABLE import_rows (
  import_id  uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  -- The row number a person sees when opening the file.
  row_number integer NOT NULL,
  -- valid: staged, applied once row_number <= imports.applied_through;
  -- invalid: quarantined by validation; rejected: quarantined while applying
  -- (e.g. outside the importer's jurisdiction); held: the linker wants a person to decide.
  status     text NOT NULL CHECK (status IN ('valid', 'invalid', 'rejected', 'held')),
  record     jsonb,
  -- The row as read, kept for quarantined rows so they can be corrected and re-imported.
  cells      jsonb,
  issues     jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (import_id, row_number)
);
