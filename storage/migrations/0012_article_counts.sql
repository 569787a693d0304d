-- veille sources counts, per source, the entries whose article page gave
-- their lead and those whose page failed: a few among all the entries. This
-- index holds only those, so that counting them does not read every entry
-- (the daemon counts after each pass; a table scan at 10^6 entries).
CREATE INDEX entries_articles ON entries(source_id, summary_source)
	WHERE summary_source = 'article' OR article_error <> '';
