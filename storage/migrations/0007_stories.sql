-- Each selection belongs to a story: the copies of one news story that a
-- feed publishes once. story is the entry id of the story's first stored
-- item; link the entry it was found most like, and score their similarity
-- (NULL and 0 for the first of a story); lead marks the item that
-- represents the story in the feed, its earliest report. They are set when
-- an entry is stored, so a publish reads the newest leads and their copies
-- instead of grouping the feed again.
ALTER TABLE selections ADD COLUMN story INTEGER NOT NULL DEFAULT 0;
ALTER TABLE selections ADD COLUMN link INTEGER;
ALTER TABLE selections ADD COLUMN score REAL NOT NULL DEFAULT 0;
ALTER TABLE selections ADD COLUMN lead INTEGER NOT NULL DEFAULT 1;
UPDATE selections SET story = entry_id;
CREATE INDEX selections_leads ON selections(feed, sort_time DESC, entry_id DESC) WHERE lead = 1;
CREATE INDEX selections_story ON selections(feed, story);
-- grouped names how a feed's stories were computed; another value (a new
-- threshold, a recomputed selection) means they must be computed again.
ALTER TABLE curations ADD COLUMN grouped TEXT NOT NULL DEFAULT '';
-- state keeps single values of the whole database: the fingerprint of the
-- last publish, so that a pass that changed nothing publishes nothing.
CREATE TABLE state (
	key   TEXT NOT NULL PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
