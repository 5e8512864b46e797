-- Claims read only the items stored since the schedule's last claim: items
-- are numbered in the order they were stored (seq), and each schedule keeps
-- how far its claims have read (scanned_seq), each claim where it began
-- (from_seq, to which a release moves the schedule back).
ALTER TABLE items ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE items SET seq = rowid;
CREATE INDEX items_seq ON items (seq);
ALTER TABLE schedules ADD COLUMN scanned_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN from_seq INTEGER NOT NULL DEFAULT 0;
