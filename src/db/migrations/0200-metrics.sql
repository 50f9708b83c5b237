-- One-table reporting (一表通): statistical definitions (统计口径) declared once
-- as data and versioned, department report templates built on them, every
-- generated report kept with the definition versions and the figures it
-- published, and the fill-in tasks for the few fields the registry lacks.

-- A metric: the stable name departments refer to; what it computes lives in its versions.
CREATE TABLE metric_definitions (
  code          text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,62}$'),
  department_id uuid REFERENCES departments (id),
  created_at    timestamptz NOT NULL,
  created_by    text NOT NULL
);

-- A statistical definition version: valid from a day until the next version's day.
-- A report cites the version it used, so changing a definition never changes a
-- figure already published.
CREATE TABLE metric_versions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  metric_code text NOT NULL REFERENCES metric_definitions (code),
  version     integer NOT NULL CHECK (version >= 1),
  valid_from  date NOT NULL,
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- The definition as data (src/modules/metrics/definition.ts); never SQL.
  definition  jsonb NOT NULL,
  -- SHA-256 of the normalised definition: equal fingerprints compute the same figure.
  fingerprint text NOT NULL,
  created_at  timestamptz NOT NULL,
  created_by  text NOT NULL,
  UNIQUE (metric_code, version),
  UNIQUE (metric_code, valid_from)
);
CREATE INDEX metric_versions_fingerprint ON metric_versions (fingerprint);

-- A department's report: its own layout (rows × columns, headers, notes), how
-- often it is filed, and whether it is still in force.
CREATE TABLE report_templates (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code          text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{1,62}$'),
  name          text NOT NULL,
  department_id uuid NOT NULL REFERENCES departments (id),
  frequency     text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'half_yearly', 'yearly', 'ad_hoc')),
  layout        jsonb NOT NULL,
  -- Raised on every change of the layout; a generated report keeps the layout it used.
  revision      integer NOT NULL DEFAULT 1,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'merged')),
  merged_into   uuid REFERENCES report_templates (id),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  retired_at    timestamptz,
  CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
  CHECK ((status = 'active') = (retired_at IS NULL))
);

-- A generated report: everything needed to show it again exactly and to check
-- it against the registry later (the layout, the definition versions, the
-- reference date and period, the figures, and when the data was read).
CREATE TABLE generated_reports (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  template_id       uuid NOT NULL REFERENCES report_templates (id),
  template_revision integer NOT NULL,
  layout            jsonb NOT NULL,
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
  -- The rows' units lie here; a report is shown only to callers whose scope covers them all.
  scope_path        ltree NOT NULL,
  unit_paths        text[] NOT NULL,
  reference_date    date NOT NULL,
  period_start      date NOT NULL,
  period_end        date NOT NULL,
  -- [{ code, version, versionId, validFrom, name, fingerprint }]
  metric_versions   jsonb NOT NULL,
  -- { rows: [{ key, label, unitCode, values }], total }
  figures           jsonb NOT NULL,
  figures_digest    text NOT NULL,
  data_as_of        timestamptz NOT NULL,
  generated_by      text NOT NULL,
  generated_at      timestamptz NOT NULL,
  query_count       integer NOT NULL,
  duration_ms       integer NOT NULL
);
CREATE INDEX generated_reports_template ON generated_reports (template_id, reference_date);
CREATE INDEX generated_reports_scope ON generated_reports USING gist (scope_path);

-- What a unit must still supply by hand for a report and reference date: the
-- manual fields of its rows. One task per unit, whoever generates the report.
CREATE TABLE report_fill_tasks (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  template_id       uuid NOT NULL REFERENCES report_templates (id),
  reference_date    date NOT NULL,
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
  jurisdiction_path ltree NOT NULL,
  -- Row keys and manual column keys the unit answers for.
  row_keys          text[] NOT NULL,
  column_keys       text[] NOT NULL,
  status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted')),
  -- { rowKey: { columnKey: value } }
  answers           jsonb NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL,
  submitted_at      timestamptz,
  submitted_by      text,
  UNIQUE (template_id, reference_date, jurisdiction_code),
  CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
CREATE INDEX report_fill_tasks_path ON report_fill_tasks USING gist (jurisdiction_path);
