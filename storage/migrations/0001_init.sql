-- Sources are the configured feeds, keyed by their name in config.yaml, with
-- the state of their last fetch (validators for conditional GET, status).
CREATE TABLE sources (
	id            INTEGER PRIMARY KEY,
	name          TEXT    NOT NULL UNIQUE,
	url           TEXT    NOT NULL,
	etag          TEXT    NOT NULL DEFAULT '',
	last_modified TEXT    NOT NULL DEFAULT '',
	checked_at    INTEGER,              -- unix seconds of the last attempt
	succeeded_at  INTEGER,              -- unix seconds of the last success
	status        TEXT    NOT NULL DEFAULT '',
	error         TEXT    NOT NULL DEFAULT '',
	failures      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Entries are the normalized items. uid is the stable identity; link is
-- unique too so that one article listed by two feeds is stored once.
CREATE TABLE entries (
	id         INTEGER PRIMARY KEY,
	uid        TEXT    NOT NULL UNIQUE,
	source_id  INTEGER NOT NULL REFERENCES sources(id),
	guid       TEXT    NOT NULL,
	link       TEXT    UNIQUE,          -- NULL when the item has no link
	title      TEXT    NOT NULL,
	summary    TEXT    NOT NULL,
	content    TEXT    NOT NULL,
	author     TEXT    NOT NULL,
	categories TEXT    NOT NULL,        -- JSON array of strings
	published  INTEGER,                 -- unix seconds; NULL when unknown
	updated    INTEGER,
	fetched    INTEGER NOT NULL,
	sort_time  INTEGER NOT NULL         -- see Entry.SortTime
) STRICT;
CREATE INDEX entries_recent ON entries(sort_time DESC, id DESC);
CREATE INDEX entries_source ON entries(source_id);

-- Selections are the entries each curated feed selects, with the terms that
-- matched, so that publishing is one indexed query.
CREATE TABLE selections (
	feed      TEXT    NOT NULL,
	entry_id  INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
	sort_time INTEGER NOT NULL,
	terms     TEXT    NOT NULL,         -- JSON array of strings
	PRIMARY KEY (feed, entry_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX selections_recent ON selections(feed, sort_time DESC, entry_id DESC);

-- Curations records, per feed, the fingerprint of the rules its selections
-- were computed with; a different fingerprint means they must be recomputed.
CREATE TABLE curations (
	feed        TEXT NOT NULL PRIMARY KEY,
	fingerprint TEXT NOT NULL
) STRICT;
