-- Claims read only the items stored since the schedule's last claim: items
-- are numbered in the order they were stored (seq), and each schedule keeps
-- how far its claims have read (scanned_seq), each claim where it began
-- (from_seq, to which a release moves the schedule back).
ALTER TABLE items ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE items SET seq = n.n FROM (SELECT key, row_number() OVER (ORDER BY first_seen, key) AS n FROM items) AS n WHERE items.key = n.key;
CREATE INDEX items_seq ON items (seq);
ALTER TABLE schedules ADD COLUMN scanned_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN from_seq BIGINT NOT NULL DEFAULT 0;
