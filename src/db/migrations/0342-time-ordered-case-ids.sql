-- Case records get time-ordered ids (UUID version 7, RFC 9562) instead of
-- random ones. A random key lands on a random leaf of every index over it, so
-- at intake rates the whole of each such index is the working set: its pages
-- are evicted dirty, written back and read again, and after every checkpoint
-- nearly each insert logs full-page images of leaves it has not touched since.
-- Keys in creation order go to the right-hand edge of the index, a few hot
-- pages. The server makes new case ids itself (it needs them before the
-- insert); the tables' own defaults cover the rows it leaves to the database.
--
-- PostgreSQL 18 has uuidv7() built in; 15 has not, so this is written out:
-- the 48-bit Unix time in milliseconds over the first six bytes of a random
-- (version 4) UUID, and the version nibble turned from 4 (0100) to 7 (0111).
CREATE FUNCTION time_ordered_uuid() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;

ALTER TABLE cases ALTER COLUMN id SET DEFAULT time_ordered_uuid();
ALTER TABLE case_reporters ALTER COLUMN id SET DEFAULT time_ordered_uuid();
ALTER TABLE case_deadlines ALTER COLUMN id SET DEFAULT time_ordered_uuid();
ALTER TABLE case_attachments ALTER COLUMN id SET DEFAULT time_ordered_uuid();
ALTER TABLE case_escalations ALTER COLUMN id SET DEFAULT time_ordered_uuid();
ALTER TABLE case_supervisions ALTER COLUMN id SET DEFAULT time_ordered_uuid();
ALTER TABLE case_whistles ALTER COLUMN id SET DEFAULT time_ordered_uuid();
ALTER TABLE case_summons ALTER COLUMN id SET DEFAULT time_ordered_uuid();
ALTER TABLE case_ratings ALTER COLUMN id SET DEFAULT time_ordered_uuid();
ALTER TABLE case_rectifications ALTER COLUMN id SET DEFAULT time_ordered_uuid();
