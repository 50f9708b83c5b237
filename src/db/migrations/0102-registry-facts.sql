-- Facts with provenance and history. Every value a source states about a
-- person, household, dwelling or organisation is kept in registry_statements:
-- which source said it, when it was true according to that source
-- (observed_at), when we recorded it, from which import row or field visit. A
-- source's newer claim replaces its older one, which stays as history. The
-- registry tables (people, households, dwellings, organisations and the link
-- tables) hold the surviving
-- value of each field as chosen by the field's declared rule, so reading a
-- person's current values stays one primary-key lookup and searches stay plain
-- indexed queries.
--
-- Values loaded in bulk without facts (the demo seed, an initial migration from
-- a legacy system) are attributed to the row's origin source at origin_at; when
-- another source's claim would replace such a value, it is first written down
-- as a statement of its origin, so it keeps its place in survivorship and history.

ALTER TABLE people
  ADD COLUMN registration_place text,
  ADD COLUMN origin_source_id   text NOT NULL DEFAULT 'initial-load' REFERENCES data_sources (id),
  ADD COLUMN origin_at          timestamptz NOT NULL DEFAULT now(),
  ALTER COLUMN residence_status DROP NOT NULL;

ALTER TABLE dwellings
  ADD COLUMN use              text,
  ADD COLUMN origin_source_id text NOT NULL DEFAULT 'initial-load' REFERENCES data_sources (id),
  ADD COLUMN origin_at        timestamptz NOT NULL DEFAULT now(),
  -- A dwelling found in department data is placed in its community; a grid
  -- worker assigns the grid when it is not known from its building.
  ALTER COLUMN grid_code DROP NOT NULL;
-- One dwelling per address in a community. Compound first: an import whose
-- address names no community looks the flat up by compound, building, unit and room.
CREATE UNIQUE INDEX dwellings_address_key ON dwellings (compound, building, unit, room, community_code);

ALTER TABLE households
  ADD COLUMN household_number text,
  ADD COLUMN origin_source_id text NOT NULL DEFAULT 'initial-load' REFERENCES data_sources (id),
  ADD COLUMN origin_at        timestamptz NOT NULL DEFAULT now(),
  -- Known once the head's row and the registered address have been read.
  ALTER COLUMN dwelling_id DROP NOT NULL,
  ALTER COLUMN head_person_id DROP NOT NULL,
  ALTER COLUMN registration_type DROP NOT NULL;
CREATE UNIQUE INDEX households_number ON households (household_number) WHERE household_number IS NOT NULL;

CREATE TABLE organisations (
  id                   text PRIMARY KEY,
  jurisdiction_path    ltree NOT NULL,
  credit_code          text UNIQUE,
  name                 text NOT NULL,
  kind                 text,
  legal_representative text,
  phone                text,
  origin_source_id     text NOT NULL DEFAULT 'initial-load' REFERENCES data_sources (id),
  origin_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisations_path_gist ON organisations USING gist (jurisdiction_path);

-- Person ↔ dwelling: registered there (户籍), actually living there, owner, tenant.
-- people.dwelling_id stays the one dwelling that places the person in the tree:
-- where they live, else where they rent, else where they are registered.
CREATE TABLE person_dwellings (
  person_id   text NOT NULL REFERENCES people (id),
  dwelling_id text NOT NULL REFERENCES dwellings (id),
  relation    text NOT NULL CHECK (relation IN ('registered', 'living', 'owner', 'tenant')),
  PRIMARY KEY (person_id, relation, dwelling_id)
);
CREATE INDEX person_dwellings_dwelling ON person_dwellings (dwelling_id);

CREATE TABLE organisation_dwellings (
  organisation_id text NOT NULL REFERENCES organisations (id),
  dwelling_id     text NOT NULL REFERENCES dwellings (id),
  relation        text NOT NULL CHECK (relation IN ('premises', 'owner', 'manager')),
  PRIMARY KEY (organisation_id, relation, dwelling_id)
);
CREATE INDEX organisation_dwellings_dwelling ON organisation_dwellings (dwelling_id);

-- What sources said: one row per statement — a source telling, as of one
-- moment, a set of facts about one record (the fields of one import row, or of
-- one field visit). A source's current claim about a field is its latest
-- statement that mentions the field (by observed_at, then recorded_at); its
-- earlier ones are the field's history. A row that repeats what the source
-- already says is not stored again, so a re-import adds nothing.
--
-- Statements arrive by the million, so the only foreign key is the one the
-- provenance promise rests on (source_id); import ids and workers come from the
-- import and the session through the one write path
-- (src/modules/registry/facts/apply-claims.ts).
CREATE TABLE registry_statements (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity_type   text NOT NULL CHECK (entity_type IN ('person', 'household', 'dwelling', 'organisation')),
  entity_id     text NOT NULL,
  source_id     text NOT NULL REFERENCES data_sources (id),
  -- Field → value: a string, or an array of strings for fields with several values (phones, tags).
  facts         jsonb NOT NULL,
  -- Field → the field it was read from, for values the source did not state (sex from the ID number).
  derived       jsonb NOT NULL DEFAULT '{}',
  -- When the source says the facts were true, and when we recorded them.
  observed_at   timestamptz NOT NULL,
  recorded_at   timestamptz NOT NULL,
  -- Evidence: the import row, or the field-visit submission and the worker.
  import_id     uuid,
  import_row    integer,
  submission_id uuid,
  recorded_by   uuid
);
CREATE INDEX registry_statements_entity ON registry_statements (entity_id);
CREATE INDEX registry_statements_import ON registry_statements (import_id, import_row) WHERE import_id IS NOT NULL;
-- Registry search by any phone number a source has given for a person.
CREATE INDEX registry_statements_phones ON registry_statements USING gin ((facts -> 'person.phones') jsonb_path_ops)
  WHERE facts ? 'person.phones';

-- One row per fact, for reading the evidence with SQL (reports, audits, ad-hoc
-- questions): each field a statement gave, and when a later statement of the
-- same source replaced it (null while it is the source's current claim).
CREATE VIEW registry_facts AS
SELECT s.id AS statement_id, s.entity_type, s.entity_id, f.key AS field, f.value, s.source_id,
       s.observed_at, s.recorded_at, s.import_id, s.import_row, s.submission_id, s.recorded_by,
       s.derived ->> f.key AS derived_from,
       lag(s.recorded_at) OVER newer_first AS superseded_at
FROM registry_statements s CROSS JOIN LATERAL jsonb_each(s.facts) AS f (key, value)
WINDOW newer_first AS (PARTITION BY s.entity_id, f.key, s.source_id ORDER BY s.observed_at DESC, s.recorded_at DESC, s.id DESC);

-- Which registry record a department's own record is: makes re-imports
-- idempotent even for rows without an ID number, and is where record linkage
-- leaves its decisions.
CREATE TABLE source_records (
  source_id   text NOT NULL REFERENCES data_sources (id),
  record_key  text NOT NULL,
  entity_type text NOT NULL CHECK (entity_type IN ('person', 'household', 'dwelling', 'organisation')),
  entity_id   text NOT NULL,
  import_id   uuid REFERENCES imports (id),
  linked_at   timestamptz NOT NULL,
  PRIMARY KEY (source_id, record_key)
);
CREATE INDEX source_records_entity ON source_records (entity_id);
