package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/summit-digest/summit-digest/internal/digest"
)

// TestQuoteWordsFollowTheIndex checks that the word counts kept at ingest
// for phrase search (quote_words) are those the full-text index gives,
// after new articles, an article stored again with other quotes, and a
// forgotten one.
func TestQuoteWordsFollowTheIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "summit.db")
	s := mustOpen(t, path, nil)
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	twoQuotes := quoted(3, "Kaja Kallas", "Russia is the threat, and the threat is Russia")
	twoQuotes.Quotes = append(twoQuotes.Quotes, digest.Quote{Speaker: "Kaja Kallas", Text: "Ukraine needs air defence now", Kind: digest.Direct})
	steps := []struct {
		name   string
		ext    digest.Extraction
		forget bool
	}{
		{name: "first article", ext: quoted(1, "Mark Rutte", "We must not be naive about Russia")},
		{name: "accents and case", ext: quoted(2, "Mark Rutte", "Naïve hopes help NOBODY, not even Zelenskyy's")},
		{name: "two quotes, a word repeated", ext: twoQuotes},
		{name: "first article with another quote", ext: quoted(1, "Mark Rutte", "Russia must not win")},
		{name: "second article forgotten", ext: quoted(2, "", ""), forget: true},
	}
	for _, st := range steps {
		if st.forget {
			if _, err := s.Forget(ctx, st.ext.Article.URL); err != nil {
				t.Fatalf("%s: Forget: %v", st.name, err)
			}
		} else if _, err := s.SaveExtraction(ctx, st.ext); err != nil {
			t.Fatalf("%s: SaveExtraction: %v", st.name, err)
		}
		kept := map[string]int64{}
		rows, err := db.QueryContext(ctx, `SELECT word, quotes FROM quote_words`)
		if err != nil {
			t.Fatalf("%s: read quote_words: %v", st.name, err)
		}
		for rows.Next() {
			var w string
			var n int64
			if err := rows.Scan(&w, &n); err != nil {
				t.Fatal(err)
			}
			kept[w] = n
		}
		rows.Close()
		indexed := map[string]int64{}
		rows, err = db.QueryContext(ctx, `SELECT folded FROM quotes`)
		if err != nil {
			t.Fatal(err)
		}
		var words []string
		for rows.Next() {
			var f string
			if err := rows.Scan(&f); err != nil {
				t.Fatal(err)
			}
			words = append(words, f)
		}
		rows.Close()
		for _, f := range words {
			for _, w := range strings.Fields(f) {
				if _, ok := indexed[w]; ok {
					continue
				}
				var n int64
				if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH ?`, `"`+w+`"`).Scan(&n); err != nil {
					t.Fatalf("%s: count %q: %v", st.name, w, err)
				}
				indexed[w] = n
			}
		}
		if kept["russia"] == 0 {
			t.Errorf("%s: quote_words has no count for \"russia\", said in every step", st.name)
		}
		if diff := cmp.Diff(indexed, kept); diff != "" {
			t.Errorf("%s: quote_words differs from the full-text index (-index +kept):\n%s", st.name, diff)
		}
	}
}
