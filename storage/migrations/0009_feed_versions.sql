-- The version of each published feed: a hash of its bytes, dates left out,
-- and when a publish last changed them. Last-Modified, RSS <lastBuildDate>
-- and Atom <updated> are that time, so that they move exactly when the
-- bytes do, a restart included.
CREATE TABLE feed_versions (
	slug    TEXT    PRIMARY KEY,
	hash    TEXT    NOT NULL,
	changed INTEGER NOT NULL     -- unix seconds
) STRICT;
