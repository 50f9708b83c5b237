-- The blocking keys made from a person's basis, kept with it: when the basis
-- changes (a new phone, another dwelling) only the keys that differ are deleted
-- and inserted, not all of the person's keys. NULL for persons keyed before
-- this column: their keys are replaced whole the next time they change.
ALTER TABLE person_link_basis ADD COLUMN keys text[];
