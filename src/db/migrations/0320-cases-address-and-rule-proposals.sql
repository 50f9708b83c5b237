-- Case handling, second pass: the registry address a case was reported at
-- (Open311 address_id), and rule proposals from the hub (首接负责).

-- A registry dwelling id, as the reporter gave it; the case keeps its own copy
-- of the address text, so a later change in the registry does not rewrite it.
ALTER TABLE cases ADD COLUMN address_id text;

-- A street that had to take an uncovered case proposes the rule that would
-- have routed it; whoever maintains the responsibility list accepts it (a new
-- rule, for new cases only) or declines it with a reason.
CREATE TABLE responsibility_rule_proposals (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id                uuid NOT NULL REFERENCES cases (id),
  category_code          text NOT NULL REFERENCES case_categories (code),
  jurisdiction_code      text NOT NULL REFERENCES jurisdictions (code),
  jurisdiction_path      ltree NOT NULL,
  conditions             jsonb NOT NULL DEFAULT '{}',
  -- As in a rule body: {kind: 'department', departmentCode} or {kind: 'street'|'community', jurisdictionCode}.
  unit                   jsonb NOT NULL,
  limits                 jsonb NOT NULL DEFAULT '{}',
  reason                 text NOT NULL,
  status                 text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'declined')),
  proposed_by            text NOT NULL,
  proposed_at            timestamptz NOT NULL,
  decided_by             text,
  decided_at             timestamptz,
  decision_note          text,
  rule_id                uuid REFERENCES responsibility_rules (id),
  CHECK ((status = 'open') = (decided_at IS NULL)),
  CHECK ((status = 'accepted') = (rule_id IS NOT NULL))
);
CREATE INDEX responsibility_rule_proposals_path ON responsibility_rule_proposals (jurisdiction_path);
CREATE INDEX responsibility_rule_proposals_case ON responsibility_rule_proposals (case_id);
CREATE INDEX responsibility_rule_proposals_open ON responsibility_rule_proposals (proposed_at) WHERE status = 'open';
