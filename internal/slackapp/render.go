package slackapp

import (
	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
	"github.com/summit-digest/summit-digest/internal/store"
)

// searchLimit is how many quotes one who-said search reads: a page to show
// and what follows it, so the answer can say how many there are and whether
// a "More" button is needed. Past it the count shown is a lower bound (the
// store has no count query); reading more rows would slow every answer.
const searchLimit = 50

// quoteItems joins the store's search hits into what blockkit renders.
func quoteItems(hits []store.QuoteHit) []blockkit.QuoteItem {
	items := make([]blockkit.QuoteItem, len(hits))
	for i, h := range hits {
		items[i] = blockkit.QuoteItem{
			Quote:     h.Quote,
			Role:      h.Role,
			ArticleID: h.Article.ArticleID,
			Title:     h.Article.Title,
			URL:       h.Article.URL,
			Source:    h.Article.Source,
			Published: h.Article.Published,
		}
	}
	return items
}

// speakerCounts turns the store's speaker list into the digest's shape.
func speakerCounts(sp []store.SpeakerInfo) []digest.SpeakerCount {
	out := make([]digest.SpeakerCount, len(sp))
	for i, s := range sp {
		out[i] = digest.SpeakerCount{Speaker: s.Speaker, Quotes: s.Quotes, Statements: s.Statements}
	}
	return out
}
