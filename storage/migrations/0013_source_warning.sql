-- What was wrong with the last feed read when its items were recovered
-- from a document that is not well-formed (truncated, a broken CDATA
-- section, a raw "&"): the source is ok, with this warning for its
-- publisher to hear of; '' when the feed was well-formed.
ALTER TABLE sources ADD COLUMN warning TEXT NOT NULL DEFAULT '';
