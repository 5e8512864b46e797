-- Times are Unix nanoseconds (0 = unknown), as in the PostgreSQL store, so
-- that both run the same statements.

CREATE TABLE summits (
	slug     TEXT PRIMARY KEY,
	title    TEXT NOT NULL,
	keywords TEXT NOT NULL -- JSON array
);

CREATE TABLE speakers (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL,
	folded  TEXT NOT NULL,
	role    TEXT NOT NULL DEFAULT '',
	aliases TEXT NOT NULL DEFAULT '[]' -- JSON array
);
CREATE INDEX speakers_folded ON speakers (folded);

CREATE TABLE articles (
	id         TEXT PRIMARY KEY,
	key        TEXT NOT NULL UNIQUE, -- canonical URL, or text hash
	url        TEXT NOT NULL,
	source     TEXT NOT NULL,
	title      TEXT NOT NULL,
	author     TEXT NOT NULL,
	published  INTEGER NOT NULL,
	text       TEXT NOT NULL,
	text_hash  TEXT NOT NULL,
	summit     TEXT NOT NULL,
	extra      TEXT NOT NULL, -- JSON: speakers as written, timeline, summary
	stored_at  INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	sort_at    INTEGER NOT NULL -- published, else stored: "newest first"
);
CREATE INDEX articles_text_hash ON articles (text_hash);
CREATE INDEX articles_url ON articles (url);
CREATE INDEX articles_source ON articles (source);
CREATE INDEX articles_updated ON articles (updated_at);
CREATE INDEX articles_summit ON articles (summit, updated_at);

-- items outlive the articles that carried them, so that coverage already
-- posted is never new again after a forget and a re-ingest.
CREATE TABLE items (
	key        TEXT PRIMARY KEY,
	kind       TEXT NOT NULL,
	first_seen INTEGER NOT NULL
);
CREATE INDEX items_first_seen ON items (first_seen);

CREATE TABLE quotes (
	id          INTEGER PRIMARY KEY,
	article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	item_key    TEXT NOT NULL,
	speaker_id  INTEGER REFERENCES speakers (id),
	speaker     TEXT NOT NULL, -- as the article names them
	text        TEXT NOT NULL,
	folded      TEXT NOT NULL,
	kind        TEXT NOT NULL,
	clock       TEXT NOT NULL,
	sentence    TEXT NOT NULL,
	byte_offset INTEGER NOT NULL,
	sort_at     INTEGER NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id, pos);
CREATE INDEX quotes_speaker ON quotes (speaker_id, sort_at, clock);
CREATE INDEX quotes_item ON quotes (item_key);

-- The folded text is indexed, so search ignores case and accents alike in
-- both stores.
CREATE VIRTUAL TABLE quotes_fts USING fts5 (folded, content = 'quotes', content_rowid = 'id');
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
	INSERT INTO quotes_fts (rowid, folded) VALUES (new.id, new.folded);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
	INSERT INTO quotes_fts (quotes_fts, rowid, folded) VALUES ('delete', old.id, old.folded);
END;

CREATE TABLE statements (
	id          INTEGER PRIMARY KEY,
	article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	item_key    TEXT NOT NULL,
	speaker_id  INTEGER REFERENCES speakers (id),
	speaker     TEXT NOT NULL,
	text        TEXT NOT NULL,
	clock       TEXT NOT NULL,
	byte_offset INTEGER NOT NULL
);
CREATE INDEX statements_article ON statements (article_id, pos);
CREATE INDEX statements_speaker ON statements (speaker_id);
CREATE INDEX statements_item ON statements (item_key);

CREATE TABLE decisions (
	id          INTEGER PRIMARY KEY,
	article_id  TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	item_key    TEXT NOT NULL,
	actor       TEXT NOT NULL,
	text        TEXT NOT NULL,
	clock       TEXT NOT NULL,
	byte_offset INTEGER NOT NULL
);
CREATE INDEX decisions_article ON decisions (article_id, pos);
CREATE INDEX decisions_item ON decisions (item_key);

CREATE TABLE schedules (
	id          INTEGER PRIMARY KEY,
	channel     TEXT NOT NULL,
	summit      TEXT NOT NULL,
	spec        TEXT NOT NULL,
	timezone    TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	paused      BOOLEAN NOT NULL,
	last_posted INTEGER NOT NULL,
	UNIQUE (channel, summit, spec, timezone)
);

-- A claim is one scheduled digest: one per (schedule, slot); posted_at is 0
-- while it is open.
CREATE TABLE claims (
	id          INTEGER PRIMARY KEY,
	schedule_id INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
	slot        INTEGER NOT NULL,
	created_at  INTEGER NOT NULL,
	posted_at   INTEGER NOT NULL,
	ts          TEXT NOT NULL,
	UNIQUE (schedule_id, slot)
);
CREATE INDEX claims_open ON claims (posted_at, schedule_id);

-- The primary key is the exactly-once guarantee: an item goes into one
-- claim per schedule.
CREATE TABLE claim_items (
	schedule_id INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
	item_key    TEXT NOT NULL,
	claim_id    INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	kind        TEXT NOT NULL,
	PRIMARY KEY (schedule_id, item_key)
);
CREATE INDEX claim_items_claim ON claim_items (claim_id);

CREATE TABLE slack_events (
	id      TEXT PRIMARY KEY,
	seen_at INTEGER NOT NULL
);
CREATE INDEX slack_events_seen ON slack_events (seen_at);

CREATE TABLE channel_settings (
	channel TEXT NOT NULL,
	key     TEXT NOT NULL,
	value   TEXT NOT NULL,
	PRIMARY KEY (channel, key)
);
