-- The original HTML of each item was stored besides its summary and never
-- read again: it was more than half of each row. Its text is the summary;
-- the article page's HTML, when fetched, stays in article_html.
ALTER TABLE entries DROP COLUMN content;
-- Deleting an entry cascades to its selections, and loading the matches of
-- a page of entries looks them up by entry: both need this index.
CREATE INDEX selections_entry ON selections(entry_id);
