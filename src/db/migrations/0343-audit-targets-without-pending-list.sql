-- The audit log's index of target ids takes every entry as it is written
-- instead of through GIN's pending list. With the pending list, entries
-- collected cheaply until it held 4 MB (gin_pending_list_limit) — about
-- 75,000 entries, a minute of intake at 1,000 cases/s — and then the insert
-- that crossed the limit merged them all into the index in the foreground:
-- one 0.2–0.3 s statement, growing with the index, while it held the audit
-- chain's lock, so every writer waited. The targets are mostly time-ordered
-- case ids (migration 0342), which go into the index at its right-hand edge,
-- so writing them straight in costs about what the pending list did on average.
ALTER INDEX audit_log_targets SET (fastupdate = off);
-- Entries already pending would otherwise wait for a vacuum.
SELECT gin_clean_pending_list('audit_log_targets'::regclass);
