-- What the last feed read held: its item count and how many of those were
-- older than retention and so not stored. A source fetched "ok" with no
-- entry can then say why (`veille sources`: "ok, 50 items older than
-- retention") instead of looking broken.
ALTER TABLE sources ADD COLUMN items INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
