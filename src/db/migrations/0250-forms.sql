-- Collection forms (采集表): form versions as departments publish them, the
-- submissions grid workers fill on a person, the history of each submission's
-- review, and the write-back conflicts waiting for a reviewer.

-- One row per published version. A version is never edited: publishing the
-- same form_id again adds version n + 1 and retires the one before, while
-- submissions keep pointing at the version they were filled on.
CREATE TABLE forms (
  id                  uuid PRIMARY KEY,
  -- settings.form_id of the spreadsheet.
  form_key            text NOT NULL,
  version             integer NOT NULL CHECK (version >= 1),
  title               text NOT NULL,
  -- The checked spec (engine/spec.ts), canonical: the spreadsheet is written back from it.
  spec                jsonb NOT NULL,
  -- What a form is opened on. Only people for now: households and dwellings
  -- need their own pickers and write paths first.
  subject_type        text NOT NULL CHECK (subject_type IN ('person')),
  owner_department_id uuid NOT NULL REFERENCES departments (id),
  status              text NOT NULL CHECK (status IN ('active', 'retired')),
  file_name           text,
  -- Null when the operator (CLI, demo seed) published it.
  published_by        uuid REFERENCES users (id),
  published_at        timestamptz NOT NULL,
  UNIQUE (form_key, version)
);
CREATE UNIQUE INDEX forms_one_active_version ON forms (form_key) WHERE status = 'active';

CREATE TABLE form_submissions (
  id                uuid PRIMARY KEY,
  form_id           uuid NOT NULL REFERENCES forms (id),
  subject_type      text NOT NULL CHECK (subject_type IN ('person')),
  subject_id        text NOT NULL,
  -- Where the subject was placed when the form was opened (a jurisdiction's
  -- path): who may see the submission follows it, so the queue is filtered
  -- without reading the registry, over a B-tree as withinScope expects.
  jurisdiction_path ltree NOT NULL,
  -- The registry values shown when the form was opened, with source and date
  -- (engine PrefillSnapshot). Write-back compares against it to find conflicts.
  prefill           jsonb NOT NULL,
  answers           jsonb NOT NULL DEFAULT '{}',
  status            text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  worker_id         uuid NOT NULL REFERENCES users (id),
  opened_at         timestamptz NOT NULL,
  saved_at          timestamptz NOT NULL,
  submitted_at      timestamptz,
  reviewed_by       uuid REFERENCES users (id),
  reviewed_at       timestamptz,
  -- What approval did: fields written, conflicts flagged, answers the registry has no code for.
  write_back        jsonb
);
CREATE INDEX form_submissions_path ON form_submissions (jurisdiction_path);
CREATE INDEX form_submissions_status ON form_submissions (status, submitted_at);
CREATE INDEX form_submissions_worker ON form_submissions (worker_id, status);
-- Opening a form again on the same person resumes the worker's unfinished submission.
CREATE UNIQUE INDEX form_submissions_one_open ON form_submissions (form_id, subject_id, worker_id) WHERE status IN ('draft', 'returned');

-- The review history: opened, submitted, returned with a comment, approved.
CREATE TABLE form_submission_events (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id uuid NOT NULL REFERENCES form_submissions (id),
  action        text NOT NULL CHECK (action IN ('opened', 'submitted', 'returned', 'approved')),
  actor_id      uuid REFERENCES users (id),
  actor_name    text NOT NULL,
  at            timestamptz NOT NULL,
  comment       text
);
CREATE INDEX form_submission_events_submission ON form_submission_events (submission_id, id);

-- An approved answer the registry was not given because the value changed
-- after the form was opened. Never written on its own: a reviewer records the
-- worker's answer or keeps the registry's value.
CREATE TABLE form_conflicts (
  id                uuid PRIMARY KEY,
  submission_id     uuid NOT NULL REFERENCES form_submissions (id),
  jurisdiction_path ltree NOT NULL,
  question          text NOT NULL,
  -- The binding (bind::registry), e.g. person.phone.
  field             text NOT NULL,
  answer            jsonb NOT NULL,
  opened_value      jsonb,
  current_value     jsonb,
  status            text NOT NULL CHECK (status IN ('open', 'answer_recorded', 'registry_kept')),
  created_at        timestamptz NOT NULL,
  resolved_by       uuid REFERENCES users (id),
  resolved_at       timestamptz,
  resolution_comment text
);
CREATE INDEX form_conflicts_path ON form_conflicts (jurisdiction_path);
CREATE INDEX form_conflicts_status ON form_conflicts (status, created_at);
CREATE INDEX form_conflicts_submission ON form_conflicts (submission_id);
