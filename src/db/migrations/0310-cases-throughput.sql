-- Case intake and queues at volume (issue 5, bench/cases-intake.ts and
-- bench/cases-queues.ts).

-- Appending to the audit chain in one statement. Every entry is chained under
-- one lock, held until its transaction commits, so the entries written while
-- it is held are the throughput of every audited write. Taking the lock,
-- reading the last entry and inserting the next from the client cost three
-- round trips under the lock; this function does them in one. Each statement
-- of a volatile function takes a fresh snapshot, so the last entry is read
-- after the lock is held, as before.
--
-- The hash is the one src/kernel/audit/audit.ts computes (auditHash): SHA-256
-- of the entry's canonical JSON. The caller sends that JSON in three pieces
-- around the two values only known here — the id and the previous hash — and
-- this function joins them, so verifyAuditChain checks these entries unchanged.
CREATE FUNCTION audit_log_append(
  chain_lock     bigint,
  canonical      text[],
  p_at           timestamptz,
  p_actor_user_id uuid,
  p_actor_token_id uuid,
  p_actor        text,
  p_role         text,
  p_scope        text,
  p_action       text,
  p_target_type  text,
  p_target_ids   text[],
  p_purpose      text,
  p_ip           text,
  p_request_id   text,
  p_outcome      text,
  p_details      jsonb
) RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  last_id   bigint;
  last_hash text;
BEGIN
  PERFORM pg_advisory_xact_lock(chain_lock);
  SELECT id, hash INTO last_id, last_hash FROM audit_log ORDER BY id DESC LIMIT 1;
  last_id := coalesce(last_id, 0) + 1;
  last_hash := coalesce(last_hash, repeat('0', 64));
  INSERT INTO audit_log (id, at, actor_user_id, actor_token_id, actor, role, scope, action, target_type, target_ids,
                         purpose, ip, request_id, outcome, details, prev_hash, hash)
  VALUES (last_id, p_at, p_actor_user_id, p_actor_token_id, p_actor, p_role, p_scope, p_action, p_target_type, p_target_ids,
          p_purpose, p_ip, p_request_id, p_outcome, p_details, last_hash,
          encode(sha256(convert_to(canonical[1] || last_id::text || canonical[2] || last_hash || canonical[3], 'UTF8')), 'hex'));
  RETURN last_id;
END;
$$;

-- The queues over years of history. A unit's inbox (its cases in some states,
-- the nearest limit first) and the overdue board (open clocks past due in a
-- place, the most overdue first) read a few thousand open cases among a
-- million finished ones. These indexes hold them in the order the pages show
-- them, with the columns the scope filter reads, so a page is the first rows
-- of one index range and its total a count over that range, without visiting
-- the table for every candidate.
DROP INDEX cases_unit_department;
CREATE INDEX cases_unit_department ON cases (unit_department_id, status, next_due_at, id) INCLUDE (jurisdiction_path);
DROP INDEX cases_unit_jurisdiction;
CREATE INDEX cases_unit_jurisdiction ON cases (unit_jurisdiction_code, status, next_due_at, id) INCLUDE (jurisdiction_path);
DROP INDEX cases_next_due;
CREATE INDEX cases_next_due ON cases (next_due_at, id) INCLUDE (jurisdiction_path, escalation_level) WHERE next_due_at IS NOT NULL;
