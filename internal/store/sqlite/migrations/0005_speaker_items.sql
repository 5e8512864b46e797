-- The speaker list counts each speaker's distinct items: with item_key in
-- the index the count reads the index alone, in order, with no lookup of
-- each quote and no sort (over 100,000 quotes it took most of a second).
CREATE INDEX quotes_speaker_item ON quotes (speaker_id, item_key);
CREATE INDEX statements_speaker_item ON statements (speaker_id, item_key);
DROP INDEX statements_speaker;
