-- An open claim is held by one run until lease_until (Unix nanoseconds):
-- the run that made it, or the last to take it over to finish a digest
-- posted in part. Until then no other run may take it over, so no two runs
-- post the missing parts of one digest. Claims made before this hold 0, a
-- lease long ended.
ALTER TABLE claims ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
