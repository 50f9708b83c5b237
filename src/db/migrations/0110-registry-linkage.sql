-- Record linkage of department rows to registry persons (issue 3): keys that
-- find candidate persons by blocking in SQL, the model each import scored
-- with, every linking decision with its score and explanation, the data
-- steward's review queue, merges of two registry persons with what is needed
-- to undo them, and the correction list (校核纠错) per source department.

-- Blocking keys of registry persons: an incoming row is compared only with the
-- persons sharing one of its keys (name pinyin + birth date, phone, surname +
-- dwelling, the birth date and sequence digits of the ID number).
CREATE TABLE person_link_keys (
  kind      text NOT NULL CHECK (kind IN ('name_birth', 'phone', 'surname_dwelling', 'id_core')),
  key       text NOT NULL,
  person_id text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  PRIMARY KEY (kind, key, person_id)
);
CREATE INDEX person_link_keys_person ON person_link_keys (person_id);

-- What each person's keys were computed from: a person whose name, birth date,
-- phone, dwelling or ID number changed since (by any write path) gets new keys.
CREATE TABLE person_link_basis (
  person_id text PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  basis     text NOT NULL
);

-- The Fellegi–Sunter model (m and u per field level, prior, thresholds) an
-- import was linked with, so every decision can be recomputed and explained.
CREATE TABLE linkage_models (
  import_id  uuid PRIMARY KEY REFERENCES imports (id) ON DELETE CASCADE,
  model      jsonb NOT NULL,
  -- false: too little data to estimate, the default parameters were used.
  estimated  boolean NOT NULL,
  details    jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL
);

-- How each person row of an import was linked: by ID number, by score, held
-- for review, or a new person; with the best candidate's score and explanation.
CREATE TABLE linkage_decisions (
  import_id    uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  row_number   integer NOT NULL,
  source_id    text NOT NULL REFERENCES data_sources (id),
  record_key   text NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('exact_id', 'linked', 'review', 'new', 'steward_linked', 'steward_new')),
  person_id    text,
  candidate_id text,
  weight       double precision,
  explanation  jsonb,
  decided_at   timestamptz NOT NULL,
  decided_by   uuid REFERENCES users (id),
  PRIMARY KEY (import_id, row_number)
);

-- Pairs for the data steward: a held import row and a registry person it may
-- be. Placed where the candidate person is, so scope checks follow the tree.
CREATE TABLE linkage_reviews (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id         text NOT NULL REFERENCES data_sources (id),
  record_key        text NOT NULL,
  import_id         uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  row_number        integer NOT NULL,
  person_id         text NOT NULL,
  jurisdiction_path ltree NOT NULL,
  reason            text NOT NULL,
  weight            double precision NOT NULL,
  explanation       jsonb NOT NULL,
  status            text NOT NULL CHECK (status IN ('pending', 'same', 'different', 'withdrawn')),
  created_at        timestamptz NOT NULL,
  decided_at        timestamptz,
  decided_by        uuid REFERENCES users (id),
  decided_by_name   text,
  note              text
);
-- A re-import of the same record does not queue the same pair twice.
CREATE UNIQUE INDEX linkage_reviews_pending ON linkage_reviews (source_id, record_key, person_id) WHERE status = 'pending';
CREATE INDEX linkage_reviews_path ON linkage_reviews (jurisdiction_path);
CREATE INDEX linkage_reviews_row ON linkage_reviews (import_id, row_number);

-- A steward said this department record is not that person: no later import links them.
CREATE TABLE linkage_separations (
  source_id  text NOT NULL REFERENCES data_sources (id),
  record_key text NOT NULL,
  person_id  text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by uuid REFERENCES users (id),
  PRIMARY KEY (source_id, record_key, person_id)
);

-- Two registry persons found to be one: the merged person's facts and
-- department records move to the survivor. The snapshot holds both persons'
-- rows and dwelling links as they were, and which statements and records
-- moved, so an unmerge restores both exactly.
CREATE TABLE person_merges (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  survivor_id       text NOT NULL,
  merged_id         text NOT NULL,
  jurisdiction_path ltree NOT NULL,
  reason            text NOT NULL,
  snapshot          jsonb NOT NULL,
  merged_at         timestamptz NOT NULL,
  merged_by         uuid REFERENCES users (id),
  merged_by_name    text NOT NULL,
  unmerged_at       timestamptz,
  unmerged_by       uuid REFERENCES users (id),
  unmerged_by_name  text,
  unmerge_reason    text
);
CREATE INDEX person_merges_survivor ON person_merges (survivor_id);
CREATE INDEX person_merges_merged ON person_merges (merged_id);
CREATE INDEX person_merges_path ON person_merges (jurisdiction_path);

-- 校核纠错: what linking found wrong in a department's data, to send back to it.
CREATE TABLE linkage_corrections (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id         text NOT NULL REFERENCES data_sources (id),
  record_key        text NOT NULL,
  import_id         uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  row_number        integer NOT NULL,
  person_id         text,
  jurisdiction_path ltree NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('id_number_invalid', 'birth_date_conflicts_with_id', 'registered_in_two_dwellings')),
  field             text NOT NULL,
  value             text,
  suggestion        text,
  detail            text,
  created_at        timestamptz NOT NULL,
  -- One finding per record and kind: a re-import of the same export adds nothing.
  UNIQUE (source_id, record_key, kind)
);
CREATE INDEX linkage_corrections_source ON linkage_corrections (source_id, created_at);
CREATE INDEX linkage_corrections_path ON linkage_corrections (jurisdiction_path);
