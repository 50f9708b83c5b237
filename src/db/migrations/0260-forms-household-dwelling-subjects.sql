-- Collection forms are opened on a household or a dwelling as well as on a
-- person (settings `subject` of the workbook): its bound questions read and
-- write that record's registry fields. subject_id names the record; the
-- submission's jurisdiction_path is still where the record was placed.
ALTER TABLE forms DROP CONSTRAINT forms_subject_type_check;
ALTER TABLE forms ADD CONSTRAINT forms_subject_type_check CHECK (subject_type IN ('person', 'household', 'dwelling'));
ALTER TABLE form_submissions DROP CONSTRAINT form_submissions_subject_type_check;
ALTER TABLE form_submissions ADD CONSTRAINT form_submissions_subject_type_check CHECK (subject_type IN ('person', 'household', 'dwelling'));
-- Opening the same form on the same record resumes the worker's unfinished submission;
-- ids of different kinds of record never collide, but the index says what it means.
DROP INDEX form_submissions_one_open;
CREATE UNIQUE INDEX form_submissions_one_open ON form_submissions (form_id, subject_type, subject_id, worker_id) WHERE status IN ('draft', 'returned');
