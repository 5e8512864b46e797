package slackapp

import (
	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/slackapp/blockkit"
	"github.com/summit-digest/summit-digest/internal/store"
)

// searchLimit is how many quotes one who-said answer counts: a page to show
// and what follows it, so the answer can say how many there are and whether
// a "More" button is needed. The store has no count query and reading more
// rows would slow every answer, so past it the count is a lower bound, and
// says so ("50+").
const searchLimit = 50

// searchPage reads a page of hits at offset with search and places it in the
// result: one row past searchLimit tells "exactly 50" from "more than 50".
func searchPage(query string, offset int, search func(store.Search) ([]store.QuoteHit, error)) ([]store.QuoteHit, blockkit.Page, error) {
	hits, err := search(store.Search{Limit: searchLimit + 1, Offset: offset})
	if err != nil {
		return nil, blockkit.Page{}, err
	}
	page := blockkit.Page{Query: query, Offset: offset}
	if len(hits) > searchLimit {
		hits, page.AtLeast = hits[:searchLimit], true
	}
	page.Total = offset + len(hits)
	return hits, page, nil
}

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
