package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/summit-digest/summit-digest/internal/digest"
	"github.com/summit-digest/summit-digest/internal/store"
	"github.com/summit-digest/summit-digest/internal/store/sqlite"
	"github.com/summit-digest/summit-digest/internal/store/storetest"
)

// mustOpen opens a store on path and closes it when the test ends.
func mustOpen(tb testing.TB, path string, now func() time.Time) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{Now: now})
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return s
}

func newDB(tb testing.TB) storetest.DB {
	path := filepath.Join(tb.TempDir(), "summit.db")
	return storetest.DB{
		Open: func(tb testing.TB, now func() time.Time) store.Store { return mustOpen(tb, path, now) },
		FailInserts: func(tb testing.TB, table string) {
			db, err := sql.Open("sqlite", "file:"+path)
			if err != nil {
				tb.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`CREATE TRIGGER fail_` + table + ` BEFORE INSERT ON ` + table +
				` BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END`); err != nil {
				tb.Fatal(err)
			}
		},
	}
}

func TestConformance(t *testing.T) {
	storetest.Run(t, newDB)
}

func TestMemory(t *testing.T) {
	s := mustOpen(t, sqlite.Memory, nil)
	if err := s.SaveSummit(context.Background(), store.Summit{Slug: "x", Title: "X"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Summits(context.Background())
	if err != nil || len(got) != 1 {
		t.Errorf("Summits() on a memory store = %v, %v; want the one saved", got, err)
	}
}

// TestCommonWords checks phrase search where some words stand in most
// quotes: they are left out when rarer words remain, and a search of common
// words only still answers.
func TestCommonWords(t *testing.T) {
	ctx := context.Background()
	// Common past 1 quote, very common (left out of all-words searches) past 5.
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "summit.db"), sqlite.Options{CommonWords: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	texts := []string{"The plan is final", "The war must end", "The talks go on", "Naive hopes of the past",
		"The end is near", "The talks must end"}
	for i, text := range texts {
		e := digest.Extraction{
			Article: digest.Article{URL: fmt.Sprintf("https://x.example/%d", i), Title: "T", Text: text,
				Published: time.Date(2025, 9, 1+i, 0, 0, 0, 0, time.UTC)},
			Quotes: []digest.Quote{{Speaker: "Mark Rutte", Text: text, Kind: digest.Direct}},
		}
		if _, err := s.SaveExtraction(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		phrase string
		want   []string
	}{
		// "the" is in all six: left out, "naive" decides.
		{"the naive", []string{"Naive hopes of the past"}},
		{"the war", []string{"The war must end"}},
		// Common words both, kept: only quotes with both, newest first on a tie.
		{"must end", []string{"The talks must end", "The war must end"}},
		// No quote has every word: any of the rarer ones.
		{"the war is over", []string{"The war must end"}},
		// "the" only: still answered, ranked among the newest matches
		// (shorter quotes first, then newest).
		{"the", []string{"The talks must end", "The end is near", "The talks go on", "The war must end", "The plan is final", "Naive hopes of the past"}},
	}
	for _, tt := range tests {
		hits, err := s.QuotesByPhrase(ctx, tt.phrase, store.Search{})
		if err != nil {
			t.Fatalf("QuotesByPhrase(%q): %v", tt.phrase, err)
		}
		var got []string
		for _, h := range hits {
			got = append(got, h.Text)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("QuotesByPhrase(%q) (-want +got):\n%s", tt.phrase, diff)
		}
	}
}
