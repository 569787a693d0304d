-- (Numbered 0010, not 0009: another branch adds a 0009 of its own.)
-- evidence is what a merged selection shares with its link (the entry it
-- was found most like), as a JSON object of words, names and figures, or
-- {"same_link":true}: recorded when the story is found, so that explaining
-- a merge (veille items -why) costs a read, not a comparison again.
ALTER TABLE selections ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
-- unmerged lists the selections an editor took out of their story (veille
-- unmerge): each stays a story of its own whenever the feed's stories are
-- computed again.
CREATE TABLE unmerged (
	feed     TEXT    NOT NULL,
	entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
	PRIMARY KEY (feed, entry_id)
) STRICT, WITHOUT ROWID;
