-- How many quotes each folded word stands in, kept by triggers as quotes
-- come and go. A phrase search leaves out the very common words when rarer
-- ones remain; counting each word in the full-text index took one query
-- per word, a quarter of a search. Folded text is letters and digits
-- separated by single spaces, so it splits into a JSON array as it is, and
-- each word is one FTS5 token.
CREATE TABLE quote_words (
	word   TEXT PRIMARY KEY,
	quotes INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO quote_words (word, quotes)
	SELECT w.value, COUNT(DISTINCT q.id)
	FROM quotes q, json_each('["' || replace(q.folded, ' ', '","') || '"]') w
	WHERE w.value <> ''
	GROUP BY w.value;

CREATE TRIGGER quote_words_insert AFTER INSERT ON quotes BEGIN
	INSERT INTO quote_words (word, quotes)
		SELECT DISTINCT value, 1 FROM json_each('["' || replace(new.folded, ' ', '","') || '"]') WHERE value <> ''
		ON CONFLICT (word) DO UPDATE SET quotes = quotes + 1;
END;

CREATE TRIGGER quote_words_delete AFTER DELETE ON quotes BEGIN
	UPDATE quote_words SET quotes = quotes - 1
		WHERE word IN (SELECT value FROM json_each('["' || replace(old.folded, ' ', '","') || '"]'));
	DELETE FROM quote_words
		WHERE quotes <= 0 AND word IN (SELECT value FROM json_each('["' || replace(old.folded, ' ', '","') || '"]'));
END;
