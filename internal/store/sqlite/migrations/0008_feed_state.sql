-- What the feed poller remembers of each feed, so that a restart sends
-- conditional GETs, skips the items already handled and keeps backing off
-- a failing feed. One row per feed: seen and attempts are JSON objects
-- (item key to first-seen Unix nanoseconds, item key to failed tries),
-- bounded by the store before they are written. Times are Unix nanoseconds.
CREATE TABLE feed_states (
	feed_url      TEXT PRIMARY KEY,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	seen          TEXT NOT NULL DEFAULT '{}',
	attempts      TEXT NOT NULL DEFAULT '{}',
	failures      INTEGER NOT NULL DEFAULT 0,
	next_poll     INTEGER NOT NULL DEFAULT 0,
	saved_at      INTEGER NOT NULL
);
