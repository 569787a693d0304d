-- The web site of each source, as its feed links it (RSS channel <link>,
-- Atom alternate link, JSON Feed home_page_url): OPML exports carry it as
-- htmlUrl, which readers use for the site's name and icon.
ALTER TABLE sources ADD COLUMN site_url TEXT NOT NULL DEFAULT '';
