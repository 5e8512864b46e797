-- Counters that caches check: "speakers" is bumped by every change to the
-- speaker table, so a store can keep the table in memory for name search.
CREATE TABLE counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('speakers', 0);
