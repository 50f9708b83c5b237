-- Appending a group of audit entries at once (a group of new cases, each with
-- its entry). Calling audit_log_append once per entry repeats, for every
-- entry, the lookup of the last entry and an INSERT of one row; this takes the
-- chain's lock and reads the last entry once, chains the hashes in order, and
-- inserts every entry in one statement. The hash of each entry is the one
-- audit_log_append computes (see 0310-cases-throughput.sql), so
-- verifyAuditChain checks these entries unchanged.
--
-- `entries` is a JSON array of objects with the stored fields (at, actor_user_id,
-- actor_token_id, actor, role, scope, action, target_type, target_ids, purpose,
-- ip, request_id, outcome, details) and `canonical`: the entry's canonical JSON
-- in three pieces around its id and its previous hash. Returns the first id.
CREATE FUNCTION audit_log_append_many(chain_lock bigint, entries jsonb) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  last_id   bigint;
  last_hash text;
  first_id  bigint;
  entry     jsonb;
  previous  text[] := '{}';
  hashes    text[] := '{}';
BEGIN
  PERFORM pg_advisory_xact_lock(chain_lock);
  SELECT id, hash INTO last_id, last_hash FROM audit_log ORDER BY id DESC LIMIT 1;
  last_id := coalesce(last_id, 0);
  last_hash := coalesce(last_hash, repeat('0', 64));
  first_id := last_id + 1;
  FOR entry IN SELECT e FROM jsonb_array_elements(entries) WITH ORDINALITY AS given (e, position) ORDER BY position LOOP
    previous := previous || last_hash;
    last_id := last_id + 1;
    last_hash := encode(sha256(convert_to((entry->'canonical'->>0) || last_id::text || (entry->'canonical'->>1) || last_hash
                                          || (entry->'canonical'->>2), 'UTF8')), 'hex');
    hashes := hashes || last_hash;
  END LOOP;
  INSERT INTO audit_log (id, at, actor_user_id, actor_token_id, actor, role, scope, action, target_type, target_ids,
                         purpose, ip, request_id, outcome, details, prev_hash, hash)
  SELECT first_id + position - 1, (e->>'at')::timestamptz, (e->>'actor_user_id')::uuid, (e->>'actor_token_id')::uuid, e->>'actor',
         e->>'role', e->>'scope', e->>'action', e->>'target_type', ARRAY(SELECT jsonb_array_elements_text(e->'target_ids')),
         e->>'purpose', e->>'ip', e->>'request_id', e->>'outcome', nullif(e->'details', 'null'::jsonb), previous[position], hashes[position]
  FROM jsonb_array_elements(entries) WITH ORDINALITY AS given (e, position);
  RETURN first_id;
END;
$$;
