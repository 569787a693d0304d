-- How each entry's summary was obtained: 'feed' (a real lead in the feed),
-- 'teaser' (the feed gave a teaser: the article page is wanted), 'article'
-- (the lead of the article page) or 'fallback' (the article page failed too
-- often: the feed's text stays). article_html is the article's sanitized
-- HTML, article_tries and article_error the failed attempts.
ALTER TABLE entries ADD COLUMN summary_source TEXT NOT NULL DEFAULT 'feed';
ALTER TABLE entries ADD COLUMN article_html TEXT NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN article_tries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN article_error TEXT NOT NULL DEFAULT '';
CREATE INDEX entries_teasers ON entries(summary_source) WHERE summary_source = 'teaser';
