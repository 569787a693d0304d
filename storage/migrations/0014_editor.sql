-- (Numbered 0014: 0013 and 0015 belong to other branches.)
-- language is the primary subtag of an entry's language ("fr", "en"), found
-- once when it is stored; '' when unknown, as for the entries stored before.
ALTER TABLE entries ADD COLUMN language TEXT NOT NULL DEFAULT '';
-- title is the title the source's feed gives itself, as of its last fetch
-- that stored entries: context for the guarded terms of curation.
ALTER TABLE sources ADD COLUMN title TEXT NOT NULL DEFAULT '';
-- decisions are an editor's, one per entry and feed (veille select, veille
-- reject): selected 1 selects the entry whatever its score, 0 never. They
-- outlive every recomputation of the feed's selection; decided is when the
-- editor made it, in unix seconds.
CREATE TABLE decisions (
	feed     TEXT    NOT NULL,
	entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
	selected INTEGER NOT NULL,
	decided  INTEGER NOT NULL,
	PRIMARY KEY (feed, entry_id)
) STRICT, WITHOUT ROWID;
