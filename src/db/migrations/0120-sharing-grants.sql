-- Data-sharing grants (政务数据共享): a department reads registry data only under
-- a grant naming the fields, the purpose and its legal basis, the jurisdiction
-- subtree and the period. Grants are revoked, never deleted, so an audit entry
-- naming a grant can always be traced back to what it allowed.
CREATE TABLE share_grants (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  department_id     uuid NOT NULL REFERENCES departments (id),
  -- Catalogue field keys (person.name …), and person.tags.<code> for a sensitive tag.
  fields            text[] NOT NULL CHECK (cardinality(fields) > 0),
  purpose           text NOT NULL,
  legal_basis       text NOT NULL CHECK (btrim(legal_basis) <> ''),
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code),
  jurisdiction_path ltree NOT NULL REFERENCES jurisdictions (path),
  valid_from        timestamptz NOT NULL,
  -- Exclusive: the grant ends at this instant.
  valid_until       timestamptz NOT NULL,
  created_by        uuid REFERENCES users (id),
  created_at        timestamptz NOT NULL,
  revoked_at        timestamptz,
  revoked_by        uuid REFERENCES users (id),
  revoke_reason     text,
  CHECK (valid_from < valid_until),
  CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
);
CREATE INDEX share_grants_department ON share_grants (department_id) WHERE revoked_at IS NULL;

-- Which registry person a resident's account is (实名认证): what lets a resident
-- see their own record and who read it.
CREATE TABLE resident_people (
  user_id     uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  person_id   text NOT NULL UNIQUE REFERENCES people (id),
  verified_at timestamptz NOT NULL
);
