-- Intake reads configuration that rarely changes — the category taxonomy, the
-- responsibility list, working calendars, settings, the jurisdiction tree with
-- its boundaries, department names — on every new case. Each server process
-- keeps a copy and checks one number per request: the configuration version,
-- raised in the same transaction as any change to those tables, whichever
-- process (or person at a psql prompt) makes it.
--
-- The number comes from a sequence, so no two states of the configuration
-- share one; the row is what readers see, so a reader never sees the new
-- number before the change it stands for has committed.
CREATE SEQUENCE configuration_version_numbers;

CREATE TABLE configuration_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version   bigint NOT NULL
);
INSERT INTO configuration_version (version) VALUES (nextval('configuration_version_numbers'));

CREATE FUNCTION raise_configuration_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE configuration_version SET version = nextval('configuration_version_numbers');
  RETURN NULL;
END
$$;

-- Once per statement, not per row: an import of a thousand grids raises it once.
CREATE TRIGGER configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_categories
  FOR EACH STATEMENT EXECUTE FUNCTION raise_configuration_version();
CREATE TRIGGER configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON responsibility_rules
  FOR EACH STATEMENT EXECUTE FUNCTION raise_configuration_version();
CREATE TRIGGER configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON working_calendars
  FOR EACH STATEMENT EXECUTE FUNCTION raise_configuration_version();
CREATE TRIGGER configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON working_calendar_days
  FOR EACH STATEMENT EXECUTE FUNCTION raise_configuration_version();
CREATE TRIGGER configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_settings
  FOR EACH STATEMENT EXECUTE FUNCTION raise_configuration_version();
CREATE TRIGGER configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON jurisdictions
  FOR EACH STATEMENT EXECUTE FUNCTION raise_configuration_version();
CREATE TRIGGER configuration_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON departments
  FOR EACH STATEMENT EXECUTE FUNCTION raise_configuration_version();
