-- Reports: path indexes that serve the scope check, and each household's
-- living size kept on the household.

-- withinScope tests membership in the scope's jurisdiction paths (an equality
-- per path), as for the registry's tables (0002): a B-tree serves it, a GiST
-- index does not.
DROP INDEX generated_reports_scope;
CREATE INDEX generated_reports_scope ON generated_reports (scope_path);
DROP INDEX report_fill_tasks_path;
CREATE INDEX report_fill_tasks_path ON report_fill_tasks (jurisdiction_path);

-- How many people live in the household: members whose residence status is
-- not 'left' (人户分离), an unknown status counting as living here. Household
-- composition conditions ("elderly living alone") read it instead of counting
-- every household's members again for each report.
ALTER TABLE households ADD COLUMN living_members integer NOT NULL DEFAULT 0 CHECK (living_members >= 0);
UPDATE households AS h SET living_members = c.n
FROM (SELECT household_id, count(*) AS n FROM people WHERE residence_status IS DISTINCT FROM 'left' AND household_id IS NOT NULL GROUP BY 1) AS c
WHERE h.id = c.household_id;

-- Kept in step by whoever writes people (imports, form write-back, merges,
-- bulk loads): once per statement, from the rows it inserted, changed or
-- deleted, so a COPY of a million people costs one update per batch.
CREATE FUNCTION people_keep_living_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE households AS h SET living_members = h.living_members + d.n
    FROM (SELECT household_id, count(*) AS n FROM new_people
          WHERE residence_status IS DISTINCT FROM 'left' AND household_id IS NOT NULL GROUP BY 1) AS d
    WHERE h.id = d.household_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE households AS h SET living_members = h.living_members - d.n
    FROM (SELECT household_id, count(*) AS n FROM old_people
          WHERE residence_status IS DISTINCT FROM 'left' AND household_id IS NOT NULL GROUP BY 1) AS d
    WHERE h.id = d.household_id;
  ELSE
    UPDATE households AS h SET living_members = h.living_members + d.n
    FROM (SELECT household_id, sum(change) AS n FROM (
            SELECT household_id, 1 AS change FROM new_people WHERE residence_status IS DISTINCT FROM 'left' AND household_id IS NOT NULL
            UNION ALL
            SELECT household_id, -1 FROM old_people WHERE residence_status IS DISTINCT FROM 'left' AND household_id IS NOT NULL) AS changes
          GROUP BY 1 HAVING sum(change) <> 0) AS d
    WHERE h.id = d.household_id;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER people_living_members_insert AFTER INSERT ON people
  REFERENCING NEW TABLE AS new_people FOR EACH STATEMENT EXECUTE FUNCTION people_keep_living_members();
CREATE TRIGGER people_living_members_update AFTER UPDATE ON people
  REFERENCING OLD TABLE AS old_people NEW TABLE AS new_people FOR EACH STATEMENT EXECUTE FUNCTION people_keep_living_members();
CREATE TRIGGER people_living_members_delete AFTER DELETE ON people
  REFERENCING OLD TABLE AS old_people FOR EACH STATEMENT EXECUTE FUNCTION people_keep_living_members();
