package digest

// Extract finds the speakers, quotes, statements, decisions, times and a
// summary of one article. It is deterministic and safe on any input.
//
// TODO(extraction): the engine is being written; this returns the article alone.
func Extract(a Article) Extraction {
	return Extraction{Article: a}
}
