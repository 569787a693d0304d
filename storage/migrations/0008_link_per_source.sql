-- veille: foreign_keys off
-- An article link was unique across all sources: the first source to list a
-- link kept it, and another source's item with the same link (the outlet's
-- own, listed later) was dropped. A link is now unique per source; the
-- copies of one link are one story (see the pipeline), credited to the
-- source whose site serves it. SQLite cannot drop a UNIQUE constraint, so
-- the table is rebuilt (https://sqlite.org/lang_altertable.html, "Making
-- Other Kinds Of Table Schema Changes"), foreign keys off meanwhile so that
-- dropping the old table does not cascade to the selections.
CREATE TABLE entries_new (
	id             INTEGER PRIMARY KEY,
	uid            TEXT    NOT NULL UNIQUE,
	source_id      INTEGER NOT NULL REFERENCES sources(id),
	guid           TEXT    NOT NULL,
	link           TEXT,                 -- NULL when the item has no link
	title          TEXT    NOT NULL,
	summary        TEXT    NOT NULL,
	author         TEXT    NOT NULL,
	categories     TEXT    NOT NULL,     -- JSON array of strings
	published      INTEGER,              -- unix seconds; NULL when unknown
	updated        INTEGER,
	fetched        INTEGER NOT NULL,
	sort_time      INTEGER NOT NULL,     -- see veille.Item.SortTime
	summary_source TEXT    NOT NULL DEFAULT 'feed',
	article_html   TEXT    NOT NULL DEFAULT '',
	article_tries  INTEGER NOT NULL DEFAULT 0,
	article_error  TEXT    NOT NULL DEFAULT '',
	UNIQUE (link, source_id)
) STRICT;
INSERT INTO entries_new (id, uid, source_id, guid, link, title, summary, author, categories, published,
	updated, fetched, sort_time, summary_source, article_html, article_tries, article_error)
SELECT id, uid, source_id, guid, link, title, summary, author, categories, published,
	updated, fetched, sort_time, summary_source, article_html, article_tries, article_error FROM entries;
DROP TABLE entries;
ALTER TABLE entries_new RENAME TO entries;
CREATE INDEX entries_recent ON entries(sort_time DESC, id DESC);
CREATE INDEX entries_source ON entries(source_id);
CREATE INDEX entries_teasers ON entries(summary_source) WHERE summary_source = 'teaser';
