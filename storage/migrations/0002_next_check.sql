-- next_check is the earliest time (unix seconds) the source may be fetched
-- again: its backoff after failures, its Retry-After, or the lifetime it
-- asked for (Cache-Control max-age, RSS ttl). NULL means "now".
ALTER TABLE sources ADD COLUMN next_check INTEGER;
