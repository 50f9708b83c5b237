-- The registry's core: dwellings, households and the people living in them,
-- each placed in the jurisdiction tree (its grid) so access follows the tree.
-- jurisdiction_path is always the path of an existing jurisdiction, so a scope
-- check is an equality against the few paths of the scope's subtree (see
-- withinScope): a B-tree serves it, and builds far faster than a GiST index
-- when a million rows are loaded.
CREATE TABLE dwellings (
  id                text PRIMARY KEY,
  jurisdiction_path ltree NOT NULL,
  community_code    text NOT NULL REFERENCES jurisdictions (code),
  grid_code         text NOT NULL REFERENCES jurisdictions (code),
  compound          text NOT NULL,
  building          text NOT NULL,
  unit              text NOT NULL,
  room              text NOT NULL,
  address           text NOT NULL
);
CREATE INDEX dwellings_path ON dwellings (jurisdiction_path);

CREATE TABLE households (
  id                text PRIMARY KEY,
  jurisdiction_path ltree NOT NULL,
  dwelling_id       text NOT NULL REFERENCES dwellings (id),
  head_person_id    text NOT NULL,
  registration_type text NOT NULL CHECK (registration_type IN ('family', 'collective'))
);
CREATE INDEX households_path ON households (jurisdiction_path);

CREATE TABLE people (
  id                text PRIMARY KEY,
  jurisdiction_path ltree NOT NULL,
  household_id      text REFERENCES households (id),
  dwelling_id       text REFERENCES dwellings (id),
  relation_to_head  text,
  name              text NOT NULL,
  id_number         text,
  sex               text CHECK (sex IN ('male', 'female')),
  birth_date        date,
  ethnicity         text,
  phone             text,
  residence_status  text NOT NULL CHECK (residence_status IN ('registered', 'floating', 'left')),
  tags              text[] NOT NULL DEFAULT '{}',
  disability_grade  smallint CHECK (disability_grade BETWEEN 1 AND 4)
);
CREATE INDEX people_path ON people (jurisdiction_path);
CREATE INDEX people_id_number ON people (id_number);
CREATE INDEX people_household ON people (household_id);
