-- fetch_url is where the source has moved permanently (301/308), used
-- instead of url until the configured URL changes; '' when it has not.
ALTER TABLE sources ADD COLUMN fetch_url TEXT NOT NULL DEFAULT '';
