-- Attachments uploaded together are recorded at one instant, so ordering by
-- the upload time left their order undefined (and the clock may be fixed).
-- Each attachment takes the next position on its case, in the order the files
-- arrived; lists order by it.
ALTER TABLE case_attachments ADD COLUMN position integer;

-- Earlier attachments keep the order they were shown in until now.
UPDATE case_attachments a SET position = numbered.position
  FROM (SELECT id, row_number() OVER (PARTITION BY case_id ORDER BY uploaded_at, id) AS position FROM case_attachments) numbered
 WHERE numbered.id = a.id;

ALTER TABLE case_attachments ALTER COLUMN position SET NOT NULL;
ALTER TABLE case_attachments ADD CONSTRAINT case_attachments_position UNIQUE (case_id, position);
DROP INDEX case_attachments_case;
